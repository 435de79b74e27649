package analyze

import (
	"slices"
	"strings"

	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/catalog"
)

func tolowerCompare() *Check {
	return &Check{
		ID:       "tolower-compare",
		Severity: catalog.Info,
		Title:    "tolower() compared with == instead of =~",
		Doc: "`tolower(Account) == \"admin\"` converts every value of the column before comparing, which is slower " +
			"than `Account =~ \"admin\"` and keeps Kusto from using its index. Worse, when the constant is not " +
			"itself lower-case (`tolower(Account) == \"Admin\"`) the comparison can never be true and the " +
			"filter silently drops every row; that case is a warning.\n\nUse `=~` (or `in~`, `!~`) on the column " +
			"itself.",
		Bad: exampleRule("d7e8f9a0-b1c2-4d74-895a-2a3b4c5d6e01", "Sign-in as the built-in admin",
			"SigninLogs\n| where TimeGenerated > ago(1h)\n| where tolower(UserPrincipalName) == \"admin@contoso.com\"\n"),
		Good: exampleRule("d7e8f9a0-b1c2-4d74-895a-2a3b4c5d6e01", "Sign-in as the built-in admin",
			"SigninLogs\n| where TimeGenerated > ago(1h)\n| where UserPrincipalName =~ \"admin@contoso.com\"\n"),
		Run: func(p *Pass) {
			instead := map[string]string{"==": "=~", "!=": "!~", "in": "in~", "!in": "!in~"}
			for _, qa := range p.queries() {
				for _, b := range binaries(p.nodes(qa), "==", "!=", "in", "!in") {
					c, ok := unparen(b.X).(*kql.CallExpr)
					if !ok || c.Fun == nil || len(c.Args) != 1 || c.Fun.Name != "tolower" && c.Fun.Name != "toupper" {
						continue
					}
					vals, ok := stringLits(b.Y)
					if !ok {
						continue
					}
					fold := strings.ToLower
					if c.Fun.Name == "toupper" {
						fold = strings.ToUpper
					}
					never := ""
					if i := slices.IndexFunc(vals, func(s string) bool { return fold(s) != s }); i >= 0 {
						never = vals[i]
					}
					col := qa.Query.Text[c.Args[0].Pos():c.Args[0].End()]
					span := nodeSpan(qa.Query, c)
					if never != "" && (b.Op == "==" || b.Op == "in") {
						p.ReportSeverityf(catalog.Warning, span, "%s(%s) %s %q can never be true; use %q on %s",
							c.Fun.Name, col, b.Op, never, instead[b.Op], col)
						continue
					}
					p.Reportf(span, "%s(%s) %s %q is a slow case-insensitive comparison; use %q on %s",
						c.Fun.Name, col, b.Op, vals[0], instead[b.Op], col)
				}
			}
		},
	}
}
