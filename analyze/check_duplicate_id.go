package analyze

import "github.com/rulecat/rulecat/catalog"

func duplicateID() *Check {
	return &Check{
		ID:       "duplicate-id",
		Severity: catalog.Error,
		Title:    "rule id is used by another rule",
		Doc: "A rule's `id` is the GUID Sentinel deploys it under: two rules with the same id overwrite " +
			"each other when the catalog is deployed, and whichever lands last wins. It usually happens when " +
			"a rule file is copied to start a new one. Ids are compared ignoring case.\n\n" +
			"Give the copy a new GUID (`uuidgen`, or `[guid]::NewGuid()` in PowerShell). If both files are " +
			"the same rule, delete one. The finding is reported at every file that uses the id.",
		Bad: "-- rules/a.yaml --\nid: 6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e06\nname: Rare process on a server\n" +
			"kind: Scheduled\nseverity: Low\nquery: |\n  SecurityEvent\n  | where EventID == 4688\n" +
			"-- rules/b.yaml --\nid: 6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e06\nname: Rare service on a server\n" +
			"kind: Scheduled\nseverity: Low\nquery: |\n  SecurityEvent\n  | where EventID == 7045\n",
		Good: "-- rules/a.yaml --\nid: 6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e06\nname: Rare process on a server\n" +
			"kind: Scheduled\nseverity: Low\nquery: |\n  SecurityEvent\n  | where EventID == 4688\n" +
			"-- rules/b.yaml --\nid: 0a9b8c7d-6e5f-4a3b-9c1d-0e2f4a6b8c07\nname: Rare service on a server\n" +
			"kind: Scheduled\nseverity: Low\nquery: |\n  SecurityEvent\n  | where EventID == 7045\n",
		Run: func(p *Pass) {
			if p.Env.Index == nil || p.Rule.ID.Text == "" {
				return
			}
			if others, ok := otherFiles(p.Env.Index.RulesWithID(p.Rule.ID.Text), p.Rule.File); ok {
				p.Reportf(p.Rule.ID.Span, "id %q is also used by %s", p.Rule.ID.Text, others)
			}
		},
	}
}
