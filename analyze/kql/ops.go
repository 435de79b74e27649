package kql

import "strings"

// parsePipeExpr parses "Source | Op | ...", or a pipeline that starts with
// a leading operator (union, print, range, ...). Without pipes it returns
// the source expression itself. At the top level (top) each stage recovers
// from its own errors: it becomes a *BadOp and parsing goes on at the next '|'.
func (p *parser) parsePipeExpr(top bool) Expr { return p.parsePipeExprLead(top, true) }

// parsePipeExprLead is parsePipeExpr; with generic false, only the operators
// that always lead (print, union, range, ...) may start the pipeline, as in
// function arguments and the later elements of a list.
func (p *parser) parsePipeExprLead(top, generic bool) Expr {
	p.enter()
	defer p.leave()
	var src Expr
	// The steps gather on a stack shared by nested pipelines, so that the
	// list is allocated once at its exact size.
	base := len(p.ostack)
	start := p.i
	if p.isLeadingOp(generic) {
		if top {
			var op Operator
			if !p.recoverTo(start, true, func() { op = p.parseOperator(NoPos) }) {
				op = p.badOp(NoPos, start)
			}
			p.ostack = append(p.ostack, op)
		} else {
			op := p.parseOperator(NoPos)
			p.ostack = append(p.ostack, op)
		}
	} else if top {
		if !p.recoverTo(start, true, func() { src = p.parseExpr() }) {
			src = &BadExpr{From: p.toks[start].Pos, To: p.prevEnd()}
		}
	} else {
		src = p.parseExpr()
	}
	if p.tok.Kind != Pipe && src != nil {
		return src
	}
	for p.tok.Kind == Pipe {
		op := p.parseStage(top)
		p.ostack = append(p.ostack, op)
	}
	pl := p.pipes.alloc()
	pl.Source, pl.Ops = src, p.opList.pop(&p.ostack, base)
	return pl
}

// parseStage parses "| Op" at the current '|'.
func (p *parser) parseStage(top bool) Operator {
	start := p.i
	bar := p.tok.Pos
	p.next()
	if !top {
		return p.parseOperator(bar)
	}
	var op Operator
	if !p.recoverTo(start, true, func() { op = p.parseOperator(bar) }) {
		op = p.badOp(bar, start+1)
	}
	return op
}

func (p *parser) badOp(bar Pos, start int) *BadOp {
	from := p.toks[start].Pos
	to := p.prevEnd()
	if to < from {
		to = from
	}
	kw := ""
	if t := p.toks[start]; t.Kind.isWord() || t.Kind == SymKeyword {
		kw = p.text(t)
	}
	return &BadOp{OpHead: OpHead{Bar: bar, OpPos: from, Keyword: kw, EndPos: to}, From: from, To: to}
}

// parseSubPipeline parses the body of mv-apply, fork, facet and partition:
// a pipeline that may start directly with an operator.
func (p *parser) parseSubPipeline() Expr {
	if !p.startsWithOperator() {
		p.failExpected("a query operator")
	}
	p.enter()
	defer p.leave()
	ops := make([]Operator, 0, 4)
	ops = append(ops, p.parseOperator(NoPos))
	for p.tok.Kind == Pipe {
		ops = append(ops, p.parseStage(false))
	}
	return &Pipeline{Ops: ops}
}

// parseParenSubPipeline parses "( sub-pipeline )".
func (p *parser) parseParenSubPipeline() *ParenExpr {
	lp := p.expect(LParen)
	x := p.parseSubPipeline()
	return &ParenExpr{Lparen: lp, X: x, Rparen: p.expect(RParen)}
}

// startsWithOperator reports whether the current token is a query operator
// keyword used as such (not a name or a function call).
func (p *parser) startsWithOperator() bool {
	if !p.tok.Kind.isWord() && p.tok.Kind != SymKeyword {
		return false
	}
	w := p.text(p.tok)
	switch n := p.peek(1).Kind; {
	case !tabularOperators[w]:
		return false
	case n == LParen:
		return w == "fork"
	case n == Pipe || n == RParen || n == Comma || n == Dot:
		return false
	}
	return true
}

// isLeadingOp reports whether the current token starts a pipeline with an
// operator (union T, print x, range x from ..., evaluate f(), ...).
func (p *parser) isLeadingOp(generic bool) bool {
	t := p.tok
	if !t.Kind.isWord() && t.Kind != SymKeyword {
		return false
	}
	switch p.text(t) {
	case "print", "union", "search", "find", "macro-expand":
		return true
	case "inline_external_table":
		return p.peek(1).Kind == LParen || p.isParamStart(1)
	case "range":
		n := p.peek(1)
		return n.Kind.isWord() && p.peekIs(2, "from")
	case "evaluate":
		n := p.peek(1)
		return n.Kind.isWord() || n.Kind == SymKeyword
	}
	// An operator keyword that cannot be a name starts a pipeline with no
	// source (where x, project a); the missing input is not a syntax error.
	w := p.text(t)
	return generic && tabularOperators[w] && !usableAsIdent[w]
}

