package render

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/catalog"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test ./render -update rewrites it):\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

// lintChecks are the checks the fixture report was made by.
func lintChecks() []*analyze.Check {
	return []*analyze.Check{
		{ID: "attack-revoked", Severity: catalog.Warning, Title: "technique is revoked in ATT&CK",
			Doc: "A revoked technique no longer exists; map the rule to its replacement.",
			Bad: "relevantTechniques:\n  - T1086\n", Good: "relevantTechniques:\n  - T1059.001\n"},
		{ID: "query-syntax", Severity: catalog.Error, Title: "query does not parse",
			Doc: "The query must parse, or Sentinel rejects the rule."},
		{ID: "unused-suppression", Severity: catalog.Warning, Title: "suppression matches no finding or gives no reason"},
	}
}

// lintResult is a small report covering every severity, a check id with no
// Check value (from the loader), spans with and without an end, and text
// that needs escaping in some format.
func lintResult() *analyze.Result {
	return &analyze.Result{Files: 3, Rules: 4, Diagnostics: []catalog.Diagnostic{
		{File: "rules/dns/dga.yaml", Line: 14, Col: 5, EndLine: 14, EndCol: 10, Severity: catalog.Warning,
			Check: "attack-revoked", Message: "technique T1086 is revoked; use T1059.001", RuleID: "1f2e"},
		{File: "rules/dns/dga.yaml", Line: 20, Col: 3, Severity: catalog.Error, Check: "query-syntax",
			Message: `expected ")" to close call to "count", found "|"`, RuleID: "1f2e"},
		{File: "rules/odd, name: 100%.yaml", Line: 1, Col: 1, Severity: catalog.Error, Check: "yaml-syntax",
			Message: "invalid YAML: mapping values are not allowed here; 100% sure <b>", RuleID: ""},
		{File: "rules/odd, name: 100%.yaml", Line: 3, Col: 1, EndLine: 3, EndCol: 30, Severity: catalog.Info,
			Check: "unused-suppression", Message: `suppression of "x" matches no finding; remove it`},
	}}
}

func TestWriteText(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		color bool
	}{{"lint.txt.golden", false}, {"lint_color.txt.golden", true}} {
		var b bytes.Buffer
		if err := WriteText(&b, lintResult(), tt.color); err != nil {
			t.Fatal(err)
		}
		golden(t, tt.name, b.Bytes())
	}
}

func TestSummary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		res  *analyze.Result
		want string
	}{
		{&analyze.Result{}, "0 files, 0 rules: 0 errors, 0 warnings, 0 info"},
		{&analyze.Result{Files: 1, Rules: 1, Diagnostics: []catalog.Diagnostic{{Severity: catalog.Error}, {Severity: catalog.Warning}}},
			"1 file, 1 rule: 1 error, 1 warning, 0 info"},
		{lintResult(), "3 files, 4 rules: 2 errors, 1 warning, 1 info"},
	}
	for _, tt := range tests {
		if got := Summary(tt.res); got != tt.want {
			t.Errorf("Summary(%v) = %q, want %q", tt.res.Diagnostics, got, tt.want)
		}
	}
}

func TestWriteJSON(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteJSON(&b, lintResult()); err != nil {
		t.Fatal(err)
	}
	golden(t, "lint.json.golden", b.Bytes())

	// The contract: exactly one object with these keys, diagnostics never null.
	b.Reset()
	if err := WriteJSON(&b, &analyze.Result{Files: 2, Rules: 2}); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&b)
	var got map[string]any
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	if dec.More() {
		t.Errorf("WriteJSON wrote more than one value")
	}
	if fmt.Sprint(got) != "map[diagnostics:[] files:2 rules:2]" {
		t.Errorf("WriteJSON(empty) = %v", got)
	}
}

