package kql

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// parseExpr parses a scalar expression (no pipes).
func (p *parser) parseExpr() Expr {
	p.enter()
	// Every level below starts with the leftmost operand; most expressions
	// are that operand alone, and a token that ends an expression needs no
	// trip through the levels to find no operator.
	x := p.parseUnary()
	switch p.tok.Kind {
	case Comma, RParen, RBrack, RBrace, Pipe, Semi, EOF:
	default:
		x = p.parseOrFrom(x)
	}
	p.leave()
	return x
}

// Each parseXFrom continues the expression at its level from x, the
// leftmost operand already parsed.

func (p *parser) parseOrFrom(x Expr) Expr {
	x = p.parseAndFrom(x)
	for p.is("or") {
		pos := p.tok.Pos
		p.next()
		y := p.parseAnd()
		x = p.binary(x, pos, "or", y)
	}
	return x
}

func (p *parser) parseAnd() Expr { return p.parseAndFrom(p.parseUnary()) }

func (p *parser) parseAndFrom(x Expr) Expr {
	x = p.parseEqFrom(x)
	for p.is("and") {
		pos := p.tok.Pos
		p.next()
		y := p.parseEq()
		x = p.binary(x, pos, "and", y)
	}
	return x
}

// eqOp returns the equality-level operator at the current token, or "".
func (p *parser) eqOp() string {
	switch p.tok.Kind {
	case EqEq:
		return "=="
	case NotEq:
		return "!="
	case LtGt:
		return "<>"
	case Keyword, SymKeyword, IdentToken, OpName, FuncName:
		w := p.text(p.tok)
		switch w {
		case "in":
			if p.peekIs(1, "range") {
				return "" // make-series "in range(...)"
			}
			return w
		case "in~", "!in", "!in~", "has_any", "has_all", "between", "!between":
			return w
		}
	}
	return ""
}

func (p *parser) parseEq() Expr { return p.parseEqFrom(p.parseUnary()) }

func (p *parser) parseEqFrom(x Expr) Expr {
	x = p.parseRelFrom(x)
	op := p.eqOp()
	if op == "" {
		return x
	}
	x = p.parseEqRest(x, op)
	if op2 := p.eqOp(); op2 != "" {
		p.failChained(op, op2)
	}
	return x
}

// failChained reports the operator op2 right after an operand of op, of the
// same level: comparisons do not chain.
func (p *parser) failChained(op, op2 string) {
	p.fail(p.tok.Pos, p.tok.End, quote(op2)+" cannot follow "+quote(op)+" without parentheses")
}

func (p *parser) parseEqRest(x Expr, op string) Expr {
	pos := p.tok.Pos
	p.next()
	switch op {
	case "==", "!=", "<>":
		y := p.parseRel()
		return p.binary(x, pos, op, y)
	case "between", "!between":
		r := &RangeExpr{Lparen: p.expect(LParen)}
		r.Lo = p.parseExpr()
		p.expect(DotDot)
		r.Hi = p.parseExpr()
		r.Rparen = p.expect(RParen)
		return p.binary(x, pos, op, r)
	}
	l := p.listExprs.alloc()
	l.Lparen = p.expect(LParen)
	if p.tok.Kind == RParen {
		p.failExpected("an expression")
	}
	l.Elems = p.parseExprList(RParen)
	l.Rparen = p.expect(RParen)
	return p.binary(x, pos, op, l)
}

// parseExprList parses "e, e, ..." (each may be a pipeline) up to end.
func (p *parser) parseExprList(end TokenKind) []Expr {
	if p.tok.Kind == end {
		return nil
	}
	es := make([]Expr, 0, 4)
	first := p.parsePipeExpr(false)
	es = append(es, first)
	if pl, ok := first.(*Pipeline); ok && pl.Source == nil && p.tok.Kind == Comma {
		// A list that starts with an operator is one subquery.
		p.failExpected(quote(end.String()))
	}
	for p.tok.Kind == Comma {
		// After the first element the list holds values, not pipelines.
		p.next()
		es = append(es, p.parseExpr())
	}
	return es
}

func (p *parser) relOp() string {
	switch p.tok.Kind {
	case Lt:
		return "<"
	case Le:
		return "<="
	case Gt:
		return ">"
	case Ge:
		return ">="
	}
	return ""
}

func (p *parser) parseRel() Expr { return p.parseRelFrom(p.parseUnary()) }

func (p *parser) parseRelFrom(x Expr) Expr {
	x = p.parseAddFrom(x)
	op := p.relOp()
	if op == "" {
		return x
	}
	pos := p.tok.Pos
	p.next()
	y := p.parseAdd()
	x = p.binary(x, pos, op, y)
	if op2 := p.relOp(); op2 != "" {
		p.failChained(op, op2)
	}
	return x
}