// opParams lists the operator parameters each operator takes.
var opParams = map[string]string{
	"as": " hint.materialized ", "consume": " decodeblocks ",
	"distinct":  " hint.shufflekey hint.strategy hint.num_partitions ",
	"evaluate":  " hint.distribution hint.remote hint.pass_filters hint.pass_filters_column ",
	"find":      " withsource with_source datascope hint.",
	"getschema": " kind ",
	"join":      " kind hint.remote hint.shufflekey hint.strategy hint.num_partitions hint.concurrency hint.spread ",
	"lookup":    " kind ", "make-series": " kind hint.shufflekey hint.strategy ",
	"mv-apply": " with_itemindex ", "mvapply": " with_itemindex ",
	"mv-expand": " kind bagexpansion with_itemindex ", "mvexpand": " kind bagexpansion with_itemindex ",
	"parse": " kind flags ", "parse-where": " kind flags ",
	"partition": " hint.strategy hint.concurrency hint.spread hint.materialized hint.shufflekey hint.",
	"reduce":    " kind ", "search": " kind datascope ", "sort": " hint.strategy ", "order": " hint.strategy ",
	"summarize":             " hint.shufflekey hint.strategy hint.num_partitions hint.",
	"top":                   " hint.progressive_top ",
	"union":                 " kind withsource with_source isfuzzy __isFuzzy best_effort hint.concurrency hint.spread ",
	"scan":                  " kind with_match_id with_step_name ",
	"graph-mark-components": " kind with_component_id ",
	"graph-match":           " cycles ", "graph-shortest-paths": " output ",
	"graph-to-table": " with_node_id with_source_id with_target_id ",
	"make-graph":     " hint.strategy with_node_id ",
	"macro-expand":   " isfuzzy force_remote best_effort ",
	"datatable":      " hint.", "externaldata": " hint.", "external_data": " hint.",
	"toscalar": " kind ", "totable": " kind ", "take": " hint.", "limit": " hint.",
	"render": " kind title accumulate xcolumn ycolumns anomalycolumns series xtitle ytitle xaxis yaxis legend ysplit ymin ymax xmin xmax ",
}

// isParamStart reports whether the token k ahead starts an operator
// parameter "name =" (any parameter name; the operator is not checked).
func (p *parser) isParamStart(k int) bool {
	t := p.peek(k)
	if !(t.Kind.isWord() || t.Kind == SymKeyword) || p.peek(k+1).Kind != Assign {
		return false
	}
	return isParamName(p.text(t))
}

func isParamName(w string) bool {
	if strings.HasPrefix(w, "hint.") {
		return true
	}
	switch w {
	case "kind", "withsource", "with_source", "isfuzzy", "__isFuzzy", "best_effort", "with_itemindex",
		"with_match_id", "with_step_name", "bagexpansion", "flags", "datascope", "decodeblocks", "cycles", "output",
		"with_node_id", "with_source_id", "with_target_id", "with_component_id", "force_remote", "bin_legacy",
		"__crossCluster", "__crossDB", "__id", "__noWithSource", "__packedColumn", "__sourceColumnIndex",
		"expandoutput":
		return true
	}
	return false
}

// paramAllowed reports whether operator op takes the parameter name.
func paramAllowed(op, name string) bool {
	list, ok := opParams[op]
	if !ok {
		return false
	}
	if strings.HasPrefix(name, "hint.") && strings.Contains(list, " hint.") && strings.HasSuffix(list, "hint.") {
		return true
	}
	return strings.Contains(list, " "+name+" ")
}

// parseOpParams parses "name = value" operator parameters at the current
// token, for any operator.
func (p *parser) parseOpParams() []*OpParam {
	var ps []*OpParam
	for p.isParamStart(0) || p.isPassFilters() {
		ps = append(ps, p.parseOpParam())
	}
	return ps
}

// isPassFilters reports whether "hint.pass_filters =" (several tokens) starts here.
func (p *parser) isPassFilters() bool {
	return p.is("hint") && p.peek(1).Kind == Dot && (p.peekIs(2, "pass_filters") ||
		p.peekIs(2, "pass_filters_column")) && p.peek(3).Kind == Assign &&
		p.peek(1).Pos == p.tok.End && p.peek(2).Pos == p.peek(1).End
}

func (p *parser) parseOpParam() *OpParam {
	var name *Ident
	if p.is("hint") && p.peek(1).Kind == Dot {
		from := p.tok.Pos
		p.next()
		p.next()
		end := p.tok.End
		p.next()
		name = &Ident{NamePos: from, EndPos: end, Name: p.src[from:end]}
	} else {
		name = p.wordIdent()
	}
	p.expect(Assign)
	return &OpParam{Name: name, Value: p.parseParamValue()}
}

// parseParamValue parses the value of an operator parameter: one literal,
// a signed number, a word or a bracketed name.
func (p *parser) parseParamValue() Expr {
	t := p.tok
	switch t.Kind {
	case String, BadString, Long, Real, Timespan, GooLiteral, Minus, Plus:
		return p.parseUnary()
	case LBrack:
		if id := p.tryBracketedName(); id != nil {
			return id
		}
	case RawGuid:
		p.next()
		return &Literal{ValuePos: t.Pos, Kind: LitGuid, Raw: p.text(t), Value: p.text(t)}
	case IdentToken, Keyword, OpName, FuncName:
		w := p.text(t)
		switch w {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return p.parseWordPrimary()
		}
		switch {
		case isRefName(t.Kind, w), w == "hotcache", w == "nooptimization", w == "relaxed", w == "simple":
			// Keywords are values only where a parameter takes them.
			return p.wordIdent()
		}
	}
	p.failExpected("a parameter value")
	return nil
}

func (p *parser) head(bar Pos, kw string, params bool) OpHead {
	h := OpHead{Bar: bar, OpPos: p.tok.Pos, Keyword: kw}
	p.next()
	if params {
		// The official parser accepts any known parameter on any operator
		// that takes parameters; which ones apply is checked later.
		h.Params = p.parseOpParams()
	}
	return h
}

