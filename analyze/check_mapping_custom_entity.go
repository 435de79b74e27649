package analyze

import (
	"strings"

	"github.com/rulecat/rulecat/catalog"
)

func mappingCustomEntity() *Check {
	return &Check{
		ID:       "mapping-custom-entity",
		Severity: catalog.Warning,
		Title:    "legacy custom entity column has no entity mapping",
		Doc: "Before `entityMappings`, Sentinel took entities from output columns named `AccountCustomEntity`, " +
			"`HostCustomEntity`, `IPCustomEntity` and `URLCustomEntity`. It no longer does: such a column now " +
			"maps nothing unless an `entityMappings` entry names it, so the alert comes without the entity " +
			"and investigation graphs and automation miss it. Sentinel's CI rejects analytic rules that output " +
			"one without mapping it.\n\n" +
			"Add an `entityMappings` entry with `columnName: AccountCustomEntity` (or rename the column and map " +
			"the new name).",
		Bad: "id: bf607182-93a4-4fb0-b1c2-4d5e6f7a8b01\nname: Sign-ins from one address\nkind: Scheduled\n" +
			"severity: Low\nquery: |\n  SigninLogs\n  | where IPAddress == \"203.0.113.7\"\n" +
			"  | extend AccountCustomEntity = UserPrincipalName\n",
		Good: "id: bf607182-93a4-4fb0-b1c2-4d5e6f7a8b01\nname: Sign-ins from one address\nkind: Scheduled\n" +
			"severity: Low\nquery: |\n  SigninLogs\n  | where IPAddress == \"203.0.113.7\"\n" +
			"  | extend AccountCustomEntity = UserPrincipalName\nentityMappings:\n  - entityType: Account\n" +
			"    fieldMappings:\n      - identifier: FullName\n        columnName: AccountCustomEntity\n",
		Run: func(p *Pass) {
			if p.Rule.Format != catalog.FormatYAML || p.Rule.Kind.Text == "" {
				return // only analytic rules make alerts
			}
			mapped := map[string]bool{}
			for _, em := range p.Rule.EntityMappings {
				for _, fm := range em.FieldMappings {
					mapped[strings.TrimSpace(fm.ColumnName.Text)] = true
				}
			}
			for _, qa := range p.queries() {
				for _, o := range qa.Outputs {
					if strings.HasSuffix(o.Field, "CustomEntity") && !mapped[o.Field] {
						p.Reportf(customEntitySpan(qa, p.nodes(qa), o.Field), "column %q is output but no entityMappings entry maps it", o.Field)
					}
				}
			}
		},
	}
}
