package analyze

import (
	"fmt"
	"math"
	"strings"

	"github.com/rulecat/rulecat/catalog"
)

// nearDuplicateThreshold is the Jaccard similarity of indicator sets from
// which a changed rule is reported.
const nearDuplicateThreshold = 0.9

func nearDuplicate() *Check {
	const (
		encodedPS = "DeviceProcessEvents\n| where Timestamp > ago(1h)\n| where FileName =~ \"powershell.exe\"\n" +
			"| where ProcessCommandLine has_any (\"-enc\", \"-encodedcommand\", \"frombase64string\")\n"
		notSystem = "| where AccountName != \"system\"\n"
		certutil  = "DeviceProcessEvents\n| where Timestamp > ago(1h)\n| where FileName =~ \"certutil.exe\"\n" +
			"| where ProcessCommandLine has_any (\"-urlcache\", \"-split\", \"http\")\n"
	)
	newRule := func(name, query string) string {
		return "-- rules/new.yaml --\n" + exampleRule("a6b7c8d9-e0f1-4a6d-92e3-1d2e3f4a5b01", name, query)
	}
	oldRule := func(query string) string {
		return "-- rules/old.yaml --\n" + exampleRule("b7c8d9e0-f1a2-4b7e-83f4-2e3f4a5b6c01", "Encoded PowerShell", query)
	}
	return &Check{
		ID:       "near-duplicate",
		Severity: catalog.Info,
		Title:    "changed rule filters on nearly the same things as another rule",
		Doc: "A pull request that adds or changes a rule whose filters (the fields, operators and values it tests, " +
			"its indicators) and tables are at least 90% the same as those of a rule already in the catalog is usually a " +
			"copy: of a rule the author did not find, or of one they meant to replace. Two rules then fire on " +
			"the same events, doubling alerts, and fixes land in one but not the other.\n\n" +
			"This check runs only in pull-request mode (`rulecat lint --changed-since REF`) and only on the " +
			"changed rules; rules with fewer than three indicators are left out. Merge the rules, make the " +
			"difference explicit, or suppress the finding with the reason they must stay apart.",
		Bad:  newRule("Encoded PowerShell (new)", encodedPS+notSystem) + oldRule(encodedPS+notSystem),
		Good: newRule("Certutil download", certutil) + oldRule(encodedPS),
		Run: func(p *Pass) {
			if p.Env.Changed == nil || !p.Env.Changed(p.Rule.File) {
				return
			}
			ra := p.Analysis()
			sim := p.Env.similarity()
			if ra == nil || sim == nil {
				return
			}
			rules, sims := sim.nearDuplicates(ra, nearDuplicateThreshold)
			if len(rules) == 0 {
				return
			}
			var others []string
			for i, o := range rules {
				if i == 3 {
					others = append(others, fmt.Sprintf("and %d more", len(rules)-3))
					break
				}
				others = append(others, fmt.Sprintf("%s at %d%%", ruleLabel(o), int(math.Floor(sims[i]*100))))
			}
			span := p.Rule.Name.Span
			if span.Line == 0 && len(p.Rule.Queries) > 0 {
				span = p.Rule.Queries[0].Span
			}
			p.Reportf(span, "indicators are nearly the same as those of %s", strings.Join(others, ", "))
		},
	}
}