func TestWriteJSONKeys(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteJSON(&b, lintResult()); err != nil {
		t.Fatal(err)
	}
	var got struct{ Diagnostics []map[string]any }
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := []string{"check", "column", "end_column", "end_line", "file", "line", "message", "rule_id", "severity"}
	for _, d := range got.Diagnostics {
		var keys []string
		for k := range d {
			keys = append(keys, k)
		}
		if fmt.Sprint(sortedStrings(keys)) != fmt.Sprint(want) {
			t.Errorf("diagnostic keys = %v, want %v", sortedStrings(keys), want)
		}
	}
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestEscapeGitHub(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, data, prop string }{
		{"plain text", "plain text", "plain text"},
		{"100% done", "100%25 done", "100%25 done"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"x: y, z", "x: y, z", "x%3A y%2C z"},
		{"%0A", "%250A", "%250A"},
		{"rules/a::b,,c.yaml", "rules/a::b,,c.yaml", "rules/a%3A%3Ab%2C%2Cc.yaml"},
	}
	for _, tt := range tests {
		if got := escapeData(tt.in); got != tt.data {
			t.Errorf("escapeData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := escapeProperty(tt.in); got != tt.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tt.in, got, tt.prop)
		}
	}
}

func TestWriteGitHub(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	getenv := func(string) string { return "" }
	if err := WriteGitHub(&b, lintResult(), getenv); err != nil {
		t.Fatal(err)
	}
	golden(t, "lint_github.golden", b.Bytes())
}

// TestWriteGitHubOverflow checks that findings past GitHub's display cap go
// to the step summary, and only those.
func TestWriteGitHubOverflow(t *testing.T) {
	t.Parallel()
	res := &analyze.Result{Files: 1, Rules: 1}
	for i := range 13 {
		res.Diagnostics = append(res.Diagnostics, catalog.Diagnostic{File: "r.yaml", Line: i + 1, Col: 1,
			Severity: catalog.Warning, Check: "attack-revoked", Message: fmt.Sprintf("finding | %d", i+1)})
	}
	res.Diagnostics = append(res.Diagnostics, catalog.Diagnostic{File: "r.yaml", Line: 99, Col: 1,
		Severity: catalog.Error, Check: "query-syntax", Message: "one error"})
	summary := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(summary, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	getenv := func(k string) string {
		if k == "GITHUB_STEP_SUMMARY" {
			return summary
		}
		return ""
	}
	if err := WriteGitHub(&b, res, getenv); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 15 || !strings.HasPrefix(lines[14], "::notice title=rulecat::3 more findings") {
		t.Errorf("WriteGitHub wrote %d lines, last %q; want 14 annotations and a notice", len(lines), lines[len(lines)-1])
	}
	got, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "lint_summary.md.golden", got)

	// Without a summary file, the notice says so and nothing is written.
	b.Reset()
	if err := WriteGitHub(&b, res, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "see the log above") {
		t.Errorf("WriteGitHub without GITHUB_STEP_SUMMARY: %q", b.String())
	}
}

func TestHelpURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ pattern, want string }{
		{"", "https://github.com/rulecat/rulecat/blob/main/docs/checks.md#attack-revoked"},
		{"https://example.org/site/checks/{id}.html", "https://example.org/site/checks/attack-revoked.html"},
		{"https://example.org/docs#", "https://example.org/docs#attack-revoked"},
	}
	for _, tt := range tests {
		if got := HelpURL(tt.pattern, "attack-revoked"); got != tt.want {
			t.Errorf("HelpURL(%q) = %q, want %q", tt.pattern, got, tt.want)
		}
	}
}

func TestFingerprintStable(t *testing.T) {
	t.Parallel()
	a := Fingerprint("attack-revoked", "rules/a.yaml", "id1", "technique T1086 is revoked")
	if a != Fingerprint("attack-revoked", "rules/a.yaml", "id1", "technique T1086 is revoked") {
		t.Errorf("Fingerprint is not deterministic")
	}
	for _, other := range []string{
		Fingerprint("attack-deprecated", "rules/a.yaml", "id1", "technique T1086 is revoked"),
		Fingerprint("attack-revoked", "rules/b.yaml", "id1", "technique T1086 is revoked"),
		Fingerprint("attack-revoked", "rules/a.yaml", "id2", "technique T1086 is revoked"),
		Fingerprint("attack-revoked", "rules/a.yaml", "id1", "technique T1087 is revoked"),
	} {
		if other == a {
			t.Errorf("Fingerprint ignores a field")
		}
	}
}
