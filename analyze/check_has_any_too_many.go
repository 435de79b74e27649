package analyze

import (
	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/catalog"
)

// maxHasAny is the most values has_any and has_all accept.
const maxHasAny = 10000

func hasAnyTooMany() *Check {
	return &Check{
		ID:       "has-any-too-many",
		Severity: catalog.Error,
		Title:    "has_any or has_all given more than 10,000 values",
		Doc: "`has_any` and `has_all` accept at most 10,000 values. A longer literal list, or a `dynamic([...])` " +
			"let with more elements, makes the query fail, so an IOC rule that grew past the limit stops " +
			"running altogether.\n\nSplit the list, or move it to a watchlist or an `externaldata` table and " +
			"`join` or use `in` with a subquery.",
		Bad: exampleRule("d3e4f5a6-b7c8-4d3a-afb0-8a9b0c1d2e01", "Known bad domains",
			"let domains = dynamic(["+repeatList(maxHasAny+1)+"]);\nDnsEvents\n| where TimeGenerated > ago(1h)\n| where Name has_any (domains)\n"),
		Good: exampleRule("d3e4f5a6-b7c8-4d3a-afb0-8a9b0c1d2e01", "Known bad domains",
			"let domains = dynamic(["+repeatList(10)+"]);\nDnsEvents\n| where TimeGenerated > ago(1h)\n| where Name has_any (domains)\n"),
		Run: func(p *Pass) {
			for _, qa := range p.queries() {
				lets := topLets(qa.Script)
				for _, b := range binaries(p.nodes(qa), "has_any", "has_all", "!has_any", "!has_all") {
					if n := listLen(b.Y, lets); n > maxHasAny {
						p.Reportf(opSpan(qa.Query, b), "%q is given %d values; it accepts at most %d", b.Op, n, maxHasAny)
					}
				}
			}
		},
	}
}

// listLen counts the values of a has_any operand: the elements of its
// list, a dynamic array counting as its elements, through top-level lets.
func listLen(e kql.Expr, lets map[string]kql.Expr) int {
	n := 0
	var count func(e kql.Expr, depth int)
	count = func(e kql.Expr, depth int) {
		if depth > 8 {
			return
		}
		switch e := unparen(e).(type) {
		case *kql.ListExpr:
			for _, x := range e.Elems {
				count(x, depth+1)
			}
		case *kql.DynamicExpr:
			if a, ok := e.Value.(*kql.JSONArray); ok {
				n += len(a.Elems)
			} else {
				n++
			}
		case *kql.Ident:
			if v, ok := lets[e.Name]; ok {
				count(v, depth+1)
			} else {
				n++
			}
		default:
			n++
		}
	}
	count(e, 0)
	return n
}

// repeatList writes n string literals, for an example.
func repeatList(n int) string {
	b := make([]byte, 0, n*5)
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"', 'd', byte('0'+i%10), '"')
	}
	return string(b)
}