// parseOperator parses one tabular operator at its keyword; bar is the
// position of the '|' before it, or NoPos.
func (p *parser) parseOperator(bar Pos) Operator {
	t := p.tok
	if !t.Kind.isWord() && t.Kind != SymKeyword {
		if bar.IsValid() {
			p.failExpected("a query operator")
		}
		p.failExpected("an expression")
	}
	kw := p.text(t)
	op := p.parseOperatorBody(bar, kw)
	op.Head().EndPos = p.prevEnd()
	return op
}

func (p *parser) parseOperatorBody(bar Pos, kw string) Operator {
	switch kw {
	case "where", "filter":
		h := p.head(bar, kw, false)
		if p.namedStart() > 0 {
			// where x = y is accepted by the official parser as a named expression.
			w := p.wheres.alloc()
			w.OpHead, w.Pred = h, p.parseNamedExpr()
			return w
		}
		w := p.wheres.alloc()
		w.OpHead, w.Pred = h, p.parseExpr()
		return w
	case "extend":
		h := p.head(bar, kw, false)
		e := p.extends.alloc()
		e.OpHead, e.Exprs = h, p.parseNamedList()
		return e
	case "project":
		h := p.head(bar, kw, false)
		op := &ProjectOp{OpHead: h}
		if p.startsList() {
			op.Exprs = p.parseNamedList()
		}
		return op
	case "project-away", "project-keep":
		h := p.head(bar, kw, false)
		var cols []Expr
		if p.startsList() {
			cols = p.parseColumnList()
		}
		if kw == "project-away" {
			return &ProjectAwayOp{OpHead: h, Cols: cols}
		}
		return &ProjectKeepOp{OpHead: h, Cols: cols}
	case "project-rename":
		h := p.head(bar, kw, false)
		op := &ProjectRenameOp{OpHead: h}
		if p.startsList() {
			op.Exprs = p.parseNamedList()
		}
		return op
	case "project-reorder":
		h := p.head(bar, kw, false)
		op := &ProjectReorderOp{OpHead: h}
		for p.startsList() {
			x := p.parseColumnName()
			op.Cols = append(op.Cols, p.parseSortRest(x, true))
			if p.tok.Kind != Comma {
				break
			}
			p.next()
			if !p.startsExpr() {
				p.failExpected("a column name")
			}
		}
		return op
	case "project-by-names":
		h := p.head(bar, kw, false)
		op := &ProjectByNamesOp{OpHead: h}
		if p.startsList() {
			op.Exprs = p.parseWildList()
		}
		return op
	case "summarize":
		h := p.head(bar, kw, true)
		op := &SummarizeOp{OpHead: h, ByPos: NoPos}
		if !(p.is("by") && !p.peekAssign()) && p.startsList() {
			op.Aggs = p.parseNamedList()
		}
		if p.is("by") {
			op.ByPos = p.tok.Pos
			p.next()
			op.By = p.parseNamedList()
		}
		return op
	case "distinct":
		h := p.head(bar, kw, true)
		return &DistinctOp{OpHead: h, Exprs: p.parseNamedList()}
	case "count":
		h := p.head(bar, kw, false)
		op := &CountOp{OpHead: h}
		if p.is("as") {
			p.next()
			op.As = p.parseDeclName()
		}
		return op
	case "take", "limit":
		h := p.head(bar, kw, true)
		return &TakeOp{OpHead: h, Count: p.parseExpr()}
	case "top":
		h := p.head(bar, kw, true)
		op := &TopOp{OpHead: h, Count: p.parseExpr()}
		p.expectWord("by")
		op.By = []*SortExpr{p.parseSortRest(p.parseExpr(), false)} // one expression only
		return op
	case "top-nested":
		return p.parseTopNested(bar, kw)
	case "top-hitters":
		h := p.head(bar, kw, true)
		op := &TopHittersOp{OpHead: h, Count: p.parseExpr()}
		p.expectWord("of")
		op.Of = p.parseExpr()
		if p.is("by") {
			p.next()
			op.By = p.parseExpr()
		}
		return op
	case "sort", "order":
		h := p.head(bar, kw, true)
		p.expectWord("by")
		return &SortOp{OpHead: h, By: p.parseSortList(false)}
	case "join":
		h := p.head(bar, kw, true)
		op := &JoinOp{OpHead: h, Right: p.parseWildOrExpr()}
		switch {
		case p.is("on"):
			p.next()
			op.On = p.parseExprCommaList()
		case p.is("where"):
			p.next()
			op.Where = p.parseExpr()
		}
		return op
	case "lookup":
		h := p.head(bar, kw, true)
		op := &LookupOp{OpHead: h, Right: p.parseWildOrExpr()}
		p.expectWord("on")
		op.On = p.parseExprCommaList()
		return op
	case "union":
		h := p.head(bar, kw, true)
		op := &UnionOp{OpHead: h}
		for {
			op.Legs = append(op.Legs, p.parseUnionLeg())
			if p.tok.Kind != Comma {
				break
			}
			p.next()
		}
		return op
	case "mv-expand", "mvexpand":
		h := p.head(bar, kw, true)
		op := &MvExpandOp{OpHead: h, Items: p.parseExpandItems()}
		if p.is("limit") {
			p.next()
			op.Limit = p.parseExpr()
		}
		return op
	case "mv-apply", "mvapply":
		h := p.head(bar, kw, true)
		op := &MvApplyOp{OpHead: h, Items: p.parseExpandItems()}
		if p.is("limit") {
			p.next()
			op.Limit = p.parseExpr()
		}
		if p.is("id") {
			p.next()
			op.ID = p.parseParamValue()
		}
		p.expectWord("on")
		op.Body = p.parseParenSubPipeline()
		return op
	case "parse", "parse-where":
		h := p.head(bar, kw, true)
		src := p.parseExpr()
		p.expectWord("with")
		var pat []Expr
		if p.startsExpr() {
			pat = p.parsePattern()
		}
		if kw == "parse" {
			return &ParseOp{OpHead: h, Source: src, Pattern: pat}
		}
		return &ParseWhereOp{OpHead: h, Source: src, Pattern: pat}
	case "parse-kv":
		h := p.head(bar, kw, false)
		op := &ParseKvOp{OpHead: h, Source: p.parseExpr()}
		p.expectWord("as")
		op.Schema = p.parseSchema()
		if p.is("with") {
			p.next()
			op.With = p.parseParenNamedList(false)
		}
		return op
	case "make-series":
		return p.parseMakeSeries(bar, kw)
	case "evaluate":
		h := p.head(bar, kw, true)
		op := &EvaluateOp{OpHead: h}
		if !p.tok.Kind.isWord() || p.peek(1).Kind != LParen {
			p.failExpected("a plugin call such as bag_unpack(x)")
		}
		op.Plugin = p.parseCall(p.wordIdent())
		if p.tok.Kind == Colon {
			p.next()
			op.Schema = p.parseType()
		}
		return op
	case "search":
		h := p.head(bar, kw, true)
		op := &SearchOp{OpHead: h}
		if p.is("in") && p.peek(1).Kind == LParen {
			p.next()
			op.In = p.parseParenWildList()
		}
		op.Pred = p.parseExpr()
		return op
	case "find":
		return p.parseFind(bar, kw)
	case "render":
		return p.parseRender(bar, kw)
	case "as":
		h := p.head(bar, kw, true)
		return &AsOp{OpHead: h, Name: p.parseDeclName()}
	case "invoke":
		h := p.head(bar, kw, false)
		if !p.tok.Kind.isWord() || p.peek(1).Kind != LParen {
			p.failExpected("a function call")
		}
		return &InvokeOp{OpHead: h, Call: p.parsePostfix()}
	case "fork":
		h := p.head(bar, kw, false)
		op := &ForkOp{OpHead: h}
		for p.tok.Kind == LParen || p.tok.Kind.isWord() && p.peek(1).Kind == Assign {
			b := &ForkBranch{}
			if p.tok.Kind != LParen {
				b.Name = p.parseDeclName()
				p.next() // =
			}
			lp := p.expect(LParen)
			var x Expr
			if p.startsWithOperator() {
				x = p.parseSubPipeline()
			} else {
				x = p.parsePipeExpr(false)
			}
			b.Body = &ParenExpr{Lparen: lp, X: x, Rparen: p.expect(RParen)}
			op.Branches = append(op.Branches, b)
		}
		if len(op.Branches) == 0 {
			p.failExpected("\"(\"")
		}
		return op
	case "facet":
		h := p.head(bar, kw, false)
		p.expectWord("by")
		op := &FacetOp{OpHead: h, By: p.parseExprCommaList()}
		if p.is("with") {
			p.next()
			if p.tok.Kind == LParen {
				op.With = p.parseParenSubPipeline()
			} else {
				op.With = &Pipeline{Ops: []Operator{p.parseOperator(NoPos)}}
			}
		}
		return op
	case "serialize":
		h := p.head(bar, kw, false)
		op := &SerializeOp{OpHead: h}
		if p.startsList() {
			op.Exprs = p.parseNamedList()
		}
		return op
	case "getschema":
		return &GetSchemaOp{OpHead: p.head(bar, kw, true)}
	case "consume":
		return &ConsumeOp{OpHead: p.head(bar, kw, true)}
	case "sample":
		h := p.head(bar, kw, true)
		return &SampleOp{OpHead: h, Count: p.parseExpr()}
	case "sample-distinct":
		h := p.head(bar, kw, true)
		op := &SampleDistinctOp{OpHead: h, Count: p.parseExpr()}
		p.expectWord("of")
		op.Of = p.parseExpr()
		return op
	case "partition":
		h := p.head(bar, kw, true)
		p.expectWord("by")
		var by Expr = p.parseAnyName()
		for p.tok.Kind == Dot && p.peek(1).Kind.isWord() {
			dot := p.tok.Pos
			p.next()
			by = &MemberExpr{X: by, Dot: dot, Sel: p.wordIdent()}
		}
		op := &PartitionOp{OpHead: h, By: by}
		if p.is("in") {
			// in f() or in dynamic([...]), without parentheses around.
			p.next()
			if p.tok.Kind == LParen {
				p.failExpected("a function call or dynamic(...)")
			}
			op.In = p.parsePostfix()
		}
		switch p.tok.Kind {
		case LParen:
			op.Body = p.parseParenSubPipeline()
		case LBrace:
			lb := p.tok.Pos
			p.next()
			x := p.parsePipeExpr(false)
			op.Body = &ParenExpr{Lparen: lb, X: x, Rparen: p.expect(RBrace), Brace: true}
		default:
			p.failExpected("\"(\"")
		}
		return op
	case "range":
		h := p.head(bar, kw, false)
		op := &RangeOp{OpHead: h, Name: p.parseDeclName()}
		p.expectWord("from")
		op.From = p.parseExpr()
		p.expectWord("to")
		op.To = p.parseExpr()
		p.expectWord("step")
		op.Step = p.parseExpr()
		return op
	case "print":
		h := p.head(bar, kw, false)
		return &PrintOp{OpHead: h, Exprs: p.parseNamedList()}
	case "reduce":
		h := p.head(bar, kw, true)
		p.expectWord("by")
		op := &ReduceOp{OpHead: h, By: p.parseExpr()}
		if p.is("with") {
			p.next()
			op.With = p.parseNamedList()
		}
		return op
	case "assert-schema":
		h := p.head(bar, kw, false)
		return &AssertSchemaOp{OpHead: h, Schema: p.parseType()}
	case "graph-match", "graph-shortest-paths":
		return p.parseGraphMatch(bar, kw)
	case "scan":
		return p.parseScan(bar, kw)
	case "inline_external_table":
		h := p.head(bar, kw, false)
		op := &GenericOp{OpHead: h}
		from := p.tok.Pos
		if p.tok.Kind == LParen {
			for _, c := range p.parseSchema() {
				op.Parts = append(op.Parts, &TypedName{Name: c.Name, Type: c.Type})
			}
		}
		p.parseGenericRest(op, from)
		return op
	case "macro-expand":
		return p.parseMacroExpand(bar, kw)
	case "make-graph":
		return p.parseMakeGraph(bar, kw)
	case "graph-where-nodes", "graph-where-edges":
		h := p.head(bar, kw, false)
		return &GenericOp{OpHead: h, Parts: []Expr{p.parseExpr()}, Text: p.src[h.OpPos+Pos(len(kw)) : p.prevEnd()]}
	case "graph-to-table", "graph-mark-components",
		"__executeAndCache", "__partitionby",
		"materialized-view-combine", "execute-and-cache":
		return p.parseGeneric(bar, kw)
	}
	if bar.IsValid() {
		p.fail(p.tok.Pos, p.tok.End, "unknown query operator "+quote(kw))
	}
	p.failExpected("an expression")
	return nil
}

