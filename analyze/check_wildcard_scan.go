package analyze

import (
	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/catalog"
)

func wildcardScan() *Check {
	return &Check{
		ID:       "wildcard-scan",
		Severity: catalog.Warning,
		Title:    "analytic rule searches every table of the workspace",
		Doc: "`search` without `in (...)` and `union *` read every table of the workspace: the slowest, most " +
			"expensive query Kusto can run, which for an analytic rule runs again and again and may time out as " +
			"the workspace grows; its result also changes whenever someone adds a table. Hunting and inventory " +
			"queries, run once by hand, are not reported.\n\nName the tables: " +
			"`search in (SecurityEvent, Syslog) \"mimikatz\"`, `union SecurityEvent, Syslog`.",
		Bad: exampleRule("e8f9a0b1-c2d3-4e85-9a6b-3b4c5d6e7f01", "Mimikatz anywhere",
			"search \"mimikatz\"\n| where TimeGenerated > ago(1h)\n"),
		Good: exampleRule("e8f9a0b1-c2d3-4e85-9a6b-3b4c5d6e7f01", "Mimikatz anywhere",
			"search in (SecurityEvent, DeviceProcessEvents) \"mimikatz\"\n| where TimeGenerated > ago(1h)\n"),
		Run: func(p *Pass) {
			if p.Rule.Kind.Text == "" {
				return // a hunting or inventory query may mean to read everything, once
			}
			for _, qa := range p.queries() {
				for _, pl := range pipelines(p.nodes(qa)) {
					for i, op := range pl.Ops {
						switch op := op.(type) {
						case *kql.SearchOp:
							if i == 0 && pl.Source == nil && len(op.In) == 0 {
								p.Reportf(querySpan(qa.Query, op.OpPos, op.OpPos+kql.Pos(len(op.Keyword))),
									"%q without \"in (...)\" reads every table of the workspace; name the tables", op.Keyword)
							}
						case *kql.UnionOp:
							for _, l := range op.Legs {
								if w, ok := l.(*kql.WildName); ok && w.Pattern == "*" {
									p.Reportf(nodeSpan(qa.Query, w), "\"union *\" reads every table of the workspace; name the tables")
								}
							}
						}
					}
				}
			}
		},
	}
}
