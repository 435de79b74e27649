package analyze

import "github.com/rulecat/rulecat/catalog"

// unusedSuppressionID is the id under which Lint reports suppressions that
// silence nothing or give no reason.
const unusedSuppressionID = "unused-suppression"

// unusedSuppression documents the findings Lint makes about suppressions.
// Its Run does nothing: whether a suppression was used is only known once
// every other check has run, so Lint reports them itself.
func unusedSuppression() *Check {
	return &Check{
		ID:       unusedSuppressionID,
		Severity: catalog.Warning,
		Title:    "suppression matches no finding or gives no reason",
		Doc: "A `# rulecat:ignore CHECK-ID reason` comment on the line before a YAML key accepts the findings of " +
			"CHECK-ID on that key and its whole value (before the first key, also the findings about the whole " +
			"file); a `suppress:` entry of `.rulecat.yaml` accepts them for " +
			"every file its path glob matches. Once the rule is fixed, or the check stops firing, the exemption " +
			"would linger unnoticed and silence the next real problem, so a suppression that accepts no finding " +
			"is reported here. So is one that gives no reason: write why the finding is acceptable after the " +
			"check id, so a reviewer can judge it.\n\n" +
			"Fix it by deleting the suppression, or by adding the missing reason.",
		Bad:  "# rulecat:ignore no-such-finding\nid: 6c6e5a4e-0f8a-4f57-9d4b-1f5a0b8a1c01\nname: Sign-ins from Tor\n",
		Good: "id: 6c6e5a4e-0f8a-4f57-9d4b-1f5a0b8a1c01\nname: Sign-ins from Tor\n",
		Run:  func(*Pass) {},
	}
}
