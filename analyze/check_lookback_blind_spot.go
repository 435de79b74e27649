package analyze

import (
	"time"

	"github.com/rulecat/rulecat/catalog"
)

func lookbackBlindSpot() *Check {
	return &Check{
		ID:       "lookback-blind-spot",
		Severity: catalog.Warning,
		Title:    "query looks back less than the time between runs",
		Doc: "A scheduled rule runs every `queryFrequency`. When its query only looks at the last hour " +
			"(`ago(1h)`) but runs once a day, the other 23 hours of every day are never examined: a blind spot " +
			"an attacker does not even need to know about.\n\n" +
			"The finding gives the size of the blind spot per day. Make the query's longest lookback at least " +
			"`queryFrequency` (and `queryPeriod` at least that), or run the rule as often as it looks back. " +
			"Only rules whose every lookback is a constant rulecat can evaluate are checked.",
		Bad: "id: d18293a4-b5c6-4d1e-a3f4-6a7b8c9d0e01\nname: Password spray\nkind: Scheduled\nseverity: Low\n" +
			"queryFrequency: 1d\nqueryPeriod: 1d\nquery: |\n  SigninLogs\n  | where TimeGenerated > ago(1h)\n" +
			"  | where ResultType == \"50126\"\n  | summarize dcount(UserPrincipalName) by IPAddress\n",
		Good: "id: d18293a4-b5c6-4d1e-a3f4-6a7b8c9d0e01\nname: Password spray\nkind: Scheduled\nseverity: Low\n" +
			"queryFrequency: 1h\nqueryPeriod: 1h\nquery: |\n  SigninLogs\n  | where TimeGenerated > ago(1h)\n" +
			"  | where ResultType == \"50126\"\n  | summarize dcount(UserPrincipalName) by IPAddress\n",
		Run: func(p *Pass) {
			if p.Rule.Kind.Text != "Scheduled" {
				return
			}
			freq, ok := parseSpan(p.Rule.QueryFrequency.Text)
			if !ok || freq <= 0 {
				return
			}
			for _, qa := range p.queries() {
				if len(qa.Errors) > 0 {
					continue
				}
				calls := agoCalls(qa.Script, p.nodes(qa))
				if len(calls) == 0 || countCalls(p.nodes(qa), "ago") != len(calls) {
					continue // no lookback, or one rulecat cannot evaluate
				}
				longest := calls[0]
				for _, a := range calls[1:] {
					if a.window > longest.window {
						longest = a
					}
				}
				if longest.window <= 0 || longest.window >= freq {
					continue
				}
				gap := freq - longest.window
				perDay := time.Duration(float64(gap) * float64(24*time.Hour) / float64(freq))
				p.Reportf(nodeSpan(qa.Query, longest.call),
					"longest lookback %s is shorter than queryFrequency %q; %s of events a day are never examined",
					formatSpan(longest.window), p.Rule.QueryFrequency.Text, formatSpan(perDay.Round(time.Minute)))
			}
		},
	}
}
