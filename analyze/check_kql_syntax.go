package analyze

import "github.com/rulecat/rulecat/catalog"

func kqlSyntax() *Check {
	return &Check{
		ID:       "kql-syntax",
		Severity: catalog.Error,
		Title:    "query does not parse as KQL",
		Doc: "Sentinel refuses to save an analytic rule whose query does not parse, and a hunting query that " +
			"does not parse fails the moment someone runs it. Every other query check reads the parse, so the " +
			"parts after a syntax error are analysed only as far as the parser could recover.\n\n" +
			"The finding points at the token the parser stopped at and says what it expected there. Common " +
			"causes are a comparison with nothing on its right, an unbalanced parenthesis or quote, a `|` " +
			"left at the end of the query, and text pasted from a document with typographic quotes.",
		Bad: "id: 5d2c1a40-7b3e-4c6f-9a1d-2e3f4a5b6c01\nname: Sign-ins from one address\nkind: Scheduled\n" +
			"severity: Low\nquery: |\n  SigninLogs\n  | where IPAddress ==\n",
		Good: "id: 5d2c1a40-7b3e-4c6f-9a1d-2e3f4a5b6c01\nname: Sign-ins from one address\nkind: Scheduled\n" +
			"severity: Low\nquery: |\n  SigninLogs\n  | where IPAddress == \"203.0.113.7\"\n",
		Run: func(p *Pass) {
			ra := p.Analysis()
			if ra == nil {
				return
			}
			for _, qa := range ra.Queries {
				if qa == nil || qa.Query == nil {
					continue
				}
				for _, e := range qa.Errors {
					p.Reportf(querySpan(qa.Query, e.Pos, e.End), "%s", e.Msg)
				}
			}
		},
	}
}
