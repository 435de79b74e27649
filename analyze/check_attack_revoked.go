package analyze

import (
	"slices"

	"github.com/rulecat/rulecat/catalog"
)

func attackRevoked() *Check {
	return &Check{
		ID:       "attack-revoked",
		Severity: catalog.Warning,
		Title:    "technique is revoked in ATT&CK",
		Doc: "MITRE revokes a technique when it merges it into another or turns it into a sub-technique: " +
			"`T1086` PowerShell became `T1059.001`. A revoked id no longer appears in the ATT&CK matrix, so " +
			"the rule counts toward no coverage, and Sentinel's MITRE views show it nowhere.\n\n" +
			"Replace the id with the one the message names (rulecat follows chains of revocations to the " +
			"current technique), and check that the rule's `tactics` still fit it.",
		Bad: "id: 3e7c2b90-6a1d-4f8e-8b1a-9c4d2e5f6a03\nname: PowerShell downloading a file\nkind: Scheduled\n" +
			"severity: Medium\ntactics:\n  - Execution\nrelevantTechniques:\n  - T1086\n" +
			"query: |\n  DeviceProcessEvents\n  | where ProcessCommandLine has \"DownloadFile\"\n",
		Good: "id: 3e7c2b90-6a1d-4f8e-8b1a-9c4d2e5f6a03\nname: PowerShell downloading a file\nkind: Scheduled\n" +
			"severity: Medium\ntactics:\n  - Execution\nrelevantTechniques:\n  - T1059.001\n" +
			"query: |\n  DeviceProcessEvents\n  | where ProcessCommandLine has \"DownloadFile\"\n",
		Run: func(p *Pass) {
			att := p.Env.Attack
			if att == nil {
				return
			}
			for _, v := range p.Rule.Techniques {
				t, ok := att.Technique(v.Text)
				if !ok || !t.Revoked {
					continue
				}
				repl, ok := att.Replacement(t.ID)
				switch {
				case !ok:
					p.Reportf(v.Span, "technique %s is revoked in ATT&CK%s; remove it", t.ID, attackRelease(att))
				case slices.ContainsFunc(p.Rule.Techniques, func(o catalog.Value) bool { return o.Text == repl }):
					p.Reportf(v.Span, "technique %s is revoked; remove it, its replacement %s is already listed", t.ID, repl)
				default:
					p.Reportf(v.Span, "technique %s is revoked; use %s", t.ID, repl)
				}
			}
		},
	}
}
