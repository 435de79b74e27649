package analyze

import (
	"slices"

	"github.com/rulecat/rulecat/catalog"
)

func nocaseNoLetters() *Check {
	return &Check{
		ID:       "nocase-no-letters",
		Severity: catalog.Info,
		Title:    "case-insensitive comparison with a value that has no letters",
		Doc: "`=~`, `!~`, `in~` and `!in~` fold case before comparing, which costs time and keeps Kusto from " +
			"using some of its optimisations. A value without letters (`\"4624\"`, `\"0x10\"` has one, " +
			"`\"10.0.0.1\"` has none) reads the same in any case, so the case-sensitive operator gives the same " +
			"result faster.\n\nUse `==`, `!=`, `in` or `!in`.",
		Bad: exampleRule("c6d7e8f9-a0b1-4c63-b849-1f2a3b4c5d01", "Logon from a blocked address",
			"SigninLogs\n| where TimeGenerated > ago(1h)\n| where IPAddress =~ \"203.0.113.7\"\n"),
		Good: exampleRule("c6d7e8f9-a0b1-4c63-b849-1f2a3b4c5d01", "Logon from a blocked address",
			"SigninLogs\n| where TimeGenerated > ago(1h)\n| where IPAddress == \"203.0.113.7\"\n"),
		Run: func(p *Pass) {
			instead := map[string]string{"=~": "==", "!~": "!=", "in~": "in", "!in~": "!in"}
			for _, qa := range p.queries() {
				for _, b := range binaries(p.nodes(qa), "=~", "!~", "in~", "!in~") {
					vals, ok := stringLits(b.Y)
					if !ok || slices.ContainsFunc(vals, hasLetter) {
						continue
					}
					p.Reportf(opSpan(qa.Query, b),
						"%q compares with %q, which has no letters; use %q", b.Op, vals[0], instead[b.Op])
				}
			}
		},
	}
}
