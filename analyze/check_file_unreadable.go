package analyze

import "github.com/rulecat/rulecat/catalog"

func fileUnreadable() *Check {
	return &Check{
		ID:       "file-unreadable",
		Severity: catalog.Error,
		Title:    "rule file cannot be read",
		Doc: "rulecat found the file while walking the catalog but could not open or read it: a permission " +
			"problem, a file removed while rulecat ran, or an I/O error. The file is still listed under its " +
			"name so that it is not silently left out of the catalog.\n\n" +
			"Fix the file's permissions, or exclude it in `.rulecat.yaml`. Its examples cannot show the " +
			"problem in text: Bad is a placeholder that only a file system can make unreadable.",
		Bad:  "",
		Good: "id: 6c6e5a4e-0f8a-4f57-9d4b-1f5a0b8a1c01\nname: Sign-ins from Tor\nquery: |\n  SigninLogs\n",
		Run:  reportLoaded,
	}
}
