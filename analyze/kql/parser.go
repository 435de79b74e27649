package kql

import (
	"fmt"
	"strconv"
	"sync"
)

// Error is a syntax error: a span of the source and a message in plain
// lowercase words.
type Error struct {
	Pos, End Pos
	Msg      string
}

// Error returns the message with its byte offset.
func (e *Error) Error() string { return strconv.Itoa(int(e.Pos)) + ": " + e.Msg }

// MaxDepth bounds the nesting of expressions and pipelines. Deeper input
// gives a syntax error instead of exhausting the stack.
const MaxDepth = 250

// bailout is the panic value that unwinds the parser to the enclosing stage
// or statement after an error.
type bailout struct{}

type parser struct {
	src    string
	toks   []Token // tokens without comments and directives; ends with EOF
	i      int     // index of the current token
	tok    Token   // toks[i]
	errs   []*Error
	depth  int
	dirs   []Token      // directive tokens
	arena               // where the nodes of this parse come from
	stack  []Expr       // elements of the lists being parsed
	nstack []*NamedExpr // elements of the named lists being parsed
	ostack []Operator   // steps of the pipelines being parsed
	// stmtStart is the token index where the current statement starts; an
	// error there is reported at the token, not after the previous one.
	stmtStart int
	script    *Script // the tree, from the first chunks
	stmts     []Stmt  // for the first statement list, from the first chunks
}

// startsStmt reports whether the current token can start a statement.
func (p *parser) startsStmt() bool {
	switch p.tok.Kind {
	case IdentToken, FuncName, String, BadString, Long, Real, Timespan, GooLiteral, LParen, LBrack, LBrace, Star,
		Minus, Plus, At:
		return true
	case Keyword, OpName, SymKeyword:
		w := p.text(p.tok)
		switch w {
		case "let", "set", "alias", "declare", "restrict", "true", "false":
			return true
		case "typeof", "datatable", "externaldata", "external_data", "toscalar", "totable":
			return true
		case "dynamic":
			return p.peek(1).Kind == LParen
		}
		return isRefName(p.tok.Kind, w) || p.isLeadingOp(true)
	}
	return false
}

// Parse parses a KQL query text: statements separated by ';', or a
// management command. It never panics. It returns every syntax error found;
// after an error inside a pipeline stage it skips to the next top-level '|'
// or ';' and goes on, so the tree covers the whole text.
func Parse(src string) (*Script, []*Error) {
	p := newParser(src)
	s := p.parseScript()
	errs := p.errs
	p.release()
	return s, errs
}

// parsers recycles the parsers of finished parses with their token slices
// and stacks. The slabs start afresh: a chunk shared by the trees of several
// parses would keep them all alive, and they would keep older chunks alive.
var parsers = sync.Pool{New: func() any { return new(parser) }}

func (p *parser) release() {
	p.src = ""
	p.errs = nil
	p.dirs = nil
	p.tok = Token{}
	p.arena = arena{}
	p.script = nil
	p.stmts = nil
	if cap(p.toks) > 1<<16 {
		p.toks = nil
	} else {
		p.toks = p.toks[:0]
	}
	// The stacks are empty, and their elements were cleared as they were
	// popped.
	parsers.Put(p)
}

func newParser(src string) *parser {
	if len(src) > 1<<31-1 {
		src = src[:1<<31-1]
	}
	p := parsers.Get().(*parser)
	all := p.toks[:0]
	if want := len(src)/5 + 4; cap(all) < want {
		all = make([]Token, 0, want)
	}
	var n [numKinds]int32 // tokens of each kind
	all, dirs := lexForParser(src, all, &n)
	// Nearly every name and function name becomes an Ident, and every
	// literal token a Literal; most '(' open a call. The first chunks of
	// those slabs are sized to fit.
	p.idents.first(int(n[IdentToken] + n[FuncName]))
	p.lits.first(int(n[String] + n[BadString] + n[Long] + n[Real] + n[Timespan]))
	p.calls.first(int(n[LParen]) * 3 / 4)
	// The nodes nearly every parse needs come in one allocation.
	fc := new(firstChunks)
	p.script = &fc.script
	p.stmts = fc.stmts[:0:len(fc.stmts)]
	p.queries.seed(fc.queries[:])
	p.pipes.seed(fc.pipes[:])
	p.nameds.seed(fc.nameds[:])
	p.exprList.seed(fc.exprs[:])
	p.opList.seed(fc.ops[:])
	p.identLst.seed(fc.idents[:])
	p.namedLst.seed(fc.nlist[:])
	p.indexes.first(int(n[LBrack]) / 4)
	p.src, p.toks, p.i, p.depth, p.stmtStart = src, all, 0, 0, 0
	p.tok = all[0]
	p.dirs = dirs
	return p
}

