package render

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/analyze/tables"
	"github.com/rulecat/rulecat/catalog"
)

// seed001 is analyze's fixture shaped like reference page 001.
const seed001 = "../analyze/testdata/analysis/seed001-ti-ip-mail.yaml"

func analyzeFixture(t *testing.T, name string) *analyze.CatalogAnalysis {
	t.Helper()
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := tables.Load()
	if err != nil {
		t.Fatal(err)
	}
	cat := &catalog.Catalog{Files: 1, Rules: catalog.LoadBytes("rules/seed001.yaml", src)}
	return analyze.AnalyzeCatalog(cat, schema)
}

func TestWriteAnalysisText(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := WriteAnalysisText(&buf, analyzeFixture(t, seed001)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// The page's sections and rows, as reference page 001 shows them.
	for _, re := range []string{
		`(?m)^file: rules/seed001\.yaml$`,
		`(?m)^kind: Scheduled  severity: Medium$`,
		`(?m)^\s+22  let mailWindow = 1h;$`,
		`(?m)^Stage 1: source \(line 24\)\n    ThreatIntelligenceIndicator$`,
		`(?m)^Stage 4: extend \(3 consecutive steps\) \(line 27\)\n    \| extend TI_ipEntity = iff\(isnotempty\(NetworkIP\)`,
		`(?m)^Stage 7: join \(line 33\)$`,
		`(?m)^    1\. right \(line 33\)$`,
		`(?m)^Stage 11: extend \(line 44\)$`,
		`(?m)^31\s+Active\s+eq\s+true \(1\)$`,
		`(?m)^40\s+ProofpointPOD_TimeGenerated\s+lt\s*$`,
		`(?m)^36\s+SrcIpAddr\s+is_not_null\s*$`,
		`(?m)^timestamp\s+extend$`,
		`(?m)^ThreatIntelligenceIndicator\s+TimeGenerated\s+7d$`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("text output does not match %s:\n%s", re, out)
		}
	}
	if strings.Contains(out, "incomplete") {
		t.Errorf("outputs reported incomplete:\n%s", out)
	}
}

// TestAnalysisTextLiterals checks that indicator values are written as the
// query writes them: numbers, bools and timespans bare, strings quoted.
func TestAnalysisTextLiterals(t *testing.T) {
	t.Parallel()
	tests := []struct{ query, want string }{
		{`T | where EventID == 4625`, `EventID\s+eq\s+4625 \(1\)$`},
		{`T | where EventID == "4625"`, `EventID\s+eq\s+"4625" \(1\)$`},
		{`T | where Enabled == false`, `Enabled\s+eq\s+false \(1\)$`},
		{`T | where IsAdmin`, `IsAdmin\s+eq\s+true \(1\)$`},
		{`T | where Size > -5`, `Size\s+gt\s+-5 \(1\)$`},
		{`T | where Port in (22, "ssh")`, `Port\s+in\s+22 \(1\), "ssh" \(1\)$`},
		{`let n = 3; T | where Count between (n .. 10)`, `Count\s+between\s+3 \(1\), 10 \(1\)$`},
		{`T | where Name has "true"`, `Name\s+has \(any case\)\s+"true" \(1\)$`},
	}
	for _, tt := range tests {
		cat := &catalog.Catalog{Files: 1, Rules: catalog.LoadBytes("q.kql", []byte(tt.query))}
		var buf bytes.Buffer
		if err := WriteAnalysisText(&buf, analyze.AnalyzeCatalog(cat, nil)); err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`(?m)^1\s+` + tt.want).MatchString(buf.String()) {
			t.Errorf("WriteAnalysisText(%q) has no line matching %s:\n%s", tt.query, tt.want, buf.String())
		}
	}
}

func TestWriteAnalysisJSON(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := WriteAnalysisJSON(&buf, analyzeFixture(t, seed001)); err != nil {
		t.Fatal(err)
	}
	var doc map[string][]map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	rules := doc["rules"]
	if len(rules) != 1 {
		t.Fatalf("got %d rules, want 1", len(rules))
	}
	for _, k := range []string{"file", "id", "name", "format", "kind", "severity", "tactics", "techniques", "queries"} {
		if _, ok := rules[0][k]; !ok {
			t.Errorf("rule lacks key %q", k)
		}
	}
	q := rules[0]["queries"].([]any)[0].(map[string]any)
	for _, k := range []string{"label", "line", "tables", "lookbacks", "parameters", "stages", "indicators", "outputs", "outputs_complete"} {
		if _, ok := q[k]; !ok {
			t.Errorf("query lacks key %q", k)
		}
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"text": "| where ProofpointPOD_TimeGenerated < ExpirationDateTime"`)) {
		t.Errorf("stage text is HTML-escaped or missing:\n%s", buf.String())
	}

	// Streaming rule by rule gives the bytes of encoding the document at once.
	two := analyzeFixture(t, seed001)
	two.Rules = append(two.Rules, two.Rules[0])
	buf.Reset()
	if err := WriteAnalysisJSON(&buf, two); err != nil {
		t.Fatal(err)
	}
	var whole bytes.Buffer
	enc := json.NewEncoder(&whole)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any{"rules": two.Rules}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != whole.String() {
		t.Errorf("streamed JSON differs from the whole document:\n%s\nwant\n%s", buf.String(), whole.String())
	}

	buf.Reset()
	if err := WriteAnalysisJSON(&buf, &analyze.CatalogAnalysis{}); err != nil || strings.TrimSpace(buf.String()) != `{
  "rules": []
}` {
		t.Errorf("empty catalog = %q, %v", buf.String(), err)
	}
}
