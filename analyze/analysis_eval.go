package analyze

import (
	"slices"
	"strings"

	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/analyze/tables"
	"github.com/rulecat/rulecat/catalog"
)

// maxDepth bounds the nesting of tabular expressions and function calls the
// analyzer follows; deeper text is analyzed as an unknown source.
const maxDepth = 64

// analyzer walks one parsed query variant once, with its lets bound, and
// collects what QueryAnalysis reports.
type analyzer struct {
	q      *catalog.Query
	src    string
	schema *tables.Schema
	res    *QueryAnalysis

	inds      map[indKey]*Indicator
	indOrder  []indKey
	tables    map[string]bool
	lookbacks map[Lookback]kql.Pos // first column the window filters
	depth     int

	// calls memoizes function calls by function, calling scope and
	// argument text, so functions calling functions stay linear.
	calls map[callKey]*tabular
	// work counts the tabular expressions analyzed; past maxWork the rest
	// of the query is treated as unknown, bounding the time any text takes.
	work int
}

// callKey identifies a function call whose result can be reused.
type callKey struct {
	b    *binding
	env  *scope
	args string
}

// maxWork bounds the tabular expressions analyzed in one query.
const maxWork = 20000

func newAnalyzer(q *catalog.Query, schema *tables.Schema) *analyzer {
	return &analyzer{
		q:         q,
		src:       q.Text,
		schema:    schema,
		res:       &QueryAnalysis{Label: q.Label, Line: q.Span.Line, OutputsComplete: true},
		inds:      map[indKey]*Indicator{},
		tables:    map[string]bool{},
		lookbacks: map[Lookback]kql.Pos{},
		calls:     map[callKey]*tabular{},
	}
}

// scope is one let (or function parameter) binding; scopes chain to the
// bindings made before, so a let sees only the lets above it.
type scope struct {
	parent *scope
	name   string
	b      *binding
}

func (s *scope) bind(name string, b *binding) *scope { return &scope{parent: s, name: name, b: b} }

func (s *scope) lookup(name string) *binding {
	for ; s != nil; s = s.parent {
		if s.name == name {
			return s.b
		}
	}
	return nil
}

// binding is what a name is bound to: a scalar expression, a tabular result
// computed once, or a function.
type binding struct {
	value kql.Expr     // scalar or tabular value; nil for an unbound parameter
	env   *scope       // where value is evaluated, or where fn was defined
	fn    *kql.FuncLit // for a let-defined function
	tab   *tabular     // for a tabular let: its result, computed at the let
	// tabParam marks a function parameter of tabular type with no argument.
	tabParam bool
	// called records that a function was called at least once.
	called bool
}

// tabular is the result of a tabular expression: its columns and stages.
type tabular struct {
	rel    *relation
	stages []*Stage
}

// script analyzes the statements of a query: lets become bindings (and
// parameters at the top level), and the last query statement is the body
// whose stages and outputs are reported.
func (a *analyzer) script(s *kql.Script) {
	if s == nil {
		return
	}
	var env *scope
	var body *tabular
	for _, st := range s.Stmts {
		switch st := st.(type) {
		case *kql.LetStmt:
			env = a.let(env, st)
			a.res.Parameters = append(a.res.Parameters, Parameter{
				Name: st.Name.Name,
				Text: a.text(st.Value),
				Line: a.line(st.Pos()),
			})
		case *kql.QueryStmt:
			body = a.tab(st.Body, env)
		}
	}
	// Functions nobody called are still analyzed, with their parameters
	// unbound, so their filters and tables count.
	for sc := env; sc != nil; sc = sc.parent {
		if b := sc.b; b.fn != nil && !b.called {
			b.called = true
			a.callBody(b, nil, nil, nil)
		}
	}
	if body != nil {
		a.res.Stages = body.stages
		a.res.Outputs = body.rel.outputs()
		a.res.OutputsComplete = body.rel.complete
	} else {
		a.res.OutputsComplete = false
	}
}

