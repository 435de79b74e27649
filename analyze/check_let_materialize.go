package analyze

import (
	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/catalog"
)

func letMaterialize() *Check {
	return &Check{
		ID:       "let-materialize",
		Severity: catalog.Info,
		Title:    "tabular let used more than once without materialize()",
		Doc: "A `let` that names a tabular expression is a macro, not a variable: Kusto runs the expression again " +
			"at every place the name is used. A query that reads a baseline twice scans its table twice, and " +
			"when the data moves between the two runs the two uses can even disagree.\n\nWrap the expression " +
			"in `materialize()` so that it runs once and its result is cached for the query: " +
			"`let events = materialize(SecurityEvent | where ...);`.",
		Bad: exampleRule("f9a0b1c2-d3e4-4f96-8b7c-4c5d6e7f8a01", "Failures then success",
			"let logons = SigninLogs | where TimeGenerated > ago(1h);\n"+
				"logons\n| where ResultType != \"0\"\n| join kind=inner (logons | where ResultType == \"0\") on UserPrincipalName\n"),
		Good: exampleRule("f9a0b1c2-d3e4-4f96-8b7c-4c5d6e7f8a01", "Failures then success",
			"let logons = materialize(SigninLogs | where TimeGenerated > ago(1h));\n"+
				"logons\n| where ResultType != \"0\"\n| join kind=inner (logons | where ResultType == \"0\") on UserPrincipalName\n"),
		Run: func(p *Pass) {
			for _, qa := range p.queries() {
				var lets []*kql.LetStmt
				for _, st := range qa.Script.Stmts {
					if l, ok := st.(*kql.LetStmt); ok && l.Name != nil && readsTable(l.Value) {
						lets = append(lets, l)
					}
				}
				if len(lets) == 0 {
					continue
				}
				uses, decls := map[string]int{}, map[string]int{}
				for _, id := range sourceIdents(p.nodes(qa), true) {
					uses[id.Name]++
				}
				for _, n := range p.nodes(qa) {
					if l, ok := n.(*kql.LetStmt); ok && l.Name != nil {
						decls[l.Name.Name]++
					}
				}
				for _, l := range lets {
					// A name bound twice (two queries in one file) is left alone.
					if n := uses[l.Name.Name]; n >= 2 && decls[l.Name.Name] == 1 {
						p.Reportf(nodeSpan(qa.Query, l.Name), "tabular let %q is used %d times and runs each time; wrap it in materialize()",
							l.Name.Name, n)
					}
				}
			}
		},
	}
}

// readsTable reports whether a let value is a pipeline that reads a table
// or another let (not datatable, not already materialize()).
func readsTable(e kql.Expr) bool {
	e = unparen(e)
	pl, ok := e.(*kql.Pipeline)
	if !ok || pl.Source == nil {
		return false
	}
	switch s := unparen(pl.Source).(type) {
	case *kql.Ident:
		return true
	case *kql.CallExpr:
		return s.Fun != nil && s.Fun.Name != "materialize" && isTableCall(s)
	}
	return false
}