// startsList reports whether an optional list is present: the current
// token can start an expression, or is a ',' (an element is then missing).
func (p *parser) startsList() bool { return p.startsExpr() || p.tok.Kind == Comma }

// peekAssign reports whether the token after the current one is '='.
func (p *parser) peekAssign() bool { return p.peek(1).Kind == Assign }

// startsExpr reports whether the current token can start an expression, so
// an optional list is present.
func (p *parser) startsExpr() bool {
	switch p.tok.Kind {
	case IdentToken, Keyword, OpName, FuncName, String, BadString, Long, Real, Timespan, GooLiteral, RawGuid,
		LParen, LBrack, LBrace, Star, Minus, Plus, At:
		return true
	}
	return false
}

func (p *parser) parseExprCommaList() []Expr {
	es := make([]Expr, 0, 2)
	for {
		es = append(es, p.parseExpr())
		if p.tok.Kind != Comma {
			return es
		}
		p.next()
	}
}

func (p *parser) parseWildList() []Expr {
	es := make([]Expr, 0, 4)
	for {
		es = append(es, p.parseWildOrExpr())
		if p.tok.Kind != Comma {
			return es
		}
		p.next()
	}
}

// parseColumnList parses "Col, Wild*, ['x'], ..." (project-away, project-keep).
func (p *parser) parseColumnList() []Expr {
	es := make([]Expr, 0, 4)
	for {
		es = append(es, p.parseColumnName())
		if p.tok.Kind != Comma {
			return es
		}
		p.next()
	}
}