// let binds one let statement in env and returns the new scope. Tabular
// values are analyzed here, once; scalar values are analyzed for the
// pipelines they hold (toscalar).
func (a *analyzer) let(env *scope, l *kql.LetStmt) *scope {
	if l.Name == nil {
		return env
	}
	b := &binding{value: l.Value, env: env}
	switch v := l.Value.(type) {
	case nil:
	case *kql.FuncLit:
		b.value, b.fn = nil, v
	default:
		if a.isTabular(v, env) {
			b.tab = a.tab(v, env)
		} else {
			a.nested(v, env)
		}
	}
	return env.bind(l.Name.Name, b)
}

// isTabular reports whether a let value is a table rather than a scalar.
func (a *analyzer) isTabular(e kql.Expr, env *scope) bool {
	switch e := e.(type) {
	case *kql.Pipeline, *kql.DatatableExpr, *kql.ExternalDataExpr:
		return true
	case *kql.ParenExpr:
		return a.isTabular(e.X, env)
	case *kql.Ident:
		if b := env.lookup(e.Name); b != nil {
			return b.tab != nil || b.tabParam || (b.value != nil && a.isTabular(b.value, b.env))
		}
		return true // an unbound name in a let value is a table
	case *kql.MemberExpr:
		return true // cluster("c").database("d").T
	case *kql.CallExpr:
		name := e.Fun.Name
		switch name {
		case "materialize", "view", "table", "database", "cluster", "external_table", "materialized_view":
			return true
		case "toscalar":
			return false
		}
		if b := env.lookup(name); b != nil && b.fn != nil {
			return funcIsTabular(b.fn)
		}
		return isSourceFunc(name)
	}
	return false
}

// funcIsTabular reports whether a function's body ends in a tabular
// expression, judged by its shape.
func funcIsTabular(f *kql.FuncLit) bool {
	if f.Body == nil || len(f.Body.Stmts) == 0 {
		return false
	}
	q, ok := f.Body.Stmts[len(f.Body.Stmts)-1].(*kql.QueryStmt)
	if !ok {
		return false
	}
	switch x := q.Body.(type) {
	case *kql.Pipeline, *kql.DatatableExpr, *kql.ExternalDataExpr:
		return true
	case *kql.Ident:
		return true
	case *kql.ParenExpr:
		_, ok := x.X.(*kql.Pipeline)
		return ok
	}
	return false
}