func (p *parser) parseAdd() Expr { return p.parseAddFrom(p.parseUnary()) }

func (p *parser) parseAddFrom(x Expr) Expr {
	x = p.parseMulFrom(x)
	for p.tok.Kind == Plus || p.tok.Kind == Minus {
		pos, op := p.tok.Pos, p.text(p.tok)
		p.next()
		y := p.parseMul()
		x = p.binary(x, pos, op, y)
	}
	return x
}

func (p *parser) parseMul() Expr { return p.parseMulFrom(p.parseUnary()) }

func (p *parser) parseMulFrom(x Expr) Expr {
	x = p.parseStrFrom(x)
	for p.tok.Kind == Star || p.tok.Kind == Slash || p.tok.Kind == Percent {
		pos, op := p.tok.Pos, p.text(p.tok)
		p.next()
		y := p.parseStr()
		x = p.binary(x, pos, op, y)
	}
	return x
}

// strOp returns the string operator at the current token, or "".
func (p *parser) strOp() string {
	switch p.tok.Kind {
	case EqTilde:
		return "=~"
	case BangTilde:
		return "!~"
	case Colon:
		return ":"
	case SymKeyword:
		w := p.text(p.tok)
		switch w {
		case "in~", "!in", "!in~", "!between":
			return ""
		}
		if w[0] == '!' || w == "matches regex" {
			return w
		}
	case Keyword, IdentToken, OpName, FuncName:
		w := p.text(p.tok)
		switch w {
		case "has", "has_cs", "hasprefix", "hasprefix_cs", "hassuffix", "hassuffix_cs", "contains", "contains_cs",
			"containscs", "notcontains", "notcontainscs", "startswith", "startswith_cs", "endswith", "endswith_cs",
			"like", "likecs", "notlike", "notlikecs":
			return w
		}
	}
	return ""
}

func (p *parser) parseStr() Expr { return p.parseStrFrom(p.parseUnary()) }

func (p *parser) parseStrFrom(x Expr) Expr {
	op := p.strOp()
	if op == "" {
		return x
	}
	pos := p.tok.Pos
	p.next()
	y := p.parseUnary()
	x = p.binary(x, pos, op, y)
	if op2 := p.strOp(); op2 != "" {
		p.failChained(op, op2)
	}
	return x
}

func (p *parser) parseUnary() Expr {
	if p.tok.Kind == Minus || p.tok.Kind == Plus {
		t := p.tok
		nt := p.peek(1)
		if nt.Pos == t.End && (nt.Kind == Long || nt.Kind == Real || nt.Kind == Timespan) {
			// A sign glued to a number is part of the literal.
			p.next()
			p.next()
			l := p.lits.alloc()
			l.ValuePos, l.Kind = t.Pos, numKind(nt.Kind)
			l.Raw = p.src[t.Pos:nt.End]
			l.Value = l.Raw
			return l
		}
		// The sign applies to one postfix expression: "- -x" is an error.
		p.next()
		x := p.parsePostfix()
		return &UnaryExpr{OpPos: t.Pos, Op: p.src[t.Pos:t.End], X: x}
	}
	return p.parsePostfix()
}

func numKind(k TokenKind) LitKind {
	switch k {
	case Real:
		return LitReal
	case Timespan:
		return LitTimespan
	}
	return LitLong
}

func (p *parser) parsePostfix() Expr {
	x := p.parsePrimary()
	for {
		switch p.tok.Kind {
		case Dot:
			dot := p.tok.Pos
			p.next()
			switch {
			case p.tok.Kind == LBrack:
				if id := p.tryBracketedName(); id != nil {
					x = &MemberExpr{X: x, Dot: dot, Sel: id}
					continue
				}
				lb := p.tok.Pos
				p.next()
				idx := p.parseExpr()
				ix := p.indexes.alloc()
				ix.X, ix.Lbrack, ix.Index, ix.Rbrack = x, lb, idx, p.expect(RBrack)
				x = ix
			case p.tok.Kind.isWord() && isCall(x) && p.peek(1).Kind == Star && p.peek(1).Pos == p.tok.End:
				// database("x").T* in union, find and search.
				w := p.tryWild(false)
				return &MemberExpr{X: x, Dot: dot, Sel: w} // a wildcard ends the name
			case p.tok.Kind.isWord():
				if p.peek(1).Kind == LParen {
					if w := p.text(p.tok); !usableAsIdent[w] && p.tok.Kind != IdentToken && p.tok.Kind != FuncName {
						p.fail(p.tok.Pos, p.tok.End, quote(w)+" is a keyword, not a function")
					}
					m := p.members.alloc()
					m.X, m.Dot, m.Sel = x, dot, p.parseCall(p.wordIdent())
					x = m
					continue
				}
				if !isRefName(p.tok.Kind, p.text(p.tok)) {
					p.failKeyword(p.tok)
				}
				m := p.members.alloc()
				m.X, m.Dot, m.Sel = x, dot, p.wordIdent()
				x = m
			case (p.tok.Kind == Star || p.tok.Kind == Long) && p.tok.Pos == dot+1:
				// db("x").T* and similar wildcard tails, written with no space.
				if w := p.tryWild(false); w != nil {
					return &MemberExpr{X: x, Dot: dot, Sel: w} // a wildcard ends the name
				}
				p.failExpected("a name")
			default:
				p.failExpected("a name")
			}
		case LBrack:
			lb := p.tok.Pos
			p.next()
			p.enter()
			idx := p.parseExpr()
			p.leave()
			ix := p.indexes.alloc()
			ix.X, ix.Lbrack, ix.Index, ix.Rbrack = x, lb, idx, p.expect(RBrack)
			x = ix
		default:
			return x
		}
	}
}