// parseColumnName parses a column name or a wildcard name.
func (p *parser) parseColumnName() Expr {
	if p.tok.Kind == Star || p.tok.Kind.isWord() {
		if w := p.tryWild(false); w != nil {
			return w
		}
	}
	if p.tok.Kind.isWord() && !isRefName(p.tok.Kind, p.text(p.tok)) {
		p.failKeyword(p.tok)
	}
	if !(p.tok.Kind.isWord() || p.tok.Kind == LBrack || p.tok.Kind == LBrace) {
		p.failExpected("a column name")
	}
	return p.parseDeclName()
}

func (p *parser) parseParenWildList() []Expr {
	p.expect(LParen)
	var es []Expr
	if p.tok.Kind != RParen {
		es = p.parseWildList()
	}
	p.expect(RParen)
	return es
}

// parseSortList parses "Expr [asc|desc] [nulls first|last], ...".
func (p *parser) parseSortList(granny bool) []*SortExpr {
	es := make([]*SortExpr, 0, 2)
	for {
		es = append(es, p.parseSortRest(p.parseExpr(), granny))
		if p.tok.Kind != Comma {
			return es
		}
		p.next()
	}
}

func (p *parser) parseSortRest(x Expr, granny bool) *SortExpr {
	s := p.sorts.alloc()
	s.X = x
	if p.is("asc") || p.is("desc") || granny && (p.is("granny-asc") || p.is("granny-desc")) {
		s.Order = p.text(p.tok)
		p.next()
	}
	if !granny && p.is("nulls") && (p.peekIs(1, "first") || p.peekIs(1, "last")) {
		p.next()
		s.Nulls = p.text(p.tok)
		p.next()
	}
	s.EndPos = p.prevEnd()
	return s
}

