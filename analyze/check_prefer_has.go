package analyze

import "github.com/rulecat/rulecat/catalog"

// minPreferHas is the shortest literal prefer-has reports.
const minPreferHas = 6

func preferHas() *Check {
	return &Check{
		ID:       "prefer-has",
		Severity: catalog.Info,
		Title:    "contains tests a whole term that has would find faster",
		Doc: "Kusto indexes string columns by term: runs of three or more letters and digits. `has` looks a " +
			"term up in that index, while `contains` scans every value for the substring, often ten times " +
			"slower or more on a busy table. When the text searched for is itself one whole term " +
			"(`\"powershell\"`, `\"mimikatz\"`), `has` finds every value where it stands as a word of its own.\n\n" +
			"The two differ where the text is part of a longer word: `\"mimikatz.exe\" contains \"katz\"` but " +
			"does not `has` it. Use `has` (or `has_cs`) when you mean the word; keep `contains` when a " +
			"substring inside longer words must match too. Literals shorter than six characters are not reported: " +
			"`vnc`, `xmr`, `http` or `admin` are usually meant to match inside `RealVNC`, `xmrpool`, `https` and " +
			"`localadmin`.",
		Bad: exampleRule("b5c6d7e8-f9a0-4b52-a738-0e1f2a3b4c01", "Encoded PowerShell",
			"SecurityEvent\n| where TimeGenerated > ago(1h)\n| where CommandLine contains \"powershell\"\n"),
		Good: exampleRule("b5c6d7e8-f9a0-4b52-a738-0e1f2a3b4c01", "Encoded PowerShell",
			"SecurityEvent\n| where TimeGenerated > ago(1h)\n| where CommandLine has \"powershell\"\n"),
		Run: func(p *Pass) {
			for _, qa := range p.queries() {
				for _, b := range binaries(p.nodes(qa), "contains", "contains_cs", "!contains", "!contains_cs") {
					v, ok := stringLit(b.Y)
					// Short terms (vnc, xmr, http, admin) are most often meant
					// as parts of longer words (RealVNC, xmrpool, https,
					// localadmin), where has would not match.
					if !ok || !wholeTerm(v) || len(v) < minPreferHas {
						continue
					}
					has := map[string]string{"contains": "has", "contains_cs": "has_cs", "!contains": "!has", "!contains_cs": "!has_cs"}[b.Op]
					p.Reportf(opSpan(qa.Query, b),
						"%q tests the whole term %q; %q finds it faster", b.Op, v, has)
				}
			}
		},
	}
}