func isCall(x Expr) bool {
	_, ok := x.(*CallExpr)
	return ok
}

// wordIdent makes an Ident of the current word and consumes it.
func (p *parser) wordIdent() *Ident {
	id := p.idents.alloc()
	id.NamePos, id.EndPos, id.Name = p.tok.Pos, p.tok.End, p.text(p.tok)
	p.next()
	return id
}

func (p *parser) binary(x Expr, pos Pos, op string, y Expr) *BinaryExpr {
	b := p.bins.alloc()
	b.X, b.OpPos, b.Op, b.Y = x, pos, op, y
	return b
}

func (p *parser) lit(t Token, k LitKind) *Literal {
	l := p.lits.alloc()
	s := p.text(t)
	l.ValuePos, l.Kind, l.Raw, l.Value = t.Pos, k, s, s
	return l
}

// tryBracketedName parses ['name'] (one or more adjacent strings) at '[' and
// returns nil, consuming nothing, if the bracket holds something else.
func (p *parser) tryBracketedName() *Ident {
	j := 1
	for p.peek(j).Kind == String {
		j++
	}
	if j == 1 || p.peek(j).Kind != RBrack {
		return nil
	}
	from := p.tok.Pos
	p.next()
	lit := p.parseString()
	end := p.tok.End
	p.next()
	return &Ident{NamePos: from, EndPos: end, Name: lit.Value, Raw: p.src[from:end]}
}

// tryWild parses a wildcard name (parts and '*' with no space between them)
// at the current token, or returns nil, consuming nothing. With dots, the
// parts may be joined by '.' (db.T*).
func (p *parser) tryWild(dots bool) *WildName {
	j := 0
	star := false
	end := p.tok.Pos
	for {
		t := p.peek(j)
		if t.Pos != end && j > 0 {
			break
		}
		if t.Kind == Star {
			star = true
		} else if !(t.Kind.isWord() || t.Kind == Long || t.Kind == Timespan || t.Kind == Real && j > 0 ||
			dots && t.Kind == Dot && j > 0) {
			break
		}
		end = t.End
		j++
	}
	if !star {
		return nil
	}
	w := &WildName{NamePos: p.tok.Pos, EndPos: end, Pattern: p.src[p.tok.Pos:end]}
	for range j {
		p.next()
	}
	return w
}

// parseWildOrExpr parses a wildcard name or an expression (the right side
// of join and lookup, the tables of find, search and restrict, the columns
// of project-by-names).
func (p *parser) parseWildOrExpr() Expr {
	if p.tok.Kind == Star || p.tok.Kind.isWord() {
		if w := p.tryWild(true); w != nil {
			return w
		}
	}
	return p.parseExpr()
}

