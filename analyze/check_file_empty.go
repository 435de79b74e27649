package analyze

import "github.com/rulecat/rulecat/catalog"

func fileEmpty() *Check {
	return &Check{
		ID:       "file-empty",
		Severity: catalog.Error,
		Title:    "rule file is empty",
		Doc: "A file with a rule extension that holds nothing but white space (or a YAML file with no " +
			"document) defines no rule. It is usually left over from a rename or a failed export, and it " +
			"still shows up in the catalog under its file name.\n\n" +
			"Delete the file, or put the rule back in it.",
		Bad:  "\n  \n",
		Good: "id: 6c6e5a4e-0f8a-4f57-9d4b-1f5a0b8a1c01\nname: Sign-ins from Tor\nquery: |\n  SigninLogs\n",
		Run:  reportLoaded,
	}
}
