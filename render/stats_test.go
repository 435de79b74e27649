package render

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/analyze/tables"
	"github.com/rulecat/rulecat/catalog"
)

// statsFixture computes the statistics of testdata/stats_catalog, a small
// catalog with a near-duplicate pair, an exact duplicate, revoked and
// deprecated techniques, placeholders, a syntax error and a broken file.
func statsFixture(t *testing.T, where string) *analyze.Stats {
	t.Helper()
	c, err := catalog.Load([]string{"testdata/stats_catalog"}, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ad, err := attack.Load()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := tables.Load()
	if err != nil {
		t.Fatal(err)
	}
	if where != "" {
		sel, err := analyze.CompileSelector(where)
		if err != nil {
			t.Fatal(err)
		}
		c = sel.Filter(c)
	}
	return analyze.ComputeStats(c, nil, analyze.StatsOptions{Attack: ad, Tables: sc, Where: where})
}

// statsGolden compares got with testdata/name, or rewrites it with -update.
func statsGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run go test ./render -run Stats -update and review the diff):\n%s", p, firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + itoa(i+1) + ":\nwant: " + w + "\ngot:  " + g
		}
	}
	return ""
}

func TestStatsGolden(t *testing.T) {
	s := statsFixture(t, "")
	tests := []struct {
		golden string
		write  func(*bytes.Buffer) error
	}{
		{"stats.json.golden", func(b *bytes.Buffer) error { return WriteStatsJSON(b, s) }},
		{"stats.md.golden", func(b *bytes.Buffer) error { return WriteStatsMarkdown(b, s) }},
		{"stats.html.golden", func(b *bytes.Buffer) error { return WriteStatsHTML(b, s) }},
		{"stats_tactics.csv.golden", func(b *bytes.Buffer) error {
			tb, _ := FindStatsTable(s, "tactics")
			return WriteStatsCSV(b, tb)
		}},
		{"stats_near.csv.golden", func(b *bytes.Buffer) error {
			tb, _ := FindStatsTable(s, "near_duplicates")
			return WriteStatsCSV(b, tb)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			statsGolden(t, tt.golden, b.Bytes())
		})
	}
}

// TestStatsFixtureFigures asserts the figures the fixture was written to
// produce, so the golden files cannot silently drift from them.
func TestStatsFixtureFigures(t *testing.T) {
	s := statsFixture(t, "")
	type pair struct{ a, b string }
	var near []pair
	for _, p := range s.Duplicates.Near {
		near = append(near, pair{filepath.Base(p.A.File), filepath.Base(p.B.File)})
	}
	if len(near) != 1 || near[0] != (pair{"tor-signin-copy.yaml", "tor-signin.yaml"}) {
		t.Errorf("near duplicates = %v, want the two TOR rules", near)
	}
	if len(s.Duplicates.Exact) != 1 || len(s.Duplicates.Exact[0].Queries) != 2 ||
		!strings.HasSuffix(s.Duplicates.Exact[0].Queries[0].File, "dns-tunnel-copy.yaml") {
		t.Errorf("exact duplicates = %+v, want the two DNS hunts", s.Duplicates.Exact)
	}
	if len(s.Attack.Revoked) != 1 || s.Attack.Revoked[0].ID != "T1086" || s.Attack.Revoked[0].Replacement != "T1059.001" {
		t.Errorf("revoked = %+v, want T1086 replaced by T1059.001", s.Attack.Revoked)
	}
	if len(s.Attack.Deprecated) != 1 || s.Attack.Deprecated[0].ID != "T1043" {
		t.Errorf("deprecated = %+v, want T1043", s.Attack.Deprecated)
	}
	var ph []string
	for _, p := range s.Hygiene.Placeholders {
		ph = append(ph, p.Text)
	}
	if strings.Join(ph, " ") != `"<your-value>" "<ipaddress>"` {
		t.Errorf("placeholders = %q, want <your-value> and <ipaddress>", ph)
	}
	if len(s.Shape.ExternalData) != 1 || len(s.Shape.ExternalData[0].Rules) != 2 {
		t.Errorf("externaldata = %+v, want one URL read by two rules", s.Shape.ExternalData)
	}
	if len(s.Data.ReadNotDeclared) != 1 || s.Data.ReadNotDeclared[0].Tables[0] != "SigninLogs" ||
		len(s.Data.DeclaredNotRead) != 1 || s.Data.DeclaredNotRead[0].Tables[0] != "AuditLogs" {
		t.Errorf("read/declared mismatches = %+v / %+v, want the TOR copy reading SigninLogs and declaring AuditLogs", s.Data.ReadNotDeclared, s.Data.DeclaredNotRead)
	}
	if s.Size.ParseErrors != 2 {
		t.Errorf("rules with parse errors = %d (%+v), want 2 (broken.yaml, syntax-error.kql)", s.Size.ParseErrors, s.Size.ParseErrorRules)
	}
}

func TestStatsWhere(t *testing.T) {
	s := statsFixture(t, `kind in [Scheduled, NRT] and not path ~ "Solutions/Legacy/**"`)
	if s.Rules != 2 || s.Where == "" {
		t.Errorf("stats --where selected %d rules, want the 2 identity analytic rules", s.Rules)
	}
}

func TestStatsJSONKeys(t *testing.T) {
	var b bytes.Buffer
	if err := WriteStatsJSON(&b, statsFixture(t, "")); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b.Bytes(), []byte("null")) {
		t.Errorf("stats JSON holds null; every list must be [] when empty")
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../docs/stats.md")
	if err != nil {
		t.Skip("docs/stats.md not present")
	}
	for k := range m {
		if !strings.Contains(string(doc), "`"+k+"`") {
			t.Errorf("top-level key %q is not documented in docs/stats.md", k)
		}
	}
}

func TestStatsHTMLSelfContained(t *testing.T) {
	var b bytes.Buffer
	if err := WriteStatsHTML(&b, statsFixture(t, "")); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, bad := range []string{"<script", "src=\"http", "<link "} {
		if strings.Contains(page, bad) {
			t.Errorf("stats page holds %q; it must be self-contained", bad)
		}
	}
	if n := strings.Count(page, "<svg "); n < 5 {
		t.Errorf("stats page has %d charts, want at least 5", n)
	}
}
