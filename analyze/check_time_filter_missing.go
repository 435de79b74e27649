package analyze

import (
	"slices"

	"github.com/rulecat/rulecat/catalog"
)

func timeFilterMissing() *Check {
	return &Check{
		ID:       "time-filter-missing",
		Severity: catalog.Info,
		Title:    "scheduled rule's main table has no time filter",
		Doc: "Sentinel limits a scheduled rule's query to the last `queryPeriod` anyway, so a query without a " +
			"time filter is not wrong. But the same query run by hand, in a hunting session, a workbook or " +
			"another tool, scans the table's whole retention, which is slow, costly and gives different results. " +
			"An explicit `where TimeGenerated > ago(...)` on the main table also documents the window the rule " +
			"was written for.\n\nAdd a time filter matching `queryPeriod` right after the main table.",
		Bad: "id: f3a4b5c6-d7e8-4f30-8516-8c9d0e1f2a01\nname: Sign-in from a blocked address\nkind: Scheduled\n" +
			"severity: High\nqueryFrequency: 1h\nqueryPeriod: 1h\nquery: |\n  SigninLogs\n  | where IPAddress == \"203.0.113.7\"\n",
		Good: "id: f3a4b5c6-d7e8-4f30-8516-8c9d0e1f2a01\nname: Sign-in from a blocked address\nkind: Scheduled\n" +
			"severity: High\nqueryFrequency: 1h\nqueryPeriod: 1h\nquery: |\n  SigninLogs\n  | where TimeGenerated > ago(1h)\n" +
			"  | where IPAddress == \"203.0.113.7\"\n",
		Run: func(p *Pass) {
			if p.Rule.Kind.Text != "Scheduled" {
				return
			}
			for _, qa := range p.queries() {
				if len(qa.Errors) > 0 || len(qa.Stages) == 0 {
					continue
				}
				src := qa.Stages[0]
				if src.Operator != "source" || !slices.Contains(qa.Tables, src.Text) {
					continue // the body starts with a let, a function or an operator
				}
				if p.Env.Tables != nil {
					if _, ok := p.Env.Tables.Table(src.Text); !ok {
						continue // a function, which may filter on time itself
					}
				}
				if slices.ContainsFunc(qa.Lookbacks, func(l Lookback) bool { return l.Table == src.Text }) {
					continue
				}
				p.Reportf(querySpan(qa.Query, src.pos, src.end),
					"main table %q has no time filter; Sentinel applies queryPeriod, but the query alone scans all of it", src.Text)
			}
		},
	}
}
