package analyze

import "github.com/rulecat/rulecat/catalog"

func attackDeprecated() *Check {
	return &Check{
		ID:       "attack-deprecated",
		Severity: catalog.Warning,
		Title:    "technique is deprecated in ATT&CK",
		Doc: "MITRE deprecates a technique it no longer maintains and gives it no replacement: `T1064` " +
			"Scripting, for example, whose content moved to several other techniques. A deprecated id is " +
			"missing from the current ATT&CK matrix, so the rule counts toward no coverage.\n\n" +
			"Map the rule to the current technique that best describes what it detects (the technique's " +
			"page on attack.mitre.org usually says where its content went), or remove the id.",
		Bad: "id: 8a2d4c6e-1b3f-4d5a-9e7c-0f1a2b3c4d04\nname: Script host launched from Office\nkind: Scheduled\n" +
			"severity: Medium\ntactics:\n  - Execution\nrelevantTechniques:\n  - T1064\n" +
			"query: |\n  DeviceProcessEvents\n  | where InitiatingProcessFileName =~ \"winword.exe\"\n",
		Good: "id: 8a2d4c6e-1b3f-4d5a-9e7c-0f1a2b3c4d04\nname: Script host launched from Office\nkind: Scheduled\n" +
			"severity: Medium\ntactics:\n  - Execution\nrelevantTechniques:\n  - T1059.005\n" +
			"query: |\n  DeviceProcessEvents\n  | where InitiatingProcessFileName =~ \"winword.exe\"\n",
		Run: func(p *Pass) {
			att := p.Env.Attack
			if att == nil {
				return
			}
			for _, v := range p.Rule.Techniques {
				if t, ok := att.Technique(v.Text); ok && t.Deprecated && !t.Revoked {
					p.Reportf(v.Span, "technique %s %q is deprecated in ATT&CK%s; map the rule to a current technique",
						t.ID, t.Name, attackRelease(att))
				}
			}
		},
	}
}
