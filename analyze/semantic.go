package analyze

import (
	"reflect"
	"slices"
	"strings"

	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/catalog"
)

// Helpers shared by the semantic checks: the checks that read a rule's
// query analysis (QueryAnalysis) rather than its YAML.

// querySpan is the file span of the query text from pos to end.
func querySpan(q *catalog.Query, pos, end kql.Pos) catalog.Span {
	n := kql.Pos(len(q.Text))
	pos = min(max(pos, 0), n)
	end = min(max(end, pos), n)
	var s catalog.Span
	s.Line, s.Col = q.Position(int(pos))
	s.EndLine, s.EndCol = q.Position(int(end))
	return s
}

// nodeSpan is the file span of node n of query q.
func nodeSpan(q *catalog.Query, n kql.Node) catalog.Span { return querySpan(q, n.Pos(), n.End()) }

// opSpan is the file span of the operator of binary expression b ("=~",
// "has_any"), where the checks on an operator point.
func opSpan(q *catalog.Query, b *kql.BinaryExpr) catalog.Span {
	return querySpan(q, b.OpPos, b.OpPos+kql.Pos(len(b.Op)))
}

// topLets maps the names the top-level let statements of script bind to
// their values, for following a name to a constant.
func topLets(script *kql.Script) map[string]kql.Expr {
	lets := map[string]kql.Expr{}
	for _, st := range script.Stmts {
		if l, ok := st.(*kql.LetStmt); ok && l.Name != nil {
			lets[l.Name.Name] = l.Value
		}
	}
	return lets
}

// queries returns the analysed query variants of the pass's rule that
// have a parse, in order; nil when the Env has no analysis.
func (p *Pass) queries() []*QueryAnalysis {
	ra := p.Analysis()
	if ra == nil {
		return nil
	}
	out := make([]*QueryAnalysis, 0, len(ra.Queries))
	for _, qa := range ra.Queries {
		if qa != nil && qa.Query != nil && qa.Script != nil {
			out = append(out, qa)
		}
	}
	return out
}

// nilNode reports whether n is nil or a typed nil pointer, as optional
// parts of the AST are.
func nilNode(n kql.Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// callsNamed returns the calls of function name in the query, in order.
func callsNamed(nodes []kql.Node, name string) []*kql.CallExpr {
	var out []*kql.CallExpr
	for _, n := range nodes {
		if c, ok := n.(*kql.CallExpr); ok && c.Fun != nil && c.Fun.Name == name {
			out = append(out, c)
		}
	}
	return out
}

// exampleRule is the text of a minimal scheduled analytic rule for a
// check's Bad and Good examples; query lines are indented here.
func exampleRule(id, name, query string) string {
	var b strings.Builder
	b.WriteString("id: " + id + "\nname: " + name + "\nkind: Scheduled\nseverity: Medium\n")
	b.WriteString("queryFrequency: 1h\nqueryPeriod: 1h\nquery: |\n")
	for _, l := range strings.Split(strings.TrimSuffix(query, "\n"), "\n") {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}

// nodes returns the nodes of qa's parse in preorder, computed once per Env
// and shared by the checks.
func (p *Pass) nodes(qa *QueryAnalysis) []kql.Node {
	if v, ok := p.Env.nodes.Load(qa); ok {
		return v.([]kql.Node)
	}
	var ns []kql.Node
	if qa.Script != nil {
		ns = slices.Collect(kql.Preorder(qa.Script))
	}
	v, _ := p.Env.nodes.LoadOrStore(qa, ns)
	return v.([]kql.Node)
}
