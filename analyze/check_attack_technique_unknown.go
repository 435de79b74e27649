package analyze

import (
	"regexp"
	"strings"

	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/catalog"
)

// techniqueID is the form of an ATT&CK technique or sub-technique id, as
// Sentinel's validation requires it.
var techniqueID = regexp.MustCompile(`^T\d{4}(\.\d{3})?$`)

func attackTechniqueUnknown() *Check {
	return &Check{
		ID:       "attack-technique-unknown",
		Severity: catalog.Error,
		Title:    "technique id is malformed or not in ATT&CK",
		Doc: "Each entry of `relevantTechniques` must be the id of a MITRE ATT&CK technique (`T1059`) or " +
			"sub-technique (`T1059.001`): a capital T, four digits, and for a sub-technique a dot and three " +
			"digits. Sentinel's content validation rejects anything else, and an id ATT&CK does not know maps " +
			"the rule to nothing in coverage reports.\n\n" +
			"rulecat checks ids against the ATT&CK release it embeds (enterprise, ICS and mobile); " +
			"`--attack FILE` checks against a newer STIX bundle. Write the id exactly as attack.mitre.org " +
			"shows it, one id per entry, and put names and descriptions elsewhere.",
		Bad: "id: 5c0f8a61-7e4b-4c43-9a54-2f5d0a1c7b02\nname: Encoded PowerShell command\nkind: Scheduled\n" +
			"severity: Medium\ntactics:\n  - Execution\nrelevantTechniques:\n  - T1059.1\n  - T1999\n" +
			"query: |\n  DeviceProcessEvents\n  | where ProcessCommandLine has \"-enc\"\n",
		Good: "id: 5c0f8a61-7e4b-4c43-9a54-2f5d0a1c7b02\nname: Encoded PowerShell command\nkind: Scheduled\n" +
			"severity: Medium\ntactics:\n  - Execution\nrelevantTechniques:\n  - T1059.001\n" +
			"query: |\n  DeviceProcessEvents\n  | where ProcessCommandLine has \"-enc\"\n",
		Run: func(p *Pass) {
			att := p.Env.Attack
			if att == nil {
				return
			}
			for _, v := range p.Rule.Techniques {
				id := v.Text
				if !techniqueID.MatchString(id) {
					if fixed := strings.ToUpper(strings.TrimSpace(id)); techniqueID.MatchString(fixed) {
						p.Reportf(v.Span, "technique id %q is malformed; use %q", id, fixed)
					} else {
						p.Reportf(v.Span, "technique id %q is malformed; expected T and four digits, with \".\" and three more for a sub-technique", id)
					}
					continue
				}
				if _, ok := att.Technique(id); ok {
					continue
				}
				parent := attack.ParentID(id)
				if pt, ok := att.Technique(parent); ok && parent != id {
					p.Reportf(v.Span, "unknown sub-technique %s in ATT&CK%s; %s %q has no sub-technique %s",
						id, attackRelease(att), parent, pt.Name, id[len(parent):])
					continue
				}
				p.Reportf(v.Span, "unknown technique %s in ATT&CK%s", id, attackRelease(att))
			}
		},
	}
}

// attackRelease names the ATT&CK release for a message: " v18.1", or "" when
// the data does not say.
func attackRelease(d *attack.Data) string {
	if d.Version() == "" {
		return ""
	}
	return " v" + d.Version()
}
