package analyze

import (
	"testing"
	"time"

	"github.com/rulecat/rulecat/analyze/kql"
)

func TestParseSpan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"14d", 14 * 24 * time.Hour, true},
		{"1.5h", 90 * time.Minute, true},
		{"30m", 30 * time.Minute, true},
		{"10s", 10 * time.Second, true},
		{"100ms", 100 * time.Millisecond, true},
		{"2hours", 2 * time.Hour, true},
		{"PT5H", 5 * time.Hour, true},
		{"P1D", 24 * time.Hour, true},
		{"P1DT12H", 36 * time.Hour, true},
		{"pt30m", 30 * time.Minute, true},
		{"", 0, false},
		{"d", 0, false},
		{"5x", 0, false},
		{"P1H", 0, false}, // hours belong after T
	}
	for _, tt := range tests {
		got, ok := parseSpan(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseSpan(%q) = %v, %v, want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFormatSpan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{24 * time.Hour, "1d"},
		{25 * time.Hour, "1d1h"},
		{90 * time.Minute, "1h30m"},
		{22 * time.Hour, "22h"},
	}
	for _, tt := range tests {
		if got := formatSpan(tt.in); got != tt.want {
			t.Errorf("formatSpan(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAgoCalls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want []time.Duration
	}{
		{"T | where TimeGenerated > ago(1d)", []time.Duration{24 * time.Hour}},
		{"let lb = 14d; let w = lb + 1h; T | where X > ago(w) and Y > ago(2 * 12h)",
			[]time.Duration{14*24*time.Hour + time.Hour, 24 * time.Hour}},
		{"T | where X > ago(totimespan(1h))", []time.Duration{time.Hour}},
		{"T | where X > ago(toscalar(T | count) * 1h)", nil},
	}
	for _, tt := range tests {
		script, _ := kql.Parse(tt.src)
		var nodes []kql.Node
		for n := range kql.Preorder(script) {
			nodes = append(nodes, n)
		}
		var got []time.Duration
		for _, a := range agoCalls(script, nodes) {
			got = append(got, a.window)
		}
		if len(got) != len(tt.want) {
			t.Errorf("agoCalls(%q) = %v, want %v", tt.src, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("agoCalls(%q) = %v, want %v", tt.src, got, tt.want)
			}
		}
	}
}

func TestDataTypeTable(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"SecurityEvent", "SecurityEvent"},
		{"Syslog (CiscoASA)", "Syslog"},
		{" CommonSecurityLog(Fortinet)", "CommonSecurityLog"},
		{"SecurityEvents", "SecurityEvent"},
		{"KeyVaultData", "AzureDiagnostics"},
	}
	for _, tt := range tests {
		if got := dataTypeTable(tt.in); got != tt.want {
			t.Errorf("dataTypeTable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSemanticChecksWithoutData checks that the semantic checks stay
// silent, rather than fail, when the Env has no analysis or no schemas.
func TestSemanticChecksWithoutData(t *testing.T) {
	t.Parallel()
	for _, c := range semanticChecks() {
		names, files := splitFiles(exampleName(c.Bad), c.Bad)
		env := &Env{Catalog: catalogOf(names, files)}
		if ds := Run(env, []*Check{c}); len(ds) != 0 {
			t.Errorf("%s without analysis: %v", c.ID, ds)
		}
		env = NewEnv(catalogOf(names, files), nil, nil)
		Run(env, []*Check{c}) // without schemas: must not panic
	}
}
