package analyze

import (
	"strings"

	"github.com/rulecat/rulecat/catalog"
)

func kqlUnknownTable() *Check {
	return &Check{
		ID:       "kql-unknown-table",
		Severity: catalog.Warning,
		Title:    "query reads a table no schema knows",
		Doc: "A table name with a typo (`SiginLogs`) fails the query with \"failed to resolve table\" as soon as " +
			"Sentinel runs it, and an analytic rule that cannot run detects nothing. rulecat knows the tables " +
			"of Log Analytics, Microsoft Sentinel and Defender XDR advanced hunting, plus those given with " +
			"`--schemas`.\n\n" +
			"Names bound by `let`, function parameters, ASIM and other workspace parsers (`_Im_Dns`, " +
			"`imAuthentication`, `ASimDnsActivityLogs`, names starting with `_`) and custom `*_CL` tables are " +
			"not reported. Fix the spelling the message suggests, or, for a table of your own, describe it in " +
			"a schema file given with `--schemas`.",
		Bad: "id: 6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c01\nname: Sign-ins from one address\nkind: Scheduled\n" +
			"severity: Low\nquery: |\n  SiginLogs\n  | where IPAddress == \"203.0.113.7\"\n",
		Good: "id: 6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c01\nname: Sign-ins from one address\nkind: Scheduled\n" +
			"severity: Low\nquery: |\n  SigninLogs\n  | where IPAddress == \"203.0.113.7\"\n",
		Run: func(p *Pass) {
			schema := p.Env.Tables
			if schema == nil {
				return
			}
			declared := map[string]bool{}
			for _, c := range p.Rule.Connectors {
				for _, dt := range c.DataTypes {
					declared[dataTypeTable(dt.Text)] = true
				}
			}
			for _, qa := range p.queries() {
				if len(qa.Errors) > 0 {
					continue // names in text that did not parse are guesses; kql-syntax reports it
				}
				for _, id := range tableRefs(p.nodes(qa)) {
					name := id.Name
					if _, ok := schema.Table(name); ok || isSourceFunc(name) || strings.HasSuffix(name, "_CL") || declared[name] {
						continue
					}
					// A name close to no table is most likely a function of the
					// workspace (a solution's parser); only a near miss is a typo.
					if s, ok := schema.Suggest(name); ok {
						p.Reportf(nodeSpan(qa.Query, id), "unknown table %q; did you mean %q", name, s)
					}
				}
			}
		},
	}
}
