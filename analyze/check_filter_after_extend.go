package analyze

import (
	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/catalog"
)

func filterAfterExtend() *Check {
	return &Check{
		ID:       "filter-after-extend",
		Severity: catalog.Info,
		Title:    "filter on a copied column could run before the extend",
		Doc: "`extend Account = TargetUserName | where Account == \"admin\"` copies the column for every row and " +
			"only then throws most rows away. Filtering on the original column first lets Kusto use its index " +
			"and do the extend on the few rows that remain.\n\nrulecat reports only a `where` that directly " +
			"follows the `extend` (or a run of them) and tests a column the extend merely copied from a plain " +
			"column; move the test before the extend, on the original name.",
		Bad: exampleRule("a0b1c2d3-e4f5-4a07-9c8d-5d6e7f8a9b01", "Logon as admin",
			"SecurityEvent\n| where TimeGenerated > ago(1h)\n| extend Account = TargetUserName\n| where Account == \"admin\"\n"),
		Good: exampleRule("a0b1c2d3-e4f5-4a07-9c8d-5d6e7f8a9b01", "Logon as admin",
			"SecurityEvent\n| where TimeGenerated > ago(1h)\n| where TargetUserName == \"admin\"\n| extend Account = TargetUserName\n"),
		Run: func(p *Pass) {
			for _, qa := range p.queries() {
				bound := boundNames(p.nodes(qa))
				for _, pl := range pipelines(p.nodes(qa)) {
					copies := map[string]string{} // column → plain column it copies, in the current run of extends
					made := map[string]bool{}     // every column the run made
					for _, op := range pl.Ops {
						switch op := op.(type) {
						case *kql.ExtendOp:
							for _, it := range op.Exprs {
								if it == nil || len(it.Names) != 1 {
									continue
								}
								name := it.Names[0].Name
								made[name] = true
								delete(copies, name)
								if src, ok := plainIdent(it.Value); ok && !bound[src] && !made[src] && src != name {
									copies[name] = src
								}
							}
							continue
						case *kql.WhereOp:
							for _, id := range identsIn(op.Pred, bound) {
								if src, ok := copies[id.Name]; ok {
									p.Reportf(nodeSpan(qa.Query, id), "filter on %q, a copy of %q made by the extend before; filter on %q before the extend",
										id.Name, src, src)
									break
								}
							}
						}
						clear(copies)
						clear(made)
					}
				}
			}
		},
	}
}
