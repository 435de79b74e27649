package analyze

import (
	"fmt"
	"slices"
	"testing"
)

// TestMappingPlaceholderPositions checks that each unknown {{placeholder}}
// of an alert format string is reported at the placeholder itself when its
// column is certain, and at the whole value otherwise.
func TestMappingPlaceholderPositions(t *testing.T) {
	t.Parallel()
	const head = "id: 33333333-2222-3333-4444-555555555566\nname: Alert details\nkind: Scheduled\nseverity: Low\n" +
		"query: |\n  SecurityEvent\n  | where TimeGenerated > ago(1h)\n  | project TimeGenerated, Computer, Account\n" +
		"alertDetailsOverride:\n"
	tests := []struct {
		name, value string
		want        []string // line:col-endline:endcol message
	}{
		{"double quoted", `  alertDisplayNameFormat: "Login on {{Computr}} by {{Acount}}"`, []string{
			`10:37-10:48 alertDetailsOverride column "Computr" is not an output of the query; did you mean "Computer"`,
			`10:52-10:62 alertDetailsOverride column "Acount" is not an output of the query; did you mean "Account"`,
		}},
		{"single quoted", `  alertDisplayNameFormat: 'Login on {{Computr}}'`, []string{
			`10:37-10:48 alertDetailsOverride column "Computr" is not an output of the query; did you mean "Computer"`,
		}},
		{"plain", `  alertDescriptionFormat: Login on {{ Computr }} seen`, []string{
			`10:36-10:49 alertDetailsOverride column "Computr" is not an output of the query; did you mean "Computer"`,
		}},
		{"no suggestion", `  alertDisplayNameFormat: "{{Computer}} {{LogonProcessName}}"`, []string{
			`10:41-10:61 alertDetailsOverride column "LogonProcessName" is not an output of the query`,
		}},
		{"escape: whole value", `  alertDisplayNameFormat: "Login \"x\" on {{Computr}}"`, []string{
			`10:27-10:55 alertDetailsOverride column "Computr" is not an output of the query; did you mean "Computer"`,
		}},
		{"doubled quote: whole value", `  alertDisplayNameFormat: 'it''s {{Computr}}'`, []string{
			`10:27-10:46 alertDetailsOverride column "Computr" is not an output of the query; did you mean "Computer"`,
		}},
		{"block scalar: whole value", "  alertDescriptionFormat: |\n    Login on {{Computr}}", []string{
			`10:27-11:25 alertDetailsOverride column "Computr" is not an output of the query; did you mean "Computer"`,
		}},
	}
	att, tab := refData(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := head + tt.value + "\n"
			env := NewEnv(catalogOf([]string{"r.yaml"}, map[string]string{"r.yaml": src}), att, tab)
			var got []string
			for _, d := range Run(env, []*Check{mappingUnknownColumn()}) {
				got = append(got, fmt.Sprintf("%d:%d-%d:%d %s", d.Line, d.Col, d.EndLine, d.EndCol, d.Message))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings for %q =\n%q\nwant\n%q", tt.value, got, tt.want)
			}
		})
	}
}
