package analyze

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rulecat/rulecat/analyze/tables"
)

// TestUnknownColumnSuffixes checks that the custom-log type suffixes
// (_s, _d, ...) make a name acceptable only where such columns exist:
// AzureDiagnostics, and the bare-named listings of built-in _CL tables.
// On other tables, and on a table from --schemas, they are names like any
// other.
func TestUnknownColumnSuffixes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	custom := filepath.Join(dir, "MyApp_CL.json")
	if err := os.WriteFile(custom, []byte(`{"Name": "MyApp_CL", "Properties": [`+
		`{"Name": "TimeGenerated", "Type": "datetime"}, {"Name": "UserName_s", "Type": "string"}, {"Name": "Host", "Type": "string"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	withCustom, err := tables.LoadFile(custom)
	if err != nil {
		t.Fatal(err)
	}
	_, builtin := refData(t)
	tests := []struct {
		name   string
		schema *tables.Schema
		query  string
		want   []string
	}{
		{"suffix on a table without them", builtin, `SigninLogs | where Locaton_s == "x" or Location_s == "y"`, []string{
			`1:20 unknown column "Locaton_s"; did you mean "Location"`,
			`1:40 unknown column "Location_s"; did you mean "Location"`,
		}},
		{"AzureDiagnostics columns vary", builtin, `AzureDiagnostics | where NewlyInvented_s == "x"`, nil},
		{"built-in _CL table, legacy name of a listed column", builtin, `Cisco_Umbrella_dns_CL | where Domain_s == "x"`, nil},
		{"custom table, typo", withCustom, `MyApp_CL | where UserNam_s == "x" or UserName_s == "y"`, []string{
			`1:18 unknown column "UserNam_s"; did you mean "UserName_s"`,
		}},
		{"custom table, suffix added", withCustom, `MyApp_CL | where Host_s == "x"`, []string{
			`1:18 unknown column "Host_s"; did you mean "Host"`,
		}},
	}
	att, _ := refData(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := NewEnv(catalogOf([]string{"q.kql"}, map[string]string{"q.kql": tt.query}), att, tt.schema)
			var got []string
			for _, d := range Run(env, []*Check{kqlUnknownColumn()}) {
				got = append(got, fmt.Sprintf("%d:%d %s", d.Line, d.Col, d.Message))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings for %q = %q, want %q", tt.query, got, tt.want)
			}
		})
	}
}
