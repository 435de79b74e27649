package analyze

import "github.com/rulecat/rulecat/catalog"

func duplicateName() *Check {
	return &Check{
		ID:       "duplicate-name",
		Severity: catalog.Warning,
		Title:    "rule name is used by another rule",
		Doc: "The `name` is what analysts see: the alert title in Sentinel, the page title on the site. Two " +
			"rules with the same name make incidents ambiguous and the catalog hard to search, and often " +
			"mean a rule was copied and only half changed.\n\n" +
			"Rename one so that the name says what sets it apart (the data source, the platform, the " +
			"threshold). Names are compared exactly, after trimming surrounding space; the names rulecat " +
			"derives from file names (bare `.kql` files, markdown pages without a title) are not compared. " +
			"The finding is reported at every file that uses the name.",
		Bad: "-- rules/a.yaml --\nid: 2b4d6f8a-0c1e-4a3b-8d5f-7a9c1e3b5d08\nname: Mass file deletion\n" +
			"kind: Scheduled\nseverity: Medium\nquery: |\n  DeviceFileEvents\n  | where ActionType == \"FileDeleted\"\n" +
			"-- rules/b.yaml --\nid: 4c6e8a0b-2d4f-4b5c-9e7a-1c3e5a7c9e09\nname: Mass file deletion\n" +
			"kind: Scheduled\nseverity: Medium\nquery: |\n  OfficeActivity\n  | where Operation == \"FileDeleted\"\n",
		Good: "-- rules/a.yaml --\nid: 2b4d6f8a-0c1e-4a3b-8d5f-7a9c1e3b5d08\nname: Mass file deletion on devices\n" +
			"kind: Scheduled\nseverity: Medium\nquery: |\n  DeviceFileEvents\n  | where ActionType == \"FileDeleted\"\n" +
			"-- rules/b.yaml --\nid: 4c6e8a0b-2d4f-4b5c-9e7a-1c3e5a7c9e09\nname: Mass file deletion in SharePoint\n" +
			"kind: Scheduled\nseverity: Medium\nquery: |\n  OfficeActivity\n  | where Operation == \"FileDeleted\"\n",
		Run: func(p *Pass) {
			if p.Env.Index == nil || p.Rule.Name.Text == "" || derivedName(p.Rule) {
				return
			}
			if others, ok := otherFiles(p.Env.Index.RulesWithName(p.Rule.Name.Text), p.Rule.File); ok {
				p.Reportf(p.Rule.Name.Span, "name %q is also used by %s", p.Rule.Name.Text, others)
			}
		},
	}
}
