package analyze

import (
	"github.com/rulecat/rulecat/catalog"
)

func lookbackExceedsPeriod() *Check {
	return &Check{
		ID:       "lookback-exceeds-period",
		Severity: catalog.Warning,
		Title:    "query looks back further than the rule's queryPeriod",
		Doc: "Sentinel runs a scheduled rule's query over the data of the last `queryPeriod` only, whatever the " +
			"query asks for. A filter such as `TimeGenerated > ago(14d)` in a rule with `queryPeriod: 1d` " +
			"therefore sees one day, not fourteen: a baseline built over \"the last two weeks\" is built over " +
			"one day, and the rule fires on things that are not new at all.\n\n" +
			"Raise `queryPeriod` to the longest lookback of the query (at most 14 days), or shorten the lookback. " +
			"Windows are followed through `let` constants (`let lookback = 14d;`) and simple arithmetic.",
		Bad: "id: c0718293-a4b5-4c0d-92e3-5f6a7b8c9d01\nname: New user agent\nkind: Scheduled\nseverity: Low\n" +
			"queryFrequency: 1d\nqueryPeriod: 1d\nquery: |\n  let known = SigninLogs | where TimeGenerated > ago(14d) | distinct UserAgent;\n" +
			"  SigninLogs\n  | where TimeGenerated > ago(1d)\n  | where UserAgent !in (known)\n",
		Good: "id: c0718293-a4b5-4c0d-92e3-5f6a7b8c9d01\nname: New user agent\nkind: Scheduled\nseverity: Low\n" +
			"queryFrequency: 1d\nqueryPeriod: 14d\nquery: |\n  let known = SigninLogs | where TimeGenerated > ago(14d) | distinct UserAgent;\n" +
			"  SigninLogs\n  | where TimeGenerated > ago(1d)\n  | where UserAgent !in (known)\n",
		Run: func(p *Pass) {
			if p.Rule.Kind.Text != "Scheduled" {
				return
			}
			period, ok := parseSpan(p.Rule.QueryPeriod.Text)
			if !ok {
				return
			}
			for _, qa := range p.queries() {
				for _, a := range agoCalls(qa.Script, p.nodes(qa)) {
					if a.window > period {
						p.Reportf(nodeSpan(qa.Query, a.call),
							"lookback of %s is longer than queryPeriod %q; the query sees only the last %s",
							formatSpan(a.window), p.Rule.QueryPeriod.Text, formatSpan(period))
					}
				}
			}
		},
	}
}
