package analyze

import (
	"slices"

	"github.com/rulecat/rulecat/catalog"
)

func mappingUnknownColumn() *Check {
	return &Check{
		ID:       "mapping-unknown-column",
		Severity: catalog.Error,
		Title:    "mapping names a column the query does not output",
		Doc: "Entity mappings, custom details and alert details overrides take their values from the columns of " +
			"the query's results. A name that is not among them (a column the last `project` dropped, a typo, a " +
			"column renamed by `summarize`) makes Sentinel reject the rule on save or deployment, or, for " +
			"`{{Column}}` placeholders in alert names and descriptions, print the placeholder as is.\n\n" +
			"rulecat works out the columns the query outputs by following them through every step, and checks " +
			"only when that set is completely known. The message names the closest output column. Add the " +
			"column to the final `project`, or fix the name in the mapping.",
		Bad: "id: ae5f6071-8293-4eaf-a0b1-3c4d5e6f7a01\nname: Sign-ins from one address\nkind: Scheduled\n" +
			"severity: Low\nquery: |\n  SigninLogs\n  | where IPAddress == \"203.0.113.7\"\n" +
			"  | project TimeGenerated, UserPrincipalName, IPAddress\nentityMappings:\n  - entityType: Account\n" +
			"    fieldMappings:\n      - identifier: FullName\n        columnName: UserPrincipleName\n",
		Good: "id: ae5f6071-8293-4eaf-a0b1-3c4d5e6f7a01\nname: Sign-ins from one address\nkind: Scheduled\n" +
			"severity: Low\nquery: |\n  SigninLogs\n  | where IPAddress == \"203.0.113.7\"\n" +
			"  | project TimeGenerated, UserPrincipalName, IPAddress\nentityMappings:\n  - entityType: Account\n" +
			"    fieldMappings:\n      - identifier: FullName\n        columnName: UserPrincipalName\n",
		Run: func(p *Pass) {
			cols, complete := outputSet(p.queries())
			if !complete {
				return
			}
			for _, m := range mappedColumns(p.Rule) {
				if slices.Contains(cols, m.name) || standardColumn(p.Env.Tables, m.name) || m.name == "null" {
					continue
				}
				if s, ok := catalog.Closest(m.name, cols); ok {
					p.Reportf(m.span, "%s column %q is not an output of the query; did you mean %q", m.what, m.name, s)
				} else {
					p.Reportf(m.span, "%s column %q is not an output of the query", m.what, m.name)
				}
			}
		},
	}
}
