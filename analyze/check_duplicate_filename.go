package analyze

import (
	"slices"

	"github.com/rulecat/rulecat/catalog"
)

func duplicateFilename() *Check {
	return &Check{
		ID:       "duplicate-filename",
		Severity: catalog.Warning,
		Title:    "file path differs from another only in case",
		Doc: "Git on Linux keeps `rules/DNS/dga.yaml` and `rules/dns/DGA.yaml` apart, but Windows and macOS " +
			"file systems ignore case: a checkout there holds only one of the two files, silently, and " +
			"deployment tools and the site (whose page names are lower case) mix them up.\n\n" +
			"Rename or merge one of the files so that no two paths differ only in case.",
		Bad: "-- rules/Rare-Logon.yaml --\nid: 7d9f1b3d-5f7a-4c9e-8b2d-4f6a8c0e2a10\nname: Rare logon type\n" +
			"kind: Scheduled\nseverity: Low\nquery: |\n  SecurityEvent\n  | where EventID == 4624\n" +
			"-- rules/rare-logon.yaml --\nid: 9f1b3d5f-7a9c-4e0a-9d4f-6a8c0e2a4c11\nname: Rare logon process\n" +
			"kind: Scheduled\nseverity: Low\nquery: |\n  SecurityEvent\n  | where EventID == 4625\n",
		Good: "-- rules/rare-logon-type.yaml --\nid: 7d9f1b3d-5f7a-4c9e-8b2d-4f6a8c0e2a10\nname: Rare logon type\n" +
			"kind: Scheduled\nseverity: Low\nquery: |\n  SecurityEvent\n  | where EventID == 4624\n" +
			"-- rules/rare-logon-process.yaml --\nid: 9f1b3d5f-7a9c-4e0a-9d4f-6a8c0e2a4c11\nname: Rare logon process\n" +
			"kind: Scheduled\nseverity: Low\nquery: |\n  SecurityEvent\n  | where EventID == 4625\n",
		Run: func(p *Pass) {
			if p.Env.Index == nil {
				return
			}
			files := p.Env.Index.FilesFolding(p.Rule.File)
			files = slices.DeleteFunc(files, func(f string) bool { return f == p.Rule.File })
			if others, ok := listFiles(files); ok {
				p.Reportf(catalog.Span{Line: 1, Col: 1}, "path %q differs only in case from %s", p.Rule.File, others)
			}
		},
	}
}