// isSourceFunc reports whether name looks like a function a workspace
// defines rather than a table, so that a call of it is most likely a
// tabular source: Sentinel's underscore-prefixed helpers (_GetWatchlist) and
// the ASIM parsers (_Im_Dns, _ASim_Dns, imDns, ASimDnsActivityLogs,
// vimDnsMicrosoftOMS). kql-unknown-table leaves such names alone too.
func isSourceFunc(name string) bool {
	return strings.HasPrefix(name, "_") || strings.HasPrefix(name, "ASim") ||
		strings.HasPrefix(name, "im") && len(name) > 2 && isUpper(name[2]) ||
		strings.HasPrefix(name, "vim") && len(name) > 3 && isUpper(name[3])
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// tab analyzes a tabular expression.
func (a *analyzer) tab(e kql.Expr, env *scope) *tabular {
	a.work++
	if a.depth >= maxDepth || a.work > maxWork {
		return &tabular{rel: unknownRelation(), stages: []*Stage{a.stage("source", e)}}
	}
	a.depth++
	defer func() { a.depth-- }()
	if p, ok := e.(*kql.Pipeline); ok {
		return a.pipeline(p, env)
	}
	rel, stages := a.source(e, env) // a parenthesized expression is analyzed as its inside
	return &tabular{rel: rel, stages: stages}
}

// pipeline analyzes "Source | Op | ...".
func (a *analyzer) pipeline(p *kql.Pipeline, env *scope) *tabular {
	var rel *relation
	var stages []*Stage
	if p.Source != nil {
		rel, stages = a.source(p.Source, env)
	} else {
		rel = &relation{complete: true}
	}
	for i, op := range p.Ops {
		var st *Stage
		rel, st = a.op(op, rel, env)
		if i == 0 && p.Source == nil {
			st.first = true
		}
		stages = append(stages, st)
	}
	return &tabular{rel: rel, stages: mergeStages(stages)}
}

// source analyzes the source of a pipeline. It returns a list of stages
// because a call of a let-defined function stands for the stages of the
// function's body.
func (a *analyzer) source(e kql.Expr, env *scope) (*relation, []*Stage) {
	st := a.stage("source", e)
	switch e := e.(type) {
	case *kql.Ident:
		b := env.lookup(e.Name)
		switch {
		case b == nil:
			return a.table(e.Name), []*Stage{st}
		case b.tab != nil:
			st.Substages = b.tab.stages
			return b.tab.rel.clone(), []*Stage{st}
		case b.fn != nil: // a view or a function called without parentheses
			t := a.call(b, nil, env)
			return t.rel, cloneStages(t.stages)
		case b.value != nil && a.isTabular(b.value, b.env):
			// A function parameter bound to a tabular argument, analyzed
			// once per call.
			b.tab = a.tab(b.value, b.env)
			st.Substages = b.tab.stages
			return b.tab.rel.clone(), []*Stage{st}
		}
		return unknownRelation(), []*Stage{st}
	case *kql.ParenExpr:
		t := a.tab(e.X, env)
		return t.rel, t.stages
	case *kql.CallExpr:
		name := e.Fun.Name
		switch name {
		case "materialize", "view", "toscalar":
			if len(e.Args) > 0 {
				t := a.tab(e.Args[0], env)
				st.Substages = t.stages
				return t.rel, []*Stage{st}
			}
		case "table", "external_table", "materialized_view":
			if len(e.Args) > 0 {
				if v, ok := a.constValue(e.Args[0], env); ok {
					return a.table(v), []*Stage{st}
				}
			}
			return unknownRelation(), []*Stage{st}
		}
		if b := env.lookup(name); b != nil && b.fn != nil {
			t := a.call(b, e, env)
			return t.rel, cloneStages(t.stages)
		}
		for _, arg := range e.Args {
			a.nested(arg, env)
		}
		// A call of a function the query does not define (a stored
		// function, an ASIM parser, _GetWatchlist) reads data rulecat
		// cannot see; it is a source, but not a table.
		rel := unknownRelation()
		rel.tables = []string{name}
		return rel, []*Stage{st}
	case *kql.DatatableExpr:
		return declRelation(e.Schema, "datatable"), []*Stage{st}
	case *kql.ExternalDataExpr:
		return declRelation(e.Schema, "externaldata"), []*Stage{st}
	case *kql.MemberExpr:
		// cluster("c").database("d").Table: the table is the last name.
		if id, ok := e.Sel.(*kql.Ident); ok {
			return a.table(id.Name), []*Stage{st}
		}
		if c, ok := e.Sel.(*kql.CallExpr); ok && c.Fun.Name == "table" && len(c.Args) > 0 {
			if v, ok := a.constValue(c.Args[0], env); ok {
				return a.table(v), []*Stage{st}
			}
		}
	}
	return unknownRelation(), []*Stage{st}
}

// cloneStages copies the top level of a memoized call's stages, which the
// calling pipeline numbers and may merge into.
func cloneStages(ss []*Stage) []*Stage {
	out := make([]*Stage, len(ss))
	for i, st := range ss {
		c := *st
		out[i] = &c
	}
	return out
}

// table is the relation a table name reads, recorded in the query's tables.
func (a *analyzer) table(name string) *relation {
	rel := &relation{tables: []string{name}}
	var known bool
	if a.schema != nil {
		_, known = a.schema.Table(name)
	}
	if known || !isSourceFunc(name) {
		// A workspace function called without parentheses (_Im_Dns,
		// imAuthentication) is a source but not a table.
		a.tables[name] = true
	}
	if a.schema != nil {
		if t, ok := a.schema.Table(name); ok {
			rel.complete = true
			rel.cols = make([]column, len(t.Columns))
			for i, c := range t.Columns {
				rel.cols[i] = column{name: c.Name, source: "table"}
			}
		}
	}
	return rel
}

// call analyzes a call of a let-defined function: a new scope binds its
// parameters to the call's arguments (evaluated where the call is), and its
// body is analyzed there.
func (a *analyzer) call(b *binding, c *kql.CallExpr, env *scope) *tabular {
	b.called = true
	key := callKey{b: b, env: env}
	if c != nil {
		key.args = a.text(c)
	}
	if t, ok := a.calls[key]; ok {
		return &tabular{rel: t.rel.clone(), stages: t.stages}
	}
	t := a.callBody(b, c, env, nil)
	if t == nil {
		st := &Stage{Operator: "source", Steps: 1}
		if c != nil {
			st = a.stage("source", c)
		}
		t = &tabular{rel: unknownRelation(), stages: []*Stage{st}}
	}
	a.calls[key] = t
	return &tabular{rel: t.rel.clone(), stages: t.stages}
}

// callBody analyzes b's function body with arguments c (nil when the
// function is never called) and returns the result of its last query
// statement, or nil if it has none. For "T | invoke f(args)", input is T:
// it is bound to the function's first parameter and the arguments to the
// rest.
func (a *analyzer) callBody(b *binding, c *kql.CallExpr, env *scope, input *tabular) *tabular {
	if a.depth >= maxDepth {
		return nil
	}
	a.depth++
	defer func() { a.depth-- }()
	f := b.fn
	fenv := b.env
	var args []kql.Expr
	if c != nil {
		args = c.Args
	}
	params := f.Params
	if input != nil && len(params) > 0 {
		if p := params[0]; p != nil && p.Name != nil {
			fenv = fenv.bind(p.Name.Name, &binding{tab: input})
		}
		params = params[1:]
	}
	for i, p := range params {
		if p == nil || p.Name == nil {
			continue
		}
		pb := &binding{}
		var arg kql.Expr
		for _, x := range args { // named argument: f(name=value)
			if n, ok := x.(*kql.NamedExpr); ok && len(n.Names) == 1 && n.Names[0].Name == p.Name.Name {
				arg = n.Value
			}
		}
		if arg == nil && i < len(args) {
			if _, named := args[i].(*kql.NamedExpr); !named {
				arg = args[i]
			}
		}
		switch {
		case arg != nil:
			pb.value, pb.env = arg, env
		case p.Default != nil:
			pb.value, pb.env = p.Default, fenv
		case p.Type != nil && p.Type.Schema:
			pb.tabParam = true
		}
		fenv = fenv.bind(p.Name.Name, pb)
	}
	if f.Body == nil {
		return nil
	}
	var body *tabular
	for _, st := range f.Body.Stmts {
		switch st := st.(type) {
		case *kql.LetStmt:
			fenv = a.let(fenv, st)
		case *kql.QueryStmt:
			if _, pipe := unparen(st.Body).(*kql.Pipeline); pipe || a.isTabular(st.Body, fenv) {
				body = a.tab(st.Body, fenv)
			} else {
				a.nested(st.Body, fenv)
			}
		}
	}
	return body
}

// nested analyzes the pipelines inside a scalar expression or an operator's
// clauses ("in (T | ...)", toscalar(...)) and returns them as substages.
func (a *analyzer) nested(n kql.Node, env *scope) []*Stage {
	if n == nil {
		return nil
	}
	var subs []*Stage
	kql.Inspect(n, func(x kql.Node) bool {
		switch x := x.(type) {
		case *kql.Pipeline:
			subs = append(subs, a.wrap("subquery", x, a.tab(x, env)))
			return false
		case *kql.FuncLit:
			return false
		case *kql.CallExpr:
			if x.Fun.Name == "toscalar" && len(x.Args) > 0 {
				subs = append(subs, a.wrap("toscalar", x, a.tab(x.Args[0], env)))
				return false
			}
		case *kql.ListExpr:
			for _, el := range x.Elems {
				switch el := unparen(el).(type) {
				case *kql.Pipeline:
					subs = append(subs, a.wrap("in", el, a.tab(el, env)))
				case *kql.Ident:
					if b := env.lookup(el.Name); b != nil && b.tab != nil {
						subs = append(subs, a.wrap("in", el, b.tab))
					}
				default:
					subs = append(subs, a.nested(el, env)...)
				}
			}
			return false
		}
		return true
	})
	return subs
}

func unparen(e kql.Expr) kql.Expr {
	for {
		p, ok := e.(*kql.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// wrap makes the substage that stands for nested pipeline n in its parent
// stage (see Stage).
func (a *analyzer) wrap(role string, n kql.Node, t *tabular) *Stage {
	st := a.stage(role, n)
	switch {
	case len(t.stages) == 1 && t.stages[0].Operator == "source" && !t.stages[0].first:
		st.Substages = t.stages[0].Substages // a bare name: the let's stages, if any
	default:
		st.Substages = t.stages
	}
	return st
}

// stage makes a one-step stage for node n.
func (a *analyzer) stage(op string, n kql.Node) *Stage {
	st := &Stage{Operator: op, Steps: 1}
	if n != nil {
		st.pos, st.end = n.Pos(), n.End()
		st.Text = a.text(n)
		st.Line = a.line(n.Pos())
	}
	return st
}

// text is the source text of n, clamped to the query.
func (a *analyzer) text(n kql.Node) string {
	if n == nil {
		return ""
	}
	return a.span(n.Pos(), n.End())
}

// span is the source text from pos to end, clamped to the query.
func (a *analyzer) span(pos, end kql.Pos) string {
	from := max(0, min(int(pos), len(a.src)))
	return a.src[from:max(from, min(int(end), len(a.src)))]
}

// line is the file line of offset pos of the query text.
func (a *analyzer) line(pos kql.Pos) int {
	l, _ := a.q.Position(max(0, min(int(pos), len(a.src))))
	return l
}

// mergeable are the operators whose consecutive steps merge into one stage.
var mergeable = map[string]bool{
	"extend": true, "project-away": true, "project-keep": true, "project-rename": true, "project-reorder": true,
}

// mergeStages merges runs of consecutive mergeable steps (finish numbers
// the stages).
func mergeStages(in []*Stage) []*Stage {
	out := in[:0:0]
	for _, st := range in {
		if n := len(out); n > 0 && mergeable[st.Operator] && out[n-1].Operator == st.Operator && !st.first {
			prev := out[n-1]
			prev.Steps += st.Steps
			prev.end = st.end
			prev.Substages = append(prev.Substages, st.Substages...)
			continue
		}
		out = append(out, st)
	}
	return out
}

// finish sorts and completes the result.
func (a *analyzer) finish() *QueryAnalysis {
	r := a.res
	r.Tables = sortedKeys(a.tables)
	r.Lookbacks = make([]Lookback, 0, len(a.lookbacks))
	for lb := range a.lookbacks {
		r.Lookbacks = append(r.Lookbacks, lb)
	}
	r.lookbackPos = a.lookbacks
	slices.SortFunc(r.Lookbacks, func(x, y Lookback) int {
		return strings.Compare(x.Table+"\x00"+x.Column+"\x00"+x.Window, y.Table+"\x00"+y.Column+"\x00"+y.Window)
	})
	r.Indicators = make([]*Indicator, 0, len(a.inds))
	for _, k := range a.indOrder {
		r.Indicators = append(r.Indicators, a.inds[k])
	}
	slices.SortStableFunc(r.Indicators, compareIndicators)
	if r.Parameters == nil {
		r.Parameters = []Parameter{}
	}
	if r.Outputs == nil {
		r.Outputs = []Output{}
	}
	r.Stages = a.fixStages(r.Stages, map[*Stage]bool{})
	return r
}

// fixStages numbers each stage list from 1, fills in merged stage texts
// and gives every stage list a non-nil slice, so JSON shows [] rather than
// null. Stages of a let are shared by every reference; seen keeps them from
// being fixed twice.
func (a *analyzer) fixStages(ss []*Stage, seen map[*Stage]bool) []*Stage {
	if ss == nil {
		return []*Stage{}
	}
	for i, st := range ss {
		st.Index = i + 1
		if seen[st] {
			continue
		}
		seen[st] = true
		if st.Steps > 1 {
			st.Text = a.span(st.pos, st.end)
		}
		st.Substages = a.fixStages(st.Substages, seen)
	}
	return ss
}

// sortedKeys is the keys of m, sorted; never nil, so JSON shows [].
func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