func (p *parser) parsePrimary() Expr {
	t := p.tok
	switch t.Kind {
	case String:
		return p.parseString()
	case BadString:
		p.badString(t)
	case Long:
		p.next()
		return p.lit(t, LitLong)
	case Real:
		p.next()
		return p.lit(t, LitReal)
	case Timespan:
		p.next()
		return p.lit(t, LitTimespan)
	case GooLiteral:
		if p.src[t.End-1] != ')' {
			p.fail(t.End, t.End, "expected \")\" to close "+quote(p.text(t)))
		}
		p.next()
		return gooLiteral(p.text(t), t)
	case RawGuid:
		p.fail(t.Pos, t.End, "a raw guid is not allowed here; write guid("+p.text(t)+")")
	case LParen:
		p.enter()
		lp := t.Pos
		p.next()
		x := p.parsePipeExpr(false)
		rp := p.expect(RParen)
		p.leave()
		pe := p.parens.alloc()
		pe.Lparen, pe.X, pe.Rparen = lp, x, rp
		return pe
	case LBrack:
		if id := p.tryBracketedName(); id != nil {
			return id
		}
		// [expr] is a computed name; the official parser accepts it.
		p.enter()
		p.next()
		x := p.parseExpr()
		b := &BracketExpr{Lbrack: t.Pos, X: x, Rbrack: p.expect(RBrack)}
		p.leave()
		return b
	case At:
		// A lone '@' is accepted by the official parser as an operand.
		p.next()
		return &Ident{NamePos: t.Pos, EndPos: t.End, Name: "@", Raw: "@"}
	case LBrace:
		if id := p.tryBraced(); id != nil {
			return id
		}
		p.failExpected("an expression")
	case Star:
		// '*' as an operand means "any column": where * has "x", search *.
		// It must be followed by a string or equality operator, except
		// after search.
		if prev := p.prevKind(); prev.isWord() || prev == SymKeyword || prev == LParen || prev == Comma ||
			prev == Pipe || prev == EOF {
			p.next()
			if p.strOp() != "" || p.tok.Kind == EqEq || p.tok.Kind == NotEq || p.tok.Kind == LtGt ||
				p.i >= 2 && p.toks[p.i-2].Kind.isWord() && (p.text(p.toks[p.i-2]) == "search" ||
					p.text(p.toks[p.i-2]) == "distinct") {
				return &StarExpr{Star: t.Pos}
			}
			p.i--
			p.tok = p.toks[p.i]
			p.failExpected("an expression (a \"*\" operand must be followed by an operator such as has or ==)")
		}
	case IdentToken, FuncName, Keyword, OpName:
		return p.parseWordPrimary()
	}
	if t.Kind == SymKeyword && continuesOperand(p.peek(1).Kind) {
		p.failKeyword(t)
	}
	p.failExpected("an expression")
	return nil
}

func (p *parser) badString(t Token) {
	s := p.text(t)
	i := strings.IndexByte(s, '\\')
	for i >= 0 && i < len(s) {
		if n := escapeLen(s, i); n > 0 {
			j := strings.IndexByte(s[i+n:], '\\')
			if j < 0 {
				break
			}
			i += n + j
			continue
		}
		pos := t.Pos + Pos(i)
		if s[0] != '@' && s[0] != '`' && s[0] != '~' && !(len(s) > 1 && s[1] == '@') {
			p.fail(pos, min(pos+2, t.End), "unknown escape sequence "+quote(s[i:min(i+2, len(s))])+
				" in string; use a verbatim string @\"...\" for regexes and paths")
		}
		break
	}
	p.fail(t.End, t.End, "string literal not terminated")
}

// tryBraced parses a client parameter {Name} or {Name[-1]} written with no
// spaces, or returns nil.
func (p *parser) tryBraced() *Ident {
	end := p.tok.End
	j := 1
	for {
		t := p.peek(j)
		if t.Pos != end || t.Kind == EOF {
			return nil
		}
		end = t.End
		if t.Kind == RBrace {
			break
		}
		if !(t.Kind.isWord() || t.Kind == LBrack || t.Kind == RBrack || t.Kind == Minus || t.Kind == Long) {
			return nil
		}
		j++
	}
	if j == 1 {
		return nil
	}
	from := p.tok.Pos
	for range j + 1 {
		p.next()
	}
	return &Ident{NamePos: from, EndPos: end, Name: p.src[from:end], Raw: p.src[from:end]}
}

func gooLiteral(raw string, t Token) *Literal {
	open := strings.IndexByte(raw, '(')
	kw := raw[:open]
	var k LitKind
	switch kw {
	case "datetime", "date":
		k = LitDatetime
	case "timespan", "time":
		k = LitTimespan
	case "guid":
		k = LitGuid
	case "long", "int64":
		k = LitLong
	case "int", "int32":
		k = LitInt
	case "real", "double":
		k = LitReal
	case "decimal":
		k = LitDecimal
	case "bool":
		k = LitBool
	}
	return &Literal{ValuePos: t.Pos, Kind: k, Raw: raw, Value: strings.TrimSpace(raw[open+1 : len(raw)-1])}
}