// parseUnionLeg parses a union leg: a wildcard name, a parenthesized
// pipeline, or an expression.
func (p *parser) parseUnionLeg() Expr {
	if p.tok.Kind == Star || p.tok.Kind.isWord() {
		if w := p.tryWild(true); w != nil {
			return w
		}
	}
	x := p.parsePostfix()
	if p.tok.Kind == Star && p.tok.Pos == x.End() {
		// db("x").T* written as a call chain followed by a wildcard.
		if w := p.tryWild(false); w != nil {
			return &WildName{NamePos: x.Pos(), EndPos: w.EndPos, Pattern: p.src[x.Pos():w.EndPos]}
		}
	}
	if p.isParamStart(0) && p.is("datascope") {
		p.parseOpParam() // T datascope=hotcache
	}
	return x
}

// parseExpandItems parses the items of mv-expand and mv-apply.
func (p *parser) parseExpandItems() []*ExpandItem {
	items := make([]*ExpandItem, 0, 2)
	for {
		if p.is("limit") && !p.peekAssign() {
			// The limit clause, not a column named limit.
			p.failExpected("an expression")
		}
		it := &ExpandItem{Expr: p.parseNamedExpr()}
		if p.is("to") && p.peekIs(1, "typeof") {
			p.next()
			it.To = p.parseTypeof()
		}
		items = append(items, it)
		if p.tok.Kind != Comma {
			return items
		}
		p.next()
	}
}

// parsePattern parses a parse pattern: '*', string literals and
// "Name[:type]" items with no commas, up to the end of the operator.
func (p *parser) parsePattern() []Expr {
	var items []Expr
	for {
		t := p.tok
		switch t.Kind {
		case Star:
			p.next()
			items = append(items, &StarExpr{Star: t.Pos})
			continue
		case String:
			items = append(items, p.parseString())
			continue
		case BadString:
			p.badString(t)
		case LBrack, IdentToken, FuncName, Keyword, OpName:
			if t.Kind != LBrack && !p.isDeclName(t) {
				break
			}
			tn := &TypedName{Name: p.parseDeclName()}
			if p.tok.Kind == Colon {
				p.next()
				tn.Type = p.parseType()
			}
			items = append(items, tn)
			continue
		}
		if len(items) == 0 {
			p.failExpected("a parse pattern")
		}
		return items
	}
}

func (p *parser) parseTopNested(bar Pos, kw string) Operator {
	op := &TopNestedOp{OpHead: OpHead{Bar: bar, OpPos: p.tok.Pos, Keyword: kw}}
	for {
		c := &TopNestedClause{TopNested: p.tok.Pos}
		p.next()
		if !p.is("of") {
			c.Count = p.parseExpr()
		}
		p.expectWord("of")
		c.Of = p.parseNamedExpr()
		if p.is("with") && p.peekIs(1, "others") {
			p.next()
			p.next()
			p.expect(Assign)
			c.Others = p.parseExpr()
		}
		p.expectWord("by")
		c.By = p.parseNamedExpr()
		if p.is("asc") || p.is("desc") {
			c.Order = p.text(p.tok)
			p.next()
		}
		c.EndPos = p.prevEnd()
		op.Clauses = append(op.Clauses, c)
		if p.tok.Kind != Comma || !p.peekIs(1, "top-nested") {
			return op
		}
		p.next()
	}
}

func (p *parser) parseMakeSeries(bar Pos, kw string) Operator {
	h := p.head(bar, kw, true)
	op := &MakeSeriesOp{OpHead: h}
	for {
		a := &SeriesAgg{Expr: p.parseNamedExpr()}
		if p.is("default") && p.peekAssign() {
			p.next()
			p.next()
			a.Default = p.parseExpr()
		}
		op.Aggs = append(op.Aggs, a)
		if p.tok.Kind != Comma {
			break
		}
		p.next()
	}
	p.expectWord("on")
	op.On = p.parseExpr()
	if p.is("in") && p.peekIs(1, "range") {
		p.next()
		op.InRange = p.parsePostfix()
	} else {
		if p.is("from") {
			p.next()
			op.From = p.parseExpr()
		}
		if p.is("to") {
			p.next()
			op.To = p.parseExpr()
		}
		p.expectWord("step")
		op.Step = p.parseExpr()
	}
	if p.is("by") {
		p.next()
		op.By = p.parseNamedList()
	}
	return op
}

func (p *parser) parseFind(bar Pos, kw string) Operator {
	h := p.head(bar, kw, true)
	op := &FindOp{OpHead: h}
	if p.is("in") && p.peek(1).Kind == LParen {
		p.next()
		op.In = p.parseParenWildList()
		p.expectWord("where")
	} else if len(h.Params) > 0 {
		p.expectWord("where")
	} else if p.is("where") {
		p.next()
	}
	op.Pred = p.parseExpr()
	switch {
	case p.is("project-smart"):
		p.next()
		op.Smart = true
	case p.is("project"):
		p.next()
		for {
			if p.is("pack") && p.peek(1).Kind == LParen {
				op.Project = append(op.Project, p.parseCall(p.wordIdent()))
			} else {
				tn := &TypedName{Name: p.parseDeclName()}
				if p.tok.Kind == Colon {
					p.next()
					tn.Type = p.parseType()
				}
				op.Project = append(op.Project, tn)
			}
			if p.tok.Kind != Comma {
				break
			}
			p.next()
		}
	}
	if p.is("__projectAway") {
		p.next()
		op.Project = append(op.Project, p.parseWildList()...)
	}
	return op
}

