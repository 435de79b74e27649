package analyze

import "github.com/rulecat/rulecat/catalog"

func yamlSyntax() *Check {
	return &Check{
		ID:       "yaml-syntax",
		Severity: catalog.Error,
		Title:    "rule file is not valid YAML",
		Doc: "A rule file that does not parse cannot be deployed or checked: rulecat lists it under its file " +
			"name and reports where parsing stopped. The usual causes are a query line indented less than the " +
			"first line of its `|` block, a list item out of line with its siblings, a value that starts " +
			"with `{`, `[`, `*` or `&` and needs quotes (`{{Title}}` is a mapping inside a mapping, not " +
			"text), and tabs.\n\n" +
			"rulecat is stricter than its YAML library where the tools Sentinel's repository uses are: a key " +
			"repeated in one mapping (most readers keep the last and drop the first without a word), a key " +
			"that is itself a mapping or list, a tab in the indentation or after a value outside block " +
			"text, and a second document after `---` (Sentinel reads one rule per file) are reported too. Only one of these is usually reported per file, and a file with a syntax " +
			"error is not validated against the schema until it is fixed.\n\n" +
			"Fix the line the message names, or the one before it: YAML often notices a problem one line " +
			"late.",
		Bad:  "id: 6c6e5a4e-0f8a-4f57-9d4b-1f5a0b8a1c01\nname: Sign-ins from Tor\nquery: |\n    SigninLogs\n  | take 10\n",
		Good: "id: 6c6e5a4e-0f8a-4f57-9d4b-1f5a0b8a1c01\nname: Sign-ins from Tor\nquery: |\n  SigninLogs\n  | take 10\n",
		Run:  reportLoaded,
	}
}