// parseString parses one or more adjacent string literals into one Literal.
func (p *parser) parseString() *Literal {
	t := p.tok
	lit := p.lits.alloc()
	lit.ValuePos, lit.Kind = t.Pos, LitString
	end := t.End
	v, _ := Unquote(p.text(t))
	p.next()
	if p.tok.Kind == String || p.tok.Kind == BadString {
		var b strings.Builder
		b.WriteString(v)
		for p.tok.Kind == String || p.tok.Kind == BadString {
			if p.tok.Kind == BadString {
				p.badString(p.tok)
			}
			s, _ := Unquote(p.text(p.tok))
			b.WriteString(s)
			end = p.tok.End
			p.next()
		}
		v = b.String()
	}
	lit.Raw = p.src[lit.ValuePos:end]
	lit.Value = v
	return lit
}

// Unquote decodes one KQL string literal in any form ('...', "...", @'...',
// ```...```, ~~~...~~~, with or without the h prefix). ok is false if the
// literal is malformed; the value is then the best effort.
func Unquote(s string) (v string, ok bool) {
	if len(s) > 0 && (s[0] == 'h' || s[0] == 'H') {
		s = s[1:]
	}
	if len(s) < 2 {
		return s, false
	}
	switch s[0] {
	case '@':
		q := s[1]
		if len(s) < 3 || s[len(s)-1] != q {
			return s[2:], false
		}
		in := s[2 : len(s)-1]
		dq := string([]byte{q, q})
		if strings.Contains(in, dq) {
			in = strings.ReplaceAll(in, dq, dq[:1])
		}
		return in, true
	case '`', '~':
		if len(s) < 6 {
			return s[min(3, len(s)):], false
		}
		return s[3 : len(s)-3], true
	case '\'', '"':
		q := s[0]
		if s[len(s)-1] != q {
			return s[1:], false
		}
		in := s[1 : len(s)-1]
		if strings.IndexByte(in, '\\') < 0 {
			return in, true
		}
		return unescape(in)
	}
	return s, false
}