func (p *parser) parseRender(bar Pos, kw string) Operator {
	h := p.head(bar, kw, false)
	op := &RenderOp{OpHead: h}
	if !p.tok.Kind.isWord() {
		p.failExpected("a chart type")
	}
	op.Chart = p.wordIdent()
	for {
		switch {
		case p.is("with") && p.peek(1).Kind == LParen && op.With == nil:
			p.next()
			op.With = p.parseParenNamedList(true)
			if op.With == nil {
				op.With = []*NamedExpr{} // "with ()" still ends the legacy forms
			}
		case p.tok.Kind.isWord() && p.peekAssign() && op.With == nil:
			op.Params = append(op.Params, p.parseOpParam())
		case p.is("by") && op.With == nil:
			p.next()
			op.By = append(op.By, p.parseExprCommaList()...)
		default:
			return op
		}
	}
}

// parseGeneric parses an operator known only by shape: it collects the
// expressions it can parse and skips keywords and punctuation between them,
// up to the end of the stage.
func (p *parser) parseGeneric(bar Pos, kw string) Operator {
	h := p.head(bar, kw, true)
	op := &GenericOp{OpHead: h}
	p.parseGenericRest(op, p.tok.Pos)
	return op
}

// parseGenericRest adds the items up to the end of the stage to op.Parts,
// and sets op.Text to the text from from.
func (p *parser) parseGenericRest(op *GenericOp, from Pos) {
	for {
		switch p.tok.Kind {
		case EOF, Pipe, Semi, RParen, RBrack, RBrace:
			op.Text = p.src[from:max(from, p.prevEnd())]
			return
		}
		if x := p.genericItem(); x != nil {
			op.Parts = append(op.Parts, x)
		}
	}
}

// genericItem parses one item of a generic operator: a bracketed group, an
// expression, or a skipped token (it then returns nil).
func (p *parser) genericItem() Expr {
	switch p.tok.Kind {
	case LParen, LBrack, LBrace:
		end := RParen
		if p.tok.Kind == LBrack {
			end = RBrack
		} else if p.tok.Kind == LBrace {
			end = RBrace
		}
		l := &ListExpr{Lparen: p.tok.Pos}
		p.next()
		p.enter()
		for p.tok.Kind != end {
			switch p.tok.Kind {
			case EOF, RParen, RBrack, RBrace:
				p.failExpected(quote(end.String()))
			}
			if x := p.genericItem(); x != nil {
				l.Elems = append(l.Elems, x)
			}
		}
		p.leave()
		l.Rparen = p.tok.Pos
		p.next()
		return l
	case IdentToken, FuncName, Keyword, OpName, String, Long, Real, Timespan, GooLiteral, Star, Minus:
		if p.tok.Kind.isWord() && !p.isDeclName(p.tok) && p.peek(1).Kind != LParen {
			p.next() // a keyword of the operator
			return nil
		}
		x, failed := p.tryExpr()
		if x != nil {
			return x
		}
		// Skip the tokens the failed attempt read, so that a long run of
		// them is not parsed again from each position.
		for p.i < failed && p.tok.Kind != EOF && p.tok.Kind != Pipe && p.tok.Kind != Semi {
			switch p.tok.Kind {
			case LParen, LBrack, LBrace, RParen, RBrack, RBrace:
				return nil
			}
			p.next()
		}
		return nil
	}
	p.next()
	return nil
}

// tryExpr parses an expression, or restores the position, drops the
// errors and returns nil and the index of the token where it failed.
func (p *parser) tryExpr() (Expr, int) {
	start, nerr := p.i, len(p.errs)
	var x Expr
	failed := start + 1
	if p.recoverTo(start, false, func() {
		defer func() {
			if r := recover(); r != nil {
				failed = max(p.i, start+1)
				panic(r)
			}
		}()
		if p.tok.Kind.isWord() && p.peekAssign() {
			x = p.parseNamedExpr()
		} else {
			x = p.parseExpr()
		}
	}) && p.i > start {
		return x, p.i
	}
	p.errs = p.errs[:nerr]
	p.i, p.tok = start, p.toks[start]
	return nil, failed
}

// parseGraphMatch parses "graph-match [params] Pattern, ... [where Pred]
// [project Exprs]". The patterns are collected leniently; the where and
// project clauses are parsed as expressions.
func (p *parser) parseGraphMatch(bar Pos, kw string) Operator {
	h := p.head(bar, kw, true)
	op := &GenericOp{OpHead: h}
	from := p.tok.Pos
	for {
		p.parseGraphPattern(op)
		if p.tok.Kind != Comma {
			break
		}
		p.next()
	}
	if p.is("where") {
		p.next()
		op.Parts = append(op.Parts, p.parseExpr())
	}
	if p.is("project") {
		p.next()
		for _, e := range p.parseNamedList() {
			op.Parts = append(op.Parts, e)
		}
	}
	op.Text = p.src[from:p.prevEnd()]
	return op
}

