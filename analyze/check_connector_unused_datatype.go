package analyze

import (
	"strings"

	"github.com/rulecat/rulecat/catalog"
)

func connectorUnusedDatatype() *Check {
	return &Check{
		ID:       "connector-unused-datatype",
		Severity: catalog.Info,
		Title:    "required data connector lists a data type the query never reads",
		Doc: "A `dataTypes` entry of `requiredDataConnectors` that the query never reads makes Sentinel ask for " +
			"a connector the rule does not need: the content hub shows the rule as missing data where it would " +
			"work, and coverage reports count data the rule does not use. It is usually left over from the rule " +
			"the query was copied from.\n\n" +
			"A dataType counts as read when the query reads a table of that name, ignoring case and a " +
			"parenthesised suffix (`Syslog (CiscoASA)`). A rule whose query calls a parser or workspace function " +
			"is left alone, since rulecat cannot see the tables the function reads. Remove the entry, or the connector when none " +
			"of its data types is read.",
		Bad: "id: 9d4e5f60-7182-4d9e-9fa0-2b3c4d5e6f01\nname: Sign-ins from one address\nkind: Scheduled\n" +
			"severity: Low\nrequiredDataConnectors:\n  - connectorId: AzureActiveDirectory\n    dataTypes:\n" +
			"      - SigninLogs\n      - AuditLogs\nquery: |\n  SigninLogs\n  | where IPAddress == \"203.0.113.7\"\n",
		Good: "id: 9d4e5f60-7182-4d9e-9fa0-2b3c4d5e6f01\nname: Sign-ins from one address\nkind: Scheduled\n" +
			"severity: Low\nrequiredDataConnectors:\n  - connectorId: AzureActiveDirectory\n    dataTypes:\n" +
			"      - SigninLogs\nquery: |\n  SigninLogs\n  | where IPAddress == \"203.0.113.7\"\n",
		Run: func(p *Pass) {
			qas := p.queries()
			if len(p.Rule.Connectors) == 0 || len(qas) == 0 || p.Env.Tables == nil {
				return
			}
			for _, qa := range qas {
				if len(qa.Errors) > 0 {
					return // what the query reads is not fully known
				}
			}
			names, _ := readNames(p, qas)
			read := map[string]bool{}
			for _, n := range names {
				// A function or parser reads tables rulecat cannot see.
				if !connectorTable(p.Env.Tables, n) {
					return
				}
				read[strings.ToLower(n)] = true
			}
			for _, c := range p.Rule.Connectors {
				for _, dt := range c.DataTypes {
					t := dataTypeTable(dt.Text)
					if t == "" || read[strings.ToLower(t)] {
						continue
					}
					p.Reportf(dt.Span, "data type %q is listed but the query never reads %q", dt.Text, t)
				}
			}
		},
	}
}
