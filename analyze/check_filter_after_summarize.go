package analyze

import (
	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/catalog"
)

func filterAfterSummarize() *Check {
	return &Check{
		ID:       "filter-after-summarize",
		Severity: catalog.Info,
		Title:    "filter on group-by columns could run before the summarize",
		Doc: "A `where` right after `summarize` that tests only the columns the rows are grouped by (not an " +
			"aggregate) removes whole groups: the same rows would go if the test ran before the summarize, but " +
			"then Kusto would not have to aggregate them first.\n\nMove the `where` before the `summarize`. " +
			"rulecat reports only by-columns that are plain column names, so the test means the same on both " +
			"sides.",
		Bad: exampleRule("b1c2d3e4-f5a6-4b18-8d9e-6e7f8a9b0c01", "Failures per account",
			"SigninLogs\n| where TimeGenerated > ago(1h)\n| summarize Failures = count() by UserPrincipalName, AppDisplayName\n"+
				"| where AppDisplayName == \"Azure Portal\" and Failures > 10\n"),
		Good: exampleRule("b1c2d3e4-f5a6-4b18-8d9e-6e7f8a9b0c01", "Failures per account",
			"SigninLogs\n| where TimeGenerated > ago(1h)\n| where AppDisplayName == \"Azure Portal\"\n"+
				"| summarize Failures = count() by UserPrincipalName, AppDisplayName\n| where Failures > 10\n"),
		Run: func(p *Pass) {
			for _, qa := range p.queries() {
				bound := boundNames(p.nodes(qa))
				for _, pl := range pipelines(p.nodes(qa)) {
					for i := 1; i < len(pl.Ops); i++ {
						s, ok := pl.Ops[i-1].(*kql.SummarizeOp)
						w, ok2 := pl.Ops[i].(*kql.WhereOp)
						if !ok || !ok2 {
							continue
						}
						by := map[string]bool{}
						for _, b := range s.By {
							if b == nil {
								continue
							}
							if name, ok := plainIdent(b.Value); ok && (len(b.Names) == 0 || len(b.Names) == 1 && b.Names[0].Name == name) {
								by[name] = true
							}
						}
						// Each and-ed test that reads only plain by-columns
						// could move.
						for _, t := range conjuncts(w.Pred) {
							ids := identsIn(t, bound)
							if len(ids) == 0 || containsCall(t) {
								continue
							}
							movable := true
							for _, id := range ids {
								movable = movable && by[id.Name]
							}
							if movable {
								p.Reportf(nodeSpan(qa.Query, t), "test on group-by column %q after summarize could run before it", ids[0].Name)
							}
						}
					}
				}
			}
		},
	}
}

// conjuncts splits a predicate at its top-level "and"s.
func conjuncts(e kql.Expr) []kql.Expr {
	if b, ok := unparen(e).(*kql.BinaryExpr); ok && b.Op == "and" {
		return append(conjuncts(b.X), conjuncts(b.Y)...)
	}
	return []kql.Expr{e}
}

// containsCall reports whether e calls a function or holds a nested
// pipeline, which might depend on the grouping (row_number, toscalar).
func containsCall(e kql.Node) bool {
	found := false
	kql.Inspect(e, func(n kql.Node) bool {
		switch n.(type) {
		case *kql.CallExpr, *kql.Pipeline:
			found = true
		}
		return !found
	})
	return found
}
