package analyze

import (
	"slices"
	"strings"

	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/catalog"
)

func attackTacticMismatch() *Check {
	return &Check{
		ID:       "attack-tactic-mismatch",
		Severity: catalog.Error,
		Title:    "technique belongs to none of the rule's tactics",
		Doc: "In ATT&CK every technique sits under one or more tactics: `T1566` Phishing is an " +
			"`InitialAccess` technique, `T1078` Valid Accounts is under `InitialAccess`, `Persistence`, " +
			"`PrivilegeEscalation` and `DefenseEvasion`. Sentinel's content validation rejects an analytic " +
			"rule listing a technique none of whose tactics is in its `tactics`, and the MITRE coverage views " +
			"would place the rule in the wrong column.\n\n" +
			"Add one of the tactics the message names, or correct the technique. A sub-technique " +
			"(`T1566.002`) is checked against its own tactics.\n\n" +
			"The check applies to YAML analytic rules (those with a `kind`), as errors, and to hunting " +
			"queries that list `tactics`, as warnings, since Sentinel's validation does not hold hunting " +
			"queries to their tactics. Technique ids that are malformed or unknown are left to " +
			"attack-technique-unknown.",
		Bad: "id: 1f3e5d7c-9b2a-4c6e-8d0f-2a4b6c8d0e05\nname: Link in mail clicked\nkind: Scheduled\n" +
			"severity: Medium\ntactics:\n  - Execution\nrelevantTechniques:\n  - T1566.002\n" +
			"query: |\n  UrlClickEvents\n  | where ActionType == \"ClickAllowed\"\n",
		Good: "id: 1f3e5d7c-9b2a-4c6e-8d0f-2a4b6c8d0e05\nname: Link in mail clicked\nkind: Scheduled\n" +
			"severity: Medium\ntactics:\n  - InitialAccess\nrelevantTechniques:\n  - T1566.002\n" +
			"query: |\n  UrlClickEvents\n  | where ActionType == \"ClickAllowed\"\n",
		Run: func(p *Pass) {
			att, r := p.Env.Attack, p.Rule
			if att == nil || r.Format != catalog.FormatYAML || (len(r.Tactics) == 0 && r.Kind.Text == "") {
				return
			}
			var listed []string // the rule's tactics, as tactic keys
			for _, v := range r.Tactics {
				if t, ok := att.Tactic(v.Text); ok {
					listed = append(listed, tacticKey(t))
				} else if v.Text == "PreAttack" {
					// The retired tactic covered these two; attack-tactic-unknown
					// reports it, so do not also report its techniques here.
					listed = append(listed, "Reconnaissance", "ResourceDevelopment")
				}
			}
			for _, v := range r.Techniques {
				id := v.Text
				if !techniqueID.MatchString(id) {
					continue
				}
				if _, ok := att.Technique(id); !ok {
					id = attack.ParentID(id) // an unknown sub-technique: judge by its technique
				}
				var fit []string
				for _, t := range att.TacticsOf(id) {
					if k := tacticKey(t); !slices.Contains(fit, k) {
						fit = append(fit, k)
					}
				}
				if len(fit) == 0 || slices.ContainsFunc(fit, func(k string) bool { return slices.Contains(listed, k) }) {
					continue
				}
				sev := catalog.Error
				if r.Kind.Text == "" {
					sev = catalog.Warning // a hunting query: Sentinel's validation does not hold it to its tactics
				}
				if len(fit) == 1 {
					p.ReportSeverityf(sev, v.Span, "technique %s belongs to %s, which is not in tactics", v.Text, fit[0])
				} else {
					p.ReportSeverityf(sev, v.Span, "technique %s belongs to %s or %s, none of which is in tactics",
						v.Text, strings.Join(fit[:len(fit)-1], ", "), fit[len(fit)-1])
				}
			}
		},
	}
}

// tacticKey is the name the mismatch check and the tactic selector
// attribute compare a tactic by: its Sentinel name, or its display name
// when Sentinel has none.
func tacticKey(t *attack.Tactic) string {
	if t.Sentinel != "" {
		return t.Sentinel
	}
	return t.Name
}