// parseGraphPattern parses "(a)-[e*1..3]->(b)<--(c)": nodes in
// parentheses joined by edges built from '-', '<', '>' and an optional
// "[name*min..max]". The names go to op.Parts.
func (p *parser) parseGraphPattern(op *GenericOp) {
	p.parseGraphNode(op)
	for p.tok.Kind == Minus || p.tok.Kind == Lt {
		if p.tok.Kind == Lt {
			p.next()
			if p.tok.Kind != Minus {
				p.failExpected("\"-\"")
			}
		}
		p.next() // '-'
		switch p.tok.Kind {
		case LBrack:
			p.next()
			if p.tok.Kind.isWord() {
				op.Parts = append(op.Parts, p.parseDeclName())
			}
			if p.tok.Kind == Star {
				// *min..max: numbers or names of scalar values.
				p.next()
				op.Parts = append(op.Parts, p.parsePostfix())
				p.expect(DotDot)
				op.Parts = append(op.Parts, p.parsePostfix())
			}
			if p.tok.Kind != RBrack {
				p.failExpected("\"]\"")
			}
			p.next()
			p.expect(Minus)
		case Minus:
			p.next()
		default:
			p.failExpected("an edge such as -[e]-> or -->")
		}
		if p.tok.Kind == Gt {
			p.next()
		}
		p.parseGraphNode(op)
	}
}

func (p *parser) parseGraphNode(op *GenericOp) {
	p.expect(LParen)
	if p.tok.Kind.isWord() {
		op.Parts = append(op.Parts, p.parseDeclName())
	}
	p.expect(RParen)
}

// parseScan parses "scan [params] [order by ...] [partition by ...]
// [declare (params)] with ( step Name [optional] [output=x]: Pred [=> Col =
// Expr, ...]; ... )" into a GenericOp whose Parts are the expressions.
func (p *parser) parseScan(bar Pos, kw string) Operator {
	h := p.head(bar, kw, true)
	op := &GenericOp{OpHead: h}
	from := p.tok.Pos
	if p.is("order") && p.peekIs(1, "by") {
		p.next()
		p.next()
		for _, s := range p.parseSortList(false) {
			op.Parts = append(op.Parts, s)
		}
	}
	if p.is("partition") && p.peekIs(1, "by") {
		p.next()
		p.next()
		op.Parts = append(op.Parts, p.parseExprCommaList()...)
	}
	if p.is("declare") && p.peek(1).Kind == LParen {
		p.next()
		p.next()
		for _, prm := range p.parseParams(RParen) {
			op.Parts = append(op.Parts, &NamedExpr{Names: []*Ident{prm.Name}, Assign: NoPos, Value: paramValue(prm)})
		}
		p.expect(RParen)
	}
	p.expectWord("with")
	p.expect(LParen)
	for p.tok.Kind != RParen {
		p.expectWord("step")
		op.Parts = append(op.Parts, p.parseDeclName())
		if p.is("optional") {
			p.next()
		}
		if p.is("output") && p.peekAssign() {
			p.next()
			p.next()
			if !p.tok.Kind.isWord() {
				p.failExpected("all, last or none")
			}
			p.next()
		}
		p.expect(Colon)
		op.Parts = append(op.Parts, p.parseExpr())
		if p.tok.Kind == Arrow {
			p.next()
			for _, e := range p.parseNamedList() {
				op.Parts = append(op.Parts, e)
			}
		}
		p.expect(Semi) // every step ends with ';'
	}
	p.expect(RParen)
	op.Text = p.src[from:p.prevEnd()]
	return op
}

// paramValue returns the default of a scan declare parameter, or its name.
func paramValue(prm *Param) Expr {
	if prm.Default != nil {
		return prm.Default
	}
	return prm.Name
}

// parseMacroExpand parses "macro-expand [params] EntityGroup as Name (
// statements )" into a GenericOp: Parts holds the entity group, the name,
// and the statements (a let as a NamedExpr, a query as its expression).
func (p *parser) parseMacroExpand(bar Pos, kw string) Operator {
	h := p.head(bar, kw, true)
	op := &GenericOp{OpHead: h}
	from := p.tok.Pos
	op.Parts = append(op.Parts, p.parsePostfix())
	p.expectWord("as")
	op.Parts = append(op.Parts, p.parseDeclName())
	p.expect(LParen)
	p.enter()
	for _, s := range p.parseStmts(RParen) {
		switch s := s.(type) {
		case *QueryStmt:
			op.Parts = append(op.Parts, s.Body)
		case *LetStmt:
			op.Parts = append(op.Parts, &NamedExpr{Names: []*Ident{s.Name}, Assign: NoPos, Value: s.Value})
		}
	}
	p.leave()
	p.expect(RParen)
	op.Text = p.src[from:p.prevEnd()]
	return op
}

// parseMakeGraph parses "make-graph [params] Src --> Dst [with T on Key,
// ... | with_node_id=Name] [partitioned-by Col ( sub-pipeline )]".
func (p *parser) parseMakeGraph(bar Pos, kw string) Operator {
	h := p.head(bar, kw, true)
	op := &GenericOp{OpHead: h}
	from := p.tok.Pos
	op.Parts = append(op.Parts, p.parseAnyName())
	p.expect(Minus)
	p.expect(Minus)
	p.expect(Gt)
	op.Parts = append(op.Parts, p.parseAnyName())
	if p.is("with") {
		p.next()
		for {
			op.Parts = append(op.Parts, p.parsePostfix())
			p.expectWord("on")
			op.Parts = append(op.Parts, p.parseAnyName())
			if p.tok.Kind != Comma {
				break
			}
			p.next()
		}
	} else if p.isParamStart(0) {
		prm := p.parseOpParam() // with_node_id=Name; kept in Parts, as the text holds it
		op.Parts = append(op.Parts, &NamedExpr{Names: []*Ident{prm.Name}, Assign: NoPos, Value: prm.Value})
	}
	if p.is("partitioned-by") {
		p.next()
		op.Parts = append(op.Parts, p.parseAnyName(), p.parseParenSubPipeline())
	}
	op.Text = p.src[from:p.prevEnd()]
	return op
}
