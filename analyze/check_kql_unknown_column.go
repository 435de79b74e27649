package analyze

import (
	"slices"
	"strings"

	"github.com/rulecat/rulecat/catalog"
)

func kqlUnknownColumn() *Check {
	return &Check{
		ID:       "kql-unknown-column",
		Severity: catalog.Warning,
		Title:    "query uses a column its input does not have",
		Doc: "KQL column names are case-sensitive, and a misspelt one (`IpAddress` for `IPAddress`) makes the " +
			"query fail with \"failed to resolve scalar expression\". rulecat follows the columns of each step " +
			"from the table schemas through `let`, `extend`, `project`, `summarize`, `join` and the other " +
			"operators, and reports a name the step's input does not have when it is a near miss of one it has (a different case, a letter or two apart): the schemas lack some columns that real tables have, so a name close to none is taken for such a gap.\n\n" +
			"It reports only where the columns at that step are completely known: after a plugin, a table " +
			"missing from the schemas or `project` with a wildcard it stays silent. The Defender XDR schemas " +
			"have known gaps, so findings on them are only informational. A lower-case name no step defines is taken for a parameter of a function saved from the query. " +
			"AzureDiagnostics' suffixed columns (`Caller_s`, `Count_d`) are accepted; on other tables a suffixed name is checked like any other. Fix the name the message " +
			"suggests, or use `column_ifexists(\"Name\", default)` for a column that may be absent.",
		Bad: "id: 7b2c3d4e-5f60-4b7c-9d8e-0f1a2b3c4d01\nname: Sign-ins from one address\nkind: Scheduled\n" +
			"severity: Low\nquery: |\n  SigninLogs\n  | where IpAddress == \"203.0.113.7\"\n",
		Good: "id: 7b2c3d4e-5f60-4b7c-9d8e-0f1a2b3c4d01\nname: Sign-ins from one address\nkind: Scheduled\n" +
			"severity: Low\nquery: |\n  SigninLogs\n  | extend Ip = IPAddress\n  | where Ip == \"203.0.113.7\"\n",
		Run: func(p *Pass) {
			for _, qa := range p.queries() {
				for _, u := range unknownColumns(qa, p.nodes(qa), p.Env.Tables) {
					if lowerName(u.id.Name) {
						continue
					}
					// The schemas miss some columns real tables have, so a name
					// is reported only when it is a near miss of a known one:
					// a typo rather than a gap in the listing.
					s, ok := catalog.Closest(u.id.Name, u.cands)
					if stem, suffixed := suffixStem(u.id.Name); !ok && suffixed {
						// A custom-log suffix on a column that has none
						// (Location_s) or on a typo of one (Locaton_s).
						if s, ok = stem, slices.Contains(u.cands, stem); !ok {
							s, ok = catalog.Closest(stem, u.cands)
						}
					}
					if !ok || strings.TrimLeft(s, "_") == u.id.Name {
						continue
					}
					sev := p.Check.Severity
					if u.defender {
						sev = catalog.Info // the Defender XDR listings have known gaps
					}
					p.ReportSeverityf(sev, nodeSpan(qa.Query, u.id), "unknown column %q; did you mean %q", u.id.Name, s)
				}
			}
		},
	}
}
