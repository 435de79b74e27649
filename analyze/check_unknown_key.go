package analyze

import "github.com/rulecat/rulecat/catalog"

func unknownKey() *Check {
	return &Check{
		ID:       "unknown-key",
		Severity: catalog.Warning,
		Title:    "top-level key is not a field of this kind of rule",
		Doc: "Sentinel ignores keys it does not know, so a misspelled field (`queryFrequncy`, " +
			"`relevantTechnique`, `Tags`) silently does nothing: the rule deploys with the default, or " +
			"without the technique mapping you meant to add. rulecat compares every top-level key with the " +
			"fields of the file's kind (analytic rule, hunting query, exploration query, ASIM parser) and " +
			"suggests the closest known field when there is one.\n\n" +
			"Rename the key to the field it was meant to be, or delete it. Keys that are misspelled inside " +
			"a known field (`entityMappings`, `eventGroupingSettings`, ...) are reported by `schema`.",
		Bad:  "id: 6c6e5a4e-0f8a-4f57-9d4b-1f5a0b8a1c01\nname: Sign-ins from Tor\nrelevantTechnique:\n  - T1090\nquery: |\n  SigninLogs\n",
		Good: "id: 6c6e5a4e-0f8a-4f57-9d4b-1f5a0b8a1c01\nname: Sign-ins from Tor\nrelevantTechniques:\n  - T1090\nquery: |\n  SigninLogs\n",
		Run:  reportLoaded,
	}
}