func unescape(in string) (string, bool) {
	var b strings.Builder
	b.Grow(len(in))
	ok := true
	for i := 0; i < len(in); i++ {
		c := in[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		n := escapeLen(in, i)
		if n == 0 {
			ok = false
			b.WriteByte(c)
			continue
		}
		e := in[i+1]
		switch e {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case 'u', 'U', 'x':
			r, _ := strconv.ParseUint(in[i+2:i+n], 16, 32)
			if e == 'x' {
				b.WriteByte(byte(r))
			} else {
				b.WriteRune(rune(r))
			}
		default:
			if e >= '0' && e <= '7' {
				r, _ := strconv.ParseUint(in[i+1:i+n], 8, 32)
				b.WriteByte(byte(r))
			} else {
				b.WriteByte(e)
			}
		}
		i += n - 1
	}
	s := b.String()
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s, ok
}

// parseWordPrimary parses a primary expression that starts with a word:
// a literal keyword, dynamic(...), typeof(...), datatable, externaldata, a
// call or a name.
func (p *parser) parseWordPrimary() Expr {
	t := p.tok
	w := p.text(t)
	next := p.peek(1)
	switch w {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		p.next()
		return &Literal{ValuePos: t.Pos, Kind: LitBool, Raw: w, Value: strings.ToLower(w)}
	case "dynamic":
		if next.Kind == LParen {
			return p.parseDynamic()
		}
	case "typeof":
		if next.Kind == LParen {
			return p.parseTypeof()
		}
	case "datatable":
		return p.parseDatatable()
	case "externaldata", "external_data":
		return p.parseExternalData()
	case "entity_group":
		if next.Kind == LBrack {
			// entity_group [e1, e2]: a call written with brackets.
			fun := p.wordIdent()
			c := &CallExpr{Fun: fun, Lparen: p.tok.Pos, Brackets: true}
			p.next()
			c.Args = p.parseExprList(RBrack)
			c.Rparen = p.expect(RBrack)
			return c
		}
	case "toscalar", "totable":
		if p.isParamStart(1) {
			fun := p.wordIdent()
			params := p.parseOpParams()
			c := p.parseCall(fun)
			c.Params = params
			return c
		}
	}
	if next.Kind == LParen {
		if isGooKeyword(w) {
			p.fail(next.Pos, next.End, "no space or line break is allowed in "+w+"(...) literals")
		}
		if (t.Kind == Keyword || t.Kind == OpName) && !usableAsIdent[w] && w != "toscalar" && w != "totable" {
			// Not a function: the keyword is out of place, and what is
			// missing is an expression before it.
			pe := p.prevEnd()
			if p.i == 0 {
				pe = t.Pos
			}
			p.fail(pe, pe, "expected an expression after "+quote(p.prevText())+", found keyword "+quote(w))
		}
		return p.parseCall(p.wordIdent())
	}
	if !isRefName(t.Kind, w) {
		if p.i > 0 && !continuesOperand(next.Kind) {
			// Not used as a name, the keyword is out of place: what is
			// missing is an expression before it.
			pe := p.prevEnd()
			p.fail(pe, pe, "expected an expression after "+quote(p.prevText())+", found keyword "+quote(w))
		}
		p.failKeyword(t)
	}
	return p.wordIdent()
}

// continuesOperand reports whether a token of kind k after a word shows
// that the word is used as an operand (x == 1, x.y, x[0], f(x, y)).
func continuesOperand(k TokenKind) bool {
	switch k {
	case EqEq, NotEq, LtGt, Lt, Le, Gt, Ge, Plus, Minus, Star, Slash, Percent, EqTilde, BangTilde, Dot, LBrack,
		Comma, RParen, RBrack, Assign, Colon, EOF, Semi, Pipe, RBrace:
		return true
	}
	return false
}

// isRefName reports whether a word of kind k may be used as a name in an
// expression: any identifier, and the keywords the official parser allows.
func isRefName(k TokenKind, w string) bool {
	switch k {
	case IdentToken, FuncName:
		return true
	}
	return usableAsIdent[w] || w == "kind" || w == "withsource" || w == "with_source"
}

// parseCall parses "( args )" after the function name fun.
func (p *parser) parseCall(fun *Ident) *CallExpr {
	p.enter()
	c := p.calls.alloc()
	c.Fun, c.Lparen = fun, p.expect(LParen)
	tabular := fun.Name == "toscalar" || fun.Name == "totable" || fun.Name == "materialize"
	if p.tok.Kind != RParen {
		base := len(p.stack)
		for {
			p.stack = append(p.stack, p.parseArg(tabular))
			if p.tok.Kind != Comma {
				break
			}
			p.next()
		}
		c.Args = p.exprList.pop(&p.stack, base)
	}
	c.Rparen = p.expect(RParen)
	p.leave()
	return c
}

func (p *parser) parseArg(tabularArg bool) Expr {
	if p.tok.Kind == Star && (p.peek(1).Kind == Comma || p.peek(1).Kind == RParen) {
		pos := p.tok.Pos
		p.next()
		return &StarExpr{Star: pos}
	}
	if p.tok.Kind.isWord() && p.peek(1).Kind == Assign {
		if !p.isDeclName(p.tok) {
			p.failKeyword(p.tok)
		}
		name := p.wordIdent()
		assign := p.tok.Pos
		p.next()
		return &NamedExpr{Names: p.identLst.one(name), Assign: assign, Value: p.parseExpr()}
	}
	// Only toscalar, totable and materialize take a pipeline as argument;
	// elsewhere a pipeline must be put in parentheses.
	if tabularArg {
		return p.parsePipeExpr(false)
	}
	return p.parseExpr()
}

// parseTypeof parses typeof(type) or typeof(schema); the literal keeps the
// text between the parentheses as its value.
func (p *parser) parseTypeof() *Literal {
	from := p.tok.Pos
	p.next()
	lp := p.expect(LParen)
	if p.tok.Kind == Star || p.tok.Kind.isWord() && p.peek(1).Kind == Colon || p.tok.Kind == LBrack {
		for {
			if p.tok.Kind == Star {
				p.next()
			} else {
				p.parseColumnDecl()
			}
			if p.tok.Kind != Comma {
				break
			}
			p.next()
		}
	} else {
		if p.tok.Kind.isWord() {
			p.next()
		} else if p.tok.Kind != RParen {
			p.failExpected("a type name")
		}
	}
	if p.tok.Kind != RParen {
		p.failExpected("\")\"")
	}
	end := p.tok.End
	p.next()
	return &Literal{ValuePos: from, Kind: LitTypeof, Raw: p.src[from:end],
		Value: strings.TrimSpace(p.src[lp+1 : end-1])}
}

func (p *parser) parseDynamic() *DynamicExpr {
	d := &DynamicExpr{Dynamic: p.tok.Pos}
	p.next()
	p.enter()
	p.expect(LParen)
	d.Value = p.parseJSON()
	d.Rparen = p.expect(RParen)
	p.leave()
	return d
}

// parseJSON parses a value inside dynamic(...).
func (p *parser) parseJSON() Expr {
	t := p.tok
	switch t.Kind {
	case LBrack:
		p.enter()
		a := p.jsonArrs.alloc()
		a.Lbrack = t.Pos
		p.next()
		if p.tok.Kind != RBrack {
			base := len(p.stack)
			for {
				p.stack = append(p.stack, p.parseJSON())
				if p.tok.Kind != Comma {
					break
				}
				p.next()
			}
			a.Elems = p.exprList.pop(&p.stack, base)
		}
		a.Rbrack = p.expect(RBrack)
		p.leave()
		return a
	case LBrace:
		if id := p.tryBraced(); id != nil {
			return id
		}
		p.enter()
		o := &JSONObject{Lbrace: t.Pos}
		p.next()
		for p.tok.Kind != RBrace || len(o.Keys) > 0 {
			if p.tok.Kind != String {
				if p.tok.Kind == BadString {
					p.badString(p.tok)
				}
				p.failExpected("a string key")
			}
			// Keys are single literals: adjacent strings are not joined here.
			k := p.tok
			p.next()
			v, _ := Unquote(p.text(k))
			key := p.lits.alloc()
			key.ValuePos, key.Kind, key.Raw, key.Value = k.Pos, LitString, p.text(k), v
			o.Keys = append(o.Keys, key)
			p.expect(Colon)
			o.Values = append(o.Values, p.parseJSON())
			if p.tok.Kind != Comma {
				break
			}
			p.next()
		}
		o.Rbrace = p.expect(RBrace)
		p.leave()
		return o
	case String:
		return p.parseString()
	case BadString:
		p.badString(t)
	case Minus, Plus:
		if n := p.peek(1); n.Pos == t.End && (n.Kind == Long || n.Kind == Real || n.Kind == Timespan) {
			return p.parseUnary()
		}
	case Long, Real, Timespan, GooLiteral:
		return p.parseUnary()
	case Keyword, IdentToken, FuncName, OpName:
		switch p.text(t) {
		case "null":
			p.next()
			return &Literal{ValuePos: t.Pos, Kind: LitNull, Raw: "null", Value: "null"}
		case "true", "True", "TRUE", "false", "False", "FALSE", "dynamic":
			return p.parseWordPrimary()
		}
	}
	p.failExpected("a value in dynamic(...)")
	return nil
}

// parseDatatable parses "datatable [params] (schema) [values]".
func (p *parser) parseDatatable() *DatatableExpr {
	d := &DatatableExpr{Datatable: p.tok.Pos}
	p.next()
	d.Params = p.parseOpParams()
	d.Schema = p.parseSchema()
	p.expect(LBrack)
	if p.tok.Kind == Comma {
		p.next() // the official parser accepts a leading comma
	}
	base := len(p.stack)
	for p.tok.Kind != RBrack {
		p.stack = append(p.stack, p.parseLiteralValue())
		if p.tok.Kind != Comma {
			break
		}
		p.next()
	}
	d.Values = p.exprList.pop(&p.stack, base)
	d.Rbrack = p.expect(RBrack)
	return d
}

// parseLiteralValue parses a datatable value: a literal of any kind,
// dynamic(...) or typeof(...), with an optional sign for numbers.
func (p *parser) parseLiteralValue() Expr {
	t := p.tok
	switch t.Kind {
	case Minus, Plus:
		// The sign must be glued to a number.
		if n := p.peek(1); n.Pos != t.End || n.Kind != Long && n.Kind != Real && n.Kind != Timespan {
			break
		}
		return p.parseUnary()
	case String, BadString, Long, Real, Timespan, GooLiteral:
		return p.parseUnary()
	case IdentToken, Keyword, FuncName, OpName:
		switch p.text(t) {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return p.parseWordPrimary()
		case "dynamic", "typeof":
			if p.peek(1).Kind == LParen {
				return p.parseWordPrimary()
			}
		}
	}
	p.failExpected("a literal value")
	return nil
}

// parseExternalData parses "externaldata [params] (schema) [uris] [with (props)]".
func (p *parser) parseExternalData() *ExternalDataExpr {
	e := &ExternalDataExpr{ExternalData: p.tok.Pos, Keyword: p.text(p.tok)}
	p.next()
	e.Params = p.parseOpParams()
	e.Schema = p.parseSchema()
	p.expect(LBrack)
	for p.tok.Kind != RBrack {
		e.URIs = append(e.URIs, p.parseExpr())
		if p.tok.Kind != Comma {
			break
		}
		p.next()
	}
	e.EndPos = p.expect(RBrack) + 1
	if p.is("with") {
		p.next()
		e.With = p.parseParenNamedList(false)
		e.EndPos = p.prevEnd()
	}
	return e
}

// parseParenNamedList parses "( name = value, ... )", the properties of
// with clauses. The properties of render are plain names or its own
// property keywords.
func (p *parser) parseParenNamedList(render bool) []*NamedExpr {
	p.expect(LParen)
	var es []*NamedExpr
	listProp := false // the last property takes a list of names: ycolumns=a, b
	for p.tok.Kind != RParen {
		if listProp && !(p.tok.Kind.isWord() && p.peekAssign()) {
			es = append(es, &NamedExpr{Assign: NoPos, Value: p.parseExpr()})
			if p.tok.Kind != Comma {
				break
			}
			p.next()
			continue
		}
		if !p.tok.Kind.isWord() || !p.peekAssign() {
			p.failExpected("a property such as name=value")
		}
		switch p.text(p.tok) {
		case "ycolumns", "anomalycolumns", "series":
			listProp = true
		default:
			listProp = false
		}
		w := p.text(p.tok)
		if render && p.tok.Kind != IdentToken && p.tok.Kind != FuncName && !paramAllowed("render", w) ||
			!p.isDeclName(p.tok) && !isRefName(p.tok.Kind, w) && !paramAllowed("render", w) {
			p.fail(p.tok.Pos, p.tok.End, quote(w)+" is a keyword, not a property name")
		}
		name := p.wordIdent()
		assign := p.tok.Pos
		p.next()
		es = append(es, &NamedExpr{Names: []*Ident{name}, Assign: assign, Value: p.parseExpr()})
		if p.tok.Kind != Comma {
			break
		}
		p.next()
	}
	p.expect(RParen)
	return es
}

// isDeclName reports whether t may be used as the name of a new column,
// variable or parameter.
func (p *parser) isDeclName(t Token) bool {
	switch t.Kind {
	case IdentToken, FuncName:
		return true
	case Keyword, OpName:
		w := p.text(t)
		return usableAsIdent[w] || usableInDecl[w]
	}
	return false
}

// parseDeclName parses a name being declared (let, extend x=, parameters).
func (p *parser) parseDeclName() *Ident {
	if p.tok.Kind == LBrack {
		if id := p.tryBracketedName(); id != nil {
			return id
		}
	}
	if p.tok.Kind == LBrace {
		if id := p.tryBraced(); id != nil {
			return id
		}
	}
	if !p.tok.Kind.isWord() {
		p.failExpected("a name")
	}
	if !p.isDeclName(p.tok) {
		p.failKeyword(p.tok)
	}
	return p.wordIdent()
}

// parseAnyName parses any word or bracketed name.
func (p *parser) parseAnyName() *Ident {
	if p.tok.Kind == LBrack {
		if id := p.tryBracketedName(); id != nil {
			return id
		}
	}
	if !p.tok.Kind.isWord() {
		p.failExpected("a name")
	}
	return p.wordIdent()
}

// namedStart returns the number of tokens of a "Name =" or "(N1, N2) ="
// prefix at the current token, or 0.
func (p *parser) namedStart() int {
	t := p.tok
	switch t.Kind {
	case IdentToken, FuncName, Keyword, OpName:
		if p.peek(1).Kind == Assign {
			return 2
		}
	case LBrack:
		j := 1
		for p.peek(j).Kind == String {
			j++
		}
		if j > 1 && p.peek(j).Kind == RBrack && p.peek(j+1).Kind == Assign {
			return j + 2
		}
	case LParen:
		j := 1
		for {
			nt := p.peek(j)
			if nt.Kind.isWord() {
				j++
			} else if nt.Kind == LBrack {
				k := j + 1
				for p.peek(k).Kind == String {
					k++
				}
				if k == j+1 || p.peek(k).Kind != RBrack {
					return 0
				}
				j = k + 1
			} else {
				return 0
			}
			switch p.peek(j).Kind {
			case Comma:
				j++
				continue
			case RParen:
				if p.peek(j+1).Kind == Assign {
					return j + 2
				}
			}
			return 0
		}
	}
	return 0
}

// parseNamedExpr parses "[Name =] Expr" or "(N1, N2) = Expr".
func (p *parser) parseNamedExpr() *NamedExpr {
	n := p.nameds.alloc()
	if p.namedStart() == 0 {
		n.Assign, n.Value = NoPos, p.parseExpr()
		return n
	}
	if p.tok.Kind == LParen {
		n.Compound = true
		p.next()
		for {
			n.Names = append(n.Names, p.parseDeclName())
			if p.tok.Kind != Comma {
				break
			}
			p.next()
		}
		p.expect(RParen)
	} else {
		n.Names = p.identLst.one(p.parseDeclName())
	}
	n.Assign = p.expect(Assign)
	n.Value = p.parseExpr()
	return n
}

// parseNamedList parses "NamedExpr, ..."; it parses nothing if the current
// token cannot start an expression.
func (p *parser) parseNamedList() []*NamedExpr {
	// The elements gather on a stack shared by nested lists, so that the
	// list is allocated once at its exact size.
	base := len(p.nstack)
	for {
		p.nstack = append(p.nstack, p.parseNamedExpr())
		if p.tok.Kind != Comma {
			break
		}
		p.next()
	}
	return p.namedLst.pop(&p.nstack, base)
}
