package analyze

import "github.com/rulecat/rulecat/catalog"

func fileEncoding() *Check {
	return &Check{
		ID:       "file-encoding",
		Severity: catalog.Error,
		Title:    "rule file is not UTF-8 text",
		Doc: "Rule files are read as UTF-8, as Sentinel and its repository's tooling read them. A file saved " +
			"as UTF-16 (some Windows editors do this by default), in a legacy code page such as Windows-1252 " +
			"(an `é` in a description is enough), or that holds binary data (a NUL byte) cannot be read " +
			"reliably; rulecat lists it under its file name and reports the first offending byte.\n\n" +
			"Save the file as UTF-8 without a byte order mark, or remove it if it is not a rule.",
		Bad:  "id: 6c6e5a4e-0f8a-4f57-9d4b-1f5a0b8a1c01\nname: Connexions depuis Tor \xe9tranges\nquery: |\n  SigninLogs\n",
		Good: "id: 6c6e5a4e-0f8a-4f57-9d4b-1f5a0b8a1c01\nname: Connexions depuis Tor étranges\nquery: |\n  SigninLogs\n",
		Run:  reportLoaded,
	}
}
