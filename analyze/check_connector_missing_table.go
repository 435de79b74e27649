package analyze

import (
	"strings"

	"github.com/rulecat/rulecat/catalog"
)

func connectorMissingTable() *Check {
	return &Check{
		ID:       "connector-missing-table",
		Severity: catalog.Warning,
		Title:    "query reads a table no required data connector provides",
		Doc: "`requiredDataConnectors` tells Sentinel which connectors a rule needs: the content hub installs " +
			"and enables the rule only where they are connected, and the rule's page lists them. A table the " +
			"query reads that no listed connector provides means the rule can be enabled in a workspace where " +
			"that data never arrives, and silently never fires.\n\n" +
			"Each `dataTypes` entry is compared by its table name (`Syslog (CiscoASA)` provides `Syslog`), " +
			"ignoring case. Rules without `requiredDataConnectors` are left alone. Add the connector that " +
			"provides the table, or the table to the dataTypes of the right connector.",
		Bad: "id: 8c3d4e5f-6071-4c8d-8e9f-1a2b3c4d5e01\nname: Sign-ins after an alert\nkind: Scheduled\n" +
			"severity: Low\nrequiredDataConnectors:\n  - connectorId: AzureActiveDirectory\n    dataTypes:\n" +
			"      - SigninLogs\nquery: |\n  SecurityAlert\n  | join kind=inner SigninLogs on $left.CompromisedEntity == $right.UserPrincipalName\n",
		Good: "id: 8c3d4e5f-6071-4c8d-8e9f-1a2b3c4d5e01\nname: Sign-ins after an alert\nkind: Scheduled\n" +
			"severity: Low\nrequiredDataConnectors:\n  - connectorId: AzureActiveDirectory\n    dataTypes:\n" +
			"      - SigninLogs\n  - connectorId: AzureActiveDirectoryIdentityProtection\n    dataTypes:\n" +
			"      - SecurityAlert (IPC)\nquery: |\n  SecurityAlert\n  | join kind=inner SigninLogs on $left.CompromisedEntity == $right.UserPrincipalName\n",
		Run: func(p *Pass) {
			schema := p.Env.Tables
			if len(p.Rule.Connectors) == 0 || schema == nil {
				return
			}
			provided := map[string]bool{}
			for _, c := range p.Rule.Connectors {
				for _, dt := range c.DataTypes {
					provided[strings.ToLower(dataTypeTable(dt.Text))] = true
				}
			}
			qas := p.queries()
			names, at := readNames(p, qas)
			for _, name := range names {
				if provided[strings.ToLower(name)] {
					continue
				}
				// A function or parser: the connector lists the table it reads.
				if !connectorTable(schema, name) {
					continue
				}
				p.Reportf(at[name], "table %q is read but no entry of requiredDataConnectors lists it", name)
			}
		},
	}
}
