package analyze

import (
	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/catalog"
)

func deprecatedFunction() *Check {
	return &Check{
		ID:       "deprecated-function",
		Severity: catalog.Info,
		Title:    "query calls a deprecated function",
		Doc: "Kusto keeps deprecated functions working for old queries, but they are no longer documented or " +
			"improved, some behave subtly differently from their replacements (`makeset` and `make_set` had " +
			"different default limits), and new readers have to look them up. The official parser lists them " +
			"with their replacements: `pack` → `bag_pack`, `makeset` → `make_set`, `parsejson` → `parse_json`, " +
			"`any` → `take_any`, and so on.\n\nCall the replacement the message names. A function the query " +
			"defines itself with `let` is not reported.",
		Bad: exampleRule("c2d3e4f5-a6b7-4c29-9eaf-7f8a9b0c1d01", "Applications per account",
			"SigninLogs\n| where TimeGenerated > ago(1h)\n| summarize Apps = makeset(AppDisplayName) by UserPrincipalName\n"),
		Good: exampleRule("c2d3e4f5-a6b7-4c29-9eaf-7f8a9b0c1d01", "Applications per account",
			"SigninLogs\n| where TimeGenerated > ago(1h)\n| summarize Apps = make_set(AppDisplayName) by UserPrincipalName\n"),
		Run: func(p *Pass) {
			for _, qa := range p.queries() {
				bound := boundNames(p.nodes(qa))
				for _, n := range p.nodes(qa) {
					c, ok := n.(*kql.CallExpr)
					if !ok || c.Fun == nil || bound[c.Fun.Name] {
						continue
					}
					if repl, ok := deprecatedFunctions[c.Fun.Name]; ok {
						p.Reportf(nodeSpan(qa.Query, c.Fun), "function %q is deprecated; use %s", c.Fun.Name, repl)
					}
				}
			}
		},
	}
}