// ---------------------------------------------------------------------------
// Token helpers

func (p *parser) next() {
	if p.i < len(p.toks)-1 {
		p.i++
	}
	p.tok = p.toks[p.i]
}

func (p *parser) peek(k int) Token {
	if j := p.i + k; j < len(p.toks) {
		return p.toks[j]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) text(t Token) string { return p.src[t.Pos:t.End] }

// is reports whether the current token is the plain word or keyword w.
func (p *parser) is(w string) bool { return p.tokIs(p.tok, w) }

// peekIs reports whether the token k ahead is the plain word or keyword w.
func (p *parser) peekIs(k int, w string) bool { return p.tokIs(p.peek(k), w) }

// tokIs reports whether t is the plain word or keyword w.
func (p *parser) tokIs(t Token, w string) bool {
	return (t.Kind.isWord() || t.Kind == SymKeyword) && int(t.End-t.Pos) == len(w) && p.src[t.Pos:t.End] == w
}

// prevEnd returns the end of the previous token, where a missing token is
// reported, or the start of the current one at the beginning.
func (p *parser) prevEnd() Pos {
	if p.i == 0 {
		return p.tok.Pos
	}
	return p.toks[p.i-1].End
}

// prevKind returns the kind of the previous token, EOF at the start.
func (p *parser) prevKind() TokenKind {
	if p.i == 0 {
		return EOF
	}
	return p.toks[p.i-1].Kind
}

func (p *parser) prevText() string {
	if p.i == 0 {
		return ""
	}
	return p.text(p.toks[p.i-1])
}

// ---------------------------------------------------------------------------
// Errors

// errorAt records an error without unwinding.
func (p *parser) errorAt(pos, end Pos, msg string) {
	p.errs = append(p.errs, &Error{Pos: pos, End: end, Msg: msg})
}

// fail records an error at [pos, end) and unwinds to the enclosing stage or statement.
func (p *parser) fail(pos, end Pos, msg string) {
	p.errorAt(pos, end, msg)
	panic(bailout{})
}

// failKeyword reports the keyword t where a name is expected.
func (p *parser) failKeyword(t Token) {
	w := p.text(t)
	p.fail(t.Pos, t.End, quote(w)+" is a keyword; write ['"+w+"'] to use it as a name")
}

// failExpected reports that what was expected after the previous token.
func (p *parser) failExpected(what string) {
	pe := p.prevEnd()
	if p.i == p.stmtStart {
		pe = p.tok.Pos
	}
	msg := "expected " + what
	if prev := p.prevText(); prev != "" {
		msg += " after " + quote(prev)
	}
	if p.tok.Kind == EOF {
		msg += ", found end of text"
	} else if p.tok.Pos > pe || p.i == 0 {
		msg += ", found " + quote(p.text(p.tok))
	}
	p.fail(pe, pe, msg)
}

func quote(s string) string {
	if len(s) > 30 {
		s = s[:27] + "..."
	}
	return strconv.Quote(s)
}

// expect consumes a token of kind k or fails.
func (p *parser) expect(k TokenKind) Pos {
	if p.tok.Kind != k {
		p.failExpected(strconv.Quote(k.String()))
	}
	pos := p.tok.Pos
	p.next()
	return pos
}

// expectWord consumes the keyword w or fails.
func (p *parser) expectWord(w string) Pos {
	if !p.is(w) {
		p.failExpected(strconv.Quote(w))
	}
	pos := p.tok.Pos
	p.next()
	return pos
}

func (p *parser) enter() {
	p.depth++
	if p.depth > MaxDepth {
		p.fail(p.tok.Pos, p.tok.End, fmt.Sprintf("nesting deeper than %d levels", MaxDepth))
	}
}

func (p *parser) leave() { p.depth-- }

// recoverTo runs f; if f bails out, it skips from token index start to the
// next '|' (when stopAtPipe) or ';' at nesting depth zero, or to a closing
// bracket that was not opened, and returns false.
func (p *parser) recoverTo(start int, stopAtPipe bool, f func()) (ok bool) {
	depth, ns, nn, no := p.depth, len(p.stack), len(p.nstack), len(p.ostack)
	defer func() {
		if r := recover(); r != nil {
			if _, isBail := r.(bailout); !isBail {
				panic(r)
			}
			p.depth = depth
			clear(p.stack[ns:])
			p.stack = p.stack[:ns]
			clear(p.nstack[nn:])
			p.nstack = p.nstack[:nn]
			clear(p.ostack[no:])
			p.ostack = p.ostack[:no]
			p.skipFrom(start, stopAtPipe)
			ok = false
		}
	}()
	f()
	return true
}

func (p *parser) skipFrom(start int, stopAtPipe bool) {
	errIdx := p.i
	d := 0
	j := start
loop:
	for ; j < len(p.toks)-1; j++ {
		switch p.toks[j].Kind {
		case LParen, LBrack, LBrace:
			d++
		case RParen, RBrack, RBrace:
			d--
			if d < 0 {
				if j >= errIdx {
					break loop
				}
				d = 0
			}
		case Pipe:
			if stopAtPipe && d == 0 && j >= errIdx && j > start {
				break loop
			}
		case Semi:
			if d == 0 && j >= errIdx {
				break loop
			}
		}
	}
	if j <= start && j < len(p.toks)-1 {
		j = start + 1
	}
	p.i = j
	p.tok = p.toks[j]
}

// ---------------------------------------------------------------------------
// Script and statements

func (p *parser) parseScript() *Script {
	s := p.script
	s.EndPos = Pos(len(p.src))
	for _, d := range p.dirs {
		s.Directives = append(s.Directives, &Directive{From: d.Pos, To: d.End, Text: p.text(d)})
	}
	if p.tok.Kind == Dot {
		// A management command: recognised, not parsed.
		s.Stmts = append(s.Stmts, p.parseCommand())
		return s
	}
	s.Stmts = p.parseStmts(EOF)
	return s
}

// parseCommand parses a management command: it finds the queries the
// command embeds (after "<|", or the body of ".create function") and parses
// only those.
func (p *parser) parseCommand() *CommandStmt {
	from := p.tok.Pos
	c := &CommandStmt{From: from, To: Pos(len(p.src)), Text: p.src[from:]}
	if t := p.peek(1); !t.Kind.isWord() && t.Kind != SymKeyword {
		pe := p.tok.End
		p.errorAt(pe, pe, "expected a command name after \".\"")
		return c
	}
	d := 0
	for j := p.i; j < len(p.toks)-1; j++ {
		t := p.toks[j]
		switch t.Kind {
		case LParen, LBrack, LBrace:
			d++
		case RParen, RBrack, RBrace:
			d--
		case LtPipe:
			if d == 0 {
				p.i, p.tok = j+1, p.toks[j+1]
				p.stmtStart = p.i
				c.Query = p.parseStmts(EOF)
				return c
			}
		}
		if d == 0 && t.Kind.isWord() && p.text(t) == "function" && j > p.i && p.toks[j-1].Kind.isWord() {
			k := j + 1
			if p.toks[k].Kind.isWord() && p.text(p.toks[k]) == "with" && p.toks[k+1].Kind == LParen {
				for k++; k < len(p.toks)-1 && p.toks[k].Kind != RParen; k++ {
				}
				k++
			}
			if p.toks[k].Kind.isWord() && p.toks[k+1].Kind == LParen {
				p.i, p.tok = k+1, p.toks[k+1]
				start := p.i
				p.stmtStart = start
				if !p.recoverTo(start, false, func() { c.Func = p.parseFuncLit() }) {
					c.Func = nil
				}
			}
			return c
		}
	}
	return c
}

// parseStmts parses statements separated by ';' up to a token of kind end
// (EOF for a script, '}' for a function body).
func (p *parser) parseStmts(end TokenKind) []Stmt {
	stmts := p.stmts
	p.stmts = nil
	if stmts == nil {
		stmts = make([]Stmt, 0, 4)
	}
	for p.tok.Kind != end && p.tok.Kind != EOF {
		if p.tok.Kind == Semi {
			p.errorAt(p.tok.Pos, p.tok.End, "unexpected \";\": there is no statement before it")
			p.next()
			continue
		}
		start := p.i
		top := end == EOF
		p.stmtStart = -1
		if top {
			p.stmtStart = start
		}
		var st Stmt
		if !p.recoverTo(start, false, func() { st = p.parseStmt(top) }) {
			st = &BadStmt{From: p.toks[start].Pos, To: p.prevEnd()}
		}
		stmts = append(stmts, st)
		switch p.tok.Kind {
		case Semi:
			p.next()
			if _, isQuery := st.(*QueryStmt); isQuery && end == RBrace && p.tok.Kind != RBrace {
				// In a function body only let and declare come before the
				// expression that gives the result.
				pe := p.prevEnd()
				p.errorAt(pe, pe, "expected \"}\" after the result expression of the function, found "+
					quote(p.text(p.tok)))
			}
			continue
		case end, EOF:
			continue
		}
		pe := p.prevEnd()
		if end == EOF && !p.startsStmt() {
			// Text that cannot start a statement is reported where it is.
			pe = p.tok.Pos
		}
		msg := "expected \";\" between statements, found " + quote(p.text(p.tok))
		if end == RBrace {
			msg = "expected \";\" or \"}\" after the statement, found " + quote(p.text(p.tok))
		}
		p.errorAt(pe, pe, msg)
		if p.i == start {
			p.next()
		}
	}
	return stmts
}

// parseStmt parses one statement. top says it is a statement of the script
// (not of a function body), where pipeline stages recover on their own.
func (p *parser) parseStmt(top bool) Stmt {
	if p.tok.Kind.isWord() {
		next := p.peek(1)
		switch p.text(p.tok) {
		case "let":
			if next.Kind.isWord() || next.Kind == LBrack || next.Kind == SymKeyword {
				return p.parseLet()
			}
		case "set":
			if next.Kind.isWord() {
				return p.parseSet()
			}
		case "alias":
			if p.peekIs(1, "database") {
				return p.parseAlias()
			}
		case "declare":
			if p.peekIs(1, "query_parameters") {
				return p.parseDeclare()
			}
			if p.peekIs(1, "pattern") {
				return p.parsePatternStmt()
			}
		case "restrict":
			if p.peekIs(1, "access") {
				return p.parseRestrict()
			}
		}
	}
	q := p.queries.alloc()
	q.Body = p.parsePipeExpr(top)
	return q
}

func (p *parser) parseLet() *LetStmt {
	s := p.lets.alloc()
	s.Let = p.tok.Pos
	p.next()
	if t := p.tok; t.Kind.isWord() && !isRefName(t.Kind, p.text(t)) {
		// let takes fewer keywords as names than extend and parameters do.
		p.failKeyword(t)
	}
	s.Name = p.parseDeclName()
	p.expect(Assign)
	s.Value = p.parseLetValue()
	return s
}

func (p *parser) parseLetValue() Expr {
	if p.is("view") && p.peek(1).Kind == LParen {
		view := p.tok.Pos
		p.next()
		f := p.parseFuncLit()
		f.View = view
		return f
	}
	if p.tok.Kind == LParen && p.looksLikeParams() {
		return p.parseFuncLit()
	}
	if p.is("materialize") && p.peek(1).Kind == LParen {
		// materialize(...) is allowed only as the value of a let.
		return p.parseCall(p.wordIdent()) // and no pipe may follow it
	}
	return p.parsePipeExpr(false)
}

// looksLikeParams reports whether the '(' at the current token opens a
// parameter list: it is followed by ')', '*', or a name and ':'.
func (p *parser) looksLikeParams() bool {
	t1 := p.peek(1)
	switch t1.Kind {
	case RParen:
		return p.peek(2).Kind == LBrace
	case Star:
		return true
	}
	if t1.Kind.isWord() {
		return p.peek(2).Kind == Colon
	}
	if t1.Kind == LBrack {
		// (['name']: type)
		j := 2
		for p.peek(j).Kind == String {
			j++
		}
		return p.peek(j).Kind == RBrack && p.peek(j+1).Kind == Colon
	}
	return false
}

func (p *parser) parseFuncLit() *FuncLit {
	f := &FuncLit{View: NoPos, Lparen: p.expect(LParen)}
	f.Params = p.parseParams(RParen)
	p.expect(RParen)
	f.Body = p.parseBlock()
	return f
}

// parseParams parses "name: type [= default], ..." up to (not including) end.
func (p *parser) parseParams(end TokenKind) []*Param {
	var ps []*Param
	if p.tok.Kind == end {
		return ps
	}
	for {
		if p.tok.Kind == Star {
			// (*) as a whole tabular parameter list is unusual; accept it as a name.
			pos := p.tok.Pos
			p.next()
			ps = append(ps, &Param{Name: &Ident{NamePos: pos, EndPos: pos + 1, Name: "*"}})
		} else {
			prm := &Param{Name: p.parseDeclName()}
			p.expect(Colon)
			prm.Type = p.parseType()
			if p.tok.Kind == Assign {
				p.next()
				prm.Default = p.parseUnary()
			}
			ps = append(ps, prm)
		}
		if p.tok.Kind != Comma {
			return ps
		}
		p.next()
	}
}

// parseType parses a scalar type name or a parenthesized schema.
func (p *parser) parseType() *TypeRef {
	if p.tok.Kind == LParen {
		t := &TypeRef{From: p.tok.Pos, Schema: true}
		p.next()
		for p.tok.Kind != RParen {
			if p.tok.Kind == Star {
				t.Star = true
				p.next()
			} else {
				t.Columns = append(t.Columns, p.parseColumnDecl())
			}
			if p.tok.Kind != Comma {
				break
			}
			p.next()
		}
		t.To = p.expect(RParen) + 1
		return t
	}
	if !p.tok.Kind.isWord() {
		p.failExpected("a type name")
	}
	if !isTypeName(p.text(p.tok)) {
		p.fail(p.tok.Pos, p.tok.End, quote(p.text(p.tok))+" is not a type name")
	}
	t := p.types.alloc()
	t.From, t.To, t.Name = p.tok.Pos, p.tok.End, p.text(p.tok)
	p.next()
	return t
}

// isTypeName reports whether w names a scalar type.
func isTypeName(w string) bool {
	switch w {
	case "bool", "boolean", "byte", "char", "date", "datetime", "double", "dynamic", "float", "guid", "int", "int16",
		"int32", "int64", "int8", "long", "real", "decimal", "string", "time", "timespan", "uint", "uint16", "uint32",
		"uint64", "uint8", "ulong", "uniqueid", "uuid":
		return true
	}
	return false
}

func (p *parser) parseColumnDecl() *ColumnDecl {
	c := p.columns.alloc()
	c.Name = p.parseDeclName()
	p.expect(Colon)
	c.Type = p.parseType()
	return c
}

// parseSchema parses "( Name:type, ... )" and returns the columns.
func (p *parser) parseSchema() []*ColumnDecl {
	p.expect(LParen)
	var cs []*ColumnDecl
	for p.tok.Kind != RParen {
		cs = append(cs, p.parseColumnDecl())
		if p.tok.Kind != Comma {
			break
		}
		p.next()
	}
	p.expect(RParen)
	return cs
}

func (p *parser) parseBlock() *Block {
	b := &Block{Lbrace: p.expect(LBrace)}
	p.enter()
	b.Stmts = p.parseStmts(RBrace)
	p.leave()
	b.Rbrace = p.expect(RBrace)
	return b
}

func (p *parser) parseSet() *SetStmt {
	s := &SetStmt{Set: p.tok.Pos}
	p.next()
	s.Name = p.parseAnyName()
	if p.tok.Kind == Assign {
		p.next()
		s.Value = p.parseExpr()
	}
	return s
}

func (p *parser) parseAlias() *AliasStmt {
	s := &AliasStmt{Alias: p.tok.Pos}
	p.next() // alias
	p.next() // database
	s.Name = p.parseDeclName()
	p.expect(Assign)
	s.Value = p.parseExpr()
	return s
}

func (p *parser) parseDeclare() *DeclareStmt {
	s := &DeclareStmt{Declare: p.tok.Pos}
	p.next() // declare
	p.next() // query_parameters
	p.expect(LParen)
	s.Params = p.parseParams(RParen)
	s.Rparen = p.expect(RParen)
	return s
}

func (p *parser) parsePatternStmt() *PatternStmt {
	s := &PatternStmt{Declare: p.tok.Pos}
	p.next() // declare
	p.next() // pattern
	s.Name = p.parseDeclName()
	s.EndPos = s.Name.End()
	if p.tok.Kind == Assign {
		from := p.tok.Pos
		// The body is kept as text: skip balanced brackets up to ';'.
		d := 0
		for p.tok.Kind != EOF && !(d == 0 && p.tok.Kind == Semi) {
			switch p.tok.Kind {
			case LParen, LBrack, LBrace:
				d++
			case RParen, RBrack, RBrace:
				d--
			}
			s.EndPos = p.tok.End
			p.next()
		}
		s.Body = p.src[from:s.EndPos]
	}
	return s
}

func (p *parser) parseRestrict() *RestrictStmt {
	s := &RestrictStmt{Restrict: p.tok.Pos}
	p.next() // restrict
	p.next() // access
	p.expectWord("to")
	p.expect(LParen)
	for p.tok.Kind != RParen {
		s.Tables = append(s.Tables, p.parseWildOrExpr())
		if p.tok.Kind != Comma {
			break
		}
		p.next()
	}
	s.EndPos = p.expect(RParen) + 1
	if p.is("with") {
		p.next()
		s.With = p.parseParenNamedList(false)
		s.EndPos = p.prevEnd()
	}
	return s
}

// arena holds the slabs the common nodes and lists of one parse come from.
type arena struct {
	idents    slab[Ident]
	lits      slab[Literal]
	bins      slab[BinaryExpr]
	nameds    slab[NamedExpr]
	calls     slab[CallExpr]
	members   slab[MemberExpr]
	pipes     slab[Pipeline]
	queries   slab[QueryStmt]
	lets      slab[LetStmt]
	wheres    slab[WhereOp]
	extends   slab[ExtendOp]
	sorts     slab[SortExpr]
	indexes   slab[IndexExpr]
	parens    slab[ParenExpr]
	listExprs slab[ListExpr]
	types     slab[TypeRef]
	columns   slab[ColumnDecl]
	jsonArrs  slab[JSONArray]
	exprList  listSlab[Expr]
	namedLst  listSlab[*NamedExpr]
	opList    listSlab[Operator]
	identLst  listSlab[*Ident]
}

// listSlab hands out slices from chunks, as slab does nodes. A slice's
// capacity is its length, so that appending to it never writes into its
// neighbour's elements.
type listSlab[T any] struct{ slab[T] }

// copy returns a copy of xs, nil if xs is empty.
func (s *listSlab[T]) copy(xs []T) []T {
	n := len(xs)
	if n == 0 {
		return nil
	}
	if n > len(s.buf)-s.used {
		if n > 64 {
			return append([]T(nil), xs...)
		}
		s.next = min(max(s.next*2, 8), 256)
		s.buf, s.used = make([]T, max(s.next, n)), 0
	}
	d := s.buf[s.used : s.used+n : s.used+n]
	s.used += n
	copy(d, xs)
	return d
}

// pop returns a copy of the elements of *stack from base on, nil if there
// are none, and cuts them off the stack, clearing them.
func (s *listSlab[T]) pop(stack *[]T, base int) []T {
	xs := s.copy((*stack)[base:])
	clear((*stack)[base:])
	*stack = (*stack)[:base]
	return xs
}

// one returns a slice holding just x.
func (s *listSlab[T]) one(x T) []T {
	if s.used == len(s.buf) {
		s.next = min(max(s.next*2, 8), 256)
		s.buf, s.used = make([]T, s.next), 0
	}
	d := s.buf[s.used : s.used+1 : s.used+1]
	s.used++
	d[0] = x
	return d
}

// slab hands out nodes from chunks, so that the many small nodes of a tree
// cost few allocations. A node is taken by counting, not by reslicing buf,
// which would store a pointer (and pay a write barrier) for every node.
type slab[T any] struct {
	buf  []T
	used int // nodes of buf handed out
	next int // size of the next chunk; chunks grow as a tree gets big
}

// firstChunks holds the script and the first chunks of the slabs that
// nearly every parse uses, so that they cost one allocation.
type firstChunks struct {
	script  Script
	stmts   [4]Stmt
	queries [1]QueryStmt
	pipes   [2]Pipeline
	nameds  [2]NamedExpr
	exprs   [8]Expr
	ops     [8]Operator
	idents  [8]*Ident
	nlist   [8]*NamedExpr
}

// seed makes buf the first chunk; the chunks after it grow as usual.
func (s *slab[T]) seed(buf []T) {
	s.buf, s.used = buf, 0
	s.next = len(buf)
}

// first makes the first chunk, of n nodes.
func (s *slab[T]) first(n int) {
	if n > 0 {
		s.buf, s.used = make([]T, n), 0
	}
}

// alloc returns a zero node: chunks are new memory, never reused, so a
// node can be filled field by field (which costs fewer write barriers than
// assigning a whole struct, which zeroes it again first).
func (s *slab[T]) alloc() *T {
	if s.used == len(s.buf) {
		s.next = min(max(s.next*2, 2), 256)
		s.buf, s.used = make([]T, s.next), 0
	}
	x := &s.buf[s.used]
	s.used++
	return x
}
