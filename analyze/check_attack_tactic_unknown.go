package analyze

import (
	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/catalog"
)

func attackTacticUnknown() *Check {
	return &Check{
		ID:       "attack-tactic-unknown",
		Severity: catalog.Error,
		Title:    "tactic is not an ATT&CK tactic name Sentinel accepts",
		Doc: "Sentinel accepts only its own spelling of the MITRE ATT&CK tactics in a rule's `tactics`: " +
			"`Reconnaissance`, `ResourceDevelopment`, `InitialAccess`, `Execution`, `Persistence`, " +
			"`PrivilegeEscalation`, `DefenseEvasion`, `CredentialAccess`, `Discovery`, `LateralMovement`, " +
			"`Collection`, `CommandAndControl`, `Exfiltration`, `Impact`, and for ATT&CK for ICS " +
			"`InhibitResponseFunction` and `ImpairProcessControl`. Anything else (a display name such as " +
			"`Initial Access`, a typo, a category such as `Ransomware`) fails Sentinel's content validation " +
			"and leaves the rule out of the MITRE coverage views.\n\n" +
			"The legacy `PreAttack` tactic is retired: ATT&CK split it into `Reconnaissance` and " +
			"`ResourceDevelopment`.\n\n" +
			"Markdown hunting queries are documentation, so there ATT&CK's display names (`Initial Access`), " +
			"short names (`initial-access`) and ids (`TA0001`) are accepted too.\n\n" +
			"Fix the spelling the message suggests, or move a category that is not a tactic to `tags`.",
		Bad: "id: 0d1f8a56-3b0e-4a9c-9d63-4c1b1a6f0a01\nname: Sign-in from a new country\nkind: Scheduled\n" +
			"severity: Medium\ntactics:\n  - Initial Access\n  - CommanAndControl\nrelevantTechniques:\n  - T1078\n" +
			"query: |\n  SigninLogs\n  | where ResultType == 0\n",
		Good: "id: 0d1f8a56-3b0e-4a9c-9d63-4c1b1a6f0a01\nname: Sign-in from a new country\nkind: Scheduled\n" +
			"severity: Medium\ntactics:\n  - InitialAccess\n  - CommandAndControl\nrelevantTechniques:\n  - T1078\n" +
			"query: |\n  SigninLogs\n  | where ResultType == 0\n",
		Run: func(p *Pass) {
			att := p.Env.Attack
			if att == nil {
				return
			}
			yaml := p.Rule.Format == catalog.FormatYAML
			for _, ta := range p.Rule.Tactics {
				name := ta.Text
				if name == "PreAttack" {
					p.Reportf(ta.Span, "tactic %q is retired; use \"Reconnaissance\" or \"ResourceDevelopment\"", name)
					continue
				}
				if yaml && attack.IsSentinelTactic(name) {
					continue
				}
				t, ok := att.Tactic(name)
				switch {
				case ok && !yaml:
					continue // markdown may use display names, short names and ids
				case ok && t.Sentinel != "":
					p.Reportf(ta.Span, "tactic %q is not spelled as Sentinel expects; use %q", name, t.Sentinel)
					continue
				}
				if s, ok := att.SuggestTactic(name, yaml); ok {
					p.Reportf(ta.Span, "unknown tactic %q; did you mean %q", name, s)
				} else {
					p.Reportf(ta.Span, "unknown tactic %q; expected an ATT&CK tactic such as \"InitialAccess\"", name)
				}
			}
		},
	}
}
