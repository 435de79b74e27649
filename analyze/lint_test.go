package analyze

import (
	"slices"
	"strings"
	"testing"

	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/catalog"
)

// testChecks are two small checks the lint tests run: one on a scalar
// field, one on the query text.
func testChecks() []*Check {
	return []*Check{
		{ID: "name-says-tor", Severity: catalog.Warning, Title: "name mentions Tor", Run: func(p *Pass) {
			if strings.Contains(p.Rule.Name.Text, "Tor") {
				p.Reportf(p.Rule.Name.Span, "name %q mentions Tor", p.Rule.Name.Text)
			}
		}},
		{ID: "query-has-bad", Severity: catalog.Error, Title: "query says bad", Run: func(p *Pass) {
			for _, q := range p.Rule.Queries {
				for i := 0; ; {
					j := strings.Index(q.Text[i:], `"bad"`)
					if j < 0 {
						break
					}
					line, col := q.Position(i + j)
					p.Reportf(catalog.Span{Line: line, Col: col, EndLine: line, EndCol: col + 5}, "query says %q", "bad")
					i += j + 5
				}
			}
		}},
		unusedSuppression(),
	}
}

func testEnv(t *testing.T, files map[string]string) *Env {
	t.Helper()
	cat := &catalog.Catalog{}
	for _, name := range []string{"rules/a.yaml", "rules/b.yaml", "rules/legacy/c.yaml", "rules/d.kql"} {
		src, ok := files[name]
		if !ok {
			continue
		}
		cat.Files++
		for _, r := range catalog.LoadBytes(name, []byte(src)) {
			// The fixtures are minimal rules; what the schema says of them
			// is not what these tests are about.
			r.Diagnostics = slices.DeleteFunc(r.Diagnostics, func(d catalog.Diagnostic) bool { return d.Check == "schema" })
			cat.Rules = append(cat.Rules, r)
		}
	}
	return &Env{Catalog: cat}
}

func lintStrings(res *Result) []string {
	var out []string
	for _, d := range res.Diagnostics {
		out = append(out, d.String())
	}
	return out
}

const ruleA = `id: 11111111-1111-4111-8111-111111111111
# rulecat:ignore name-says-tor the Tor rule is about Tor
name: Sign-ins from Tor
kind: Scheduled
# rulecat:ignore query-has-bad
query: |
  SigninLogs
  | where ResultType == "bad"
  | where AppDisplayName != "bad"
# rulecat:ignore name-says-tor stale
severity: Low
`

const ruleB = `id: 22222222-2222-4222-8222-222222222222
name: Tor exit nodes
kind: NRT
query: |
  SigninLogs | where x == "bad"
`

const ruleC = `id: 33333333-3333-4333-8333-333333333333
name: Old Tor rule
query: "SigninLogs"
`

func TestLint(t *testing.T) {
	t.Parallel()
	files := map[string]string{"rules/a.yaml": ruleA, "rules/b.yaml": ruleB, "rules/legacy/c.yaml": ruleC,
		"rules/d.kql": "// rulecat:ignore\nSigninLogs\n"}
	tests := []struct {
		name string
		cfg  string
		want []string
	}{
		{"comments only", "", []string{
			`rules/a.yaml:5:1: warning: suppression of "query-has-bad" gives no reason; say why the finding is acceptable [unused-suppression]`,
			`rules/a.yaml:10:1: warning: suppression of "name-says-tor" matches no finding; remove it [unused-suppression]`,
			`rules/b.yaml:2:7: warning: name "Tor exit nodes" mentions Tor [name-says-tor]`,
			`rules/b.yaml:5:27: error: query says "bad" [query-has-bad]`,
			`rules/d.kql:1:1: warning: suppression names no check; write "rulecat:ignore CHECK-ID reason" [unused-suppression]`,
			`rules/legacy/c.yaml:2:7: warning: name "Old Tor rule" mentions Tor [name-says-tor]`,
		}},
		{"config", `
disable: [query-has-bad]
severity:
  - check: name-says-tor
    severity: error
  - check: name-says-tor
    severity: info
    where: kind=NRT
suppress:
  - check: name-says-tor
    path: rules/legacy
    reason: frozen
  - check: query-has-bad
    path: "**/*.kql"
`, []string{
			`.rulecat.yaml:13:5: warning: suppression of "query-has-bad" gives no reason; say why the finding is acceptable [unused-suppression]`,
			`.rulecat.yaml:13:5: warning: suppression of "query-has-bad" matches no finding; remove it [unused-suppression]`,
			`rules/a.yaml:5:1: warning: suppression of "query-has-bad" gives no reason; say why the finding is acceptable [unused-suppression]`,
			`rules/a.yaml:5:1: warning: suppression of "query-has-bad" matches no finding; remove it [unused-suppression]`,
			`rules/a.yaml:10:1: warning: suppression of "name-says-tor" matches no finding; remove it [unused-suppression]`,
			`rules/b.yaml:2:7: info: name "Tor exit nodes" mentions Tor [name-says-tor]`,
			`rules/d.kql:1:1: warning: suppression names no check; write "rulecat:ignore CHECK-ID reason" [unused-suppression]`,
		}},
		{"unused off", "disable: [unused-suppression]\nseverity:\n  - {check: query-has-bad, severity: warning}\n", []string{
			`rules/b.yaml:2:7: warning: name "Tor exit nodes" mentions Tor [name-says-tor]`,
			`rules/b.yaml:5:27: warning: query says "bad" [query-has-bad]`,
			`rules/legacy/c.yaml:2:7: warning: name "Old Tor rule" mentions Tor [name-says-tor]`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var cfg *Config
			if tt.cfg != "" {
				var err error
				cfg, err = ParseConfig(".rulecat.yaml", []byte(tt.cfg), ConfigOptions{Compile: compileKind})
				if err != nil {
					t.Fatal(err)
				}
			}
			res := Lint(testEnv(t, files), testChecks(), cfg)
			got := lintStrings(res)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Lint =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if res.Files != 4 || res.Rules != 4 {
				t.Errorf("Lint counted %d files, %d rules; want 4, 4", res.Files, res.Rules)
			}
		})
	}
}

// TestLintFileLevelSuppression checks that a suppression before the first
// key also covers findings about the whole file, reported at 1:1.
func TestLintFileLevelSuppression(t *testing.T) {
	t.Parallel()
	fileLevel := &Check{ID: "file-level", Severity: catalog.Error, Run: func(p *Pass) {
		p.Reportf(catalog.Span{Line: 1, Col: 1}, "the whole file is wrong")
	}}
	tests := []struct {
		src  string
		want []string
	}{
		{"# rulecat:ignore file-level generated file\nid: x\nname: y\n", nil},
		{"# just a comment\n# rulecat:ignore file-level generated file\nid: x\nname: y\n", nil},
		{"id: x\n# rulecat:ignore file-level on name only\nname: y\n", []string{
			"rules/a.yaml:1:1: error: the whole file is wrong [file-level]",
			`rules/a.yaml:2:1: warning: suppression of "file-level" matches no finding; remove it [unused-suppression]`,
		}},
	}
	for _, tt := range tests {
		env := testEnv(t, map[string]string{"rules/a.yaml": tt.src})
		got := lintStrings(Lint(env, []*Check{fileLevel, unusedSuppression()}, nil))
		if !slices.Equal(got, tt.want) {
			t.Errorf("Lint(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// TestLintQuerySuppression checks that in a .kql file or a markdown page a
// suppression covers the rest of the query it precedes.
func TestLintQuerySuppression(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		want      []string
	}{
		{"rules/d.kql", "// rulecat:ignore query-has-bad known\nSigninLogs\n| where x == \"bad\"\n", nil},
		{"rules/d.kql", "SigninLogs\n// rulecat:ignore query-has-bad known\n| take 1\n| where x == \"bad\"\n", nil},
		{"rules/d.kql", "SigninLogs\n| where x == \"bad\"\n// rulecat:ignore query-has-bad too late\n| take 1\n", []string{
			`rules/d.kql:2:14: error: query says "bad" [query-has-bad]`,
			`rules/d.kql:3:1: warning: suppression of "query-has-bad" matches no finding; remove it [unused-suppression]`,
		}},
		{"rules/e.md", "# Bad hunt\n\n<!-- rulecat:ignore query-has-bad known -->\n```kusto\nSigninLogs\n| where x == \"bad\"\n```\n", nil},
		{"rules/e.md", "# Bad hunt\n\n<!-- rulecat:ignore query-has-bad known -->\nText.\n\n```kusto\nSigninLogs\n| where x == \"bad\"\n```\n", []string{
			`rules/e.md:3:1: warning: suppression of "query-has-bad" matches no finding; remove it [unused-suppression]`,
			`rules/e.md:8:14: error: query says "bad" [query-has-bad]`,
		}},
	}
	for _, tt := range tests {
		cat := &catalog.Catalog{Files: 1, Rules: catalog.LoadBytes(tt.name, []byte(tt.src))}
		got := lintStrings(Lint(&Env{Catalog: cat}, testChecks(), nil))
		if !slices.Equal(got, tt.want) {
			t.Errorf("Lint(%q) =\n%s\nwant\n%s", tt.src, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
}

// TestLintLoadDiagnostics checks that problems found while loading are
// reported, carry the rule id and obey the config like any finding.
func TestLintLoadDiagnostics(t *testing.T) {
	t.Parallel()
	env := testEnv(t, map[string]string{"rules/a.yaml": "id: x\nname: [unclosed\n", "rules/b.yaml": ""})
	res := Lint(env, nil, nil)
	if len(res.Diagnostics) < 2 || !res.HasErrors() {
		t.Fatalf("Lint = %v; want load errors for both files", lintStrings(res))
	}
	checks := map[string]bool{}
	for _, d := range res.Diagnostics {
		checks[d.Check] = true
	}
	var disable []string
	for c := range checks {
		disable = append(disable, c)
	}
	res = Lint(env, nil, &Config{Disable: disable})
	if len(res.Diagnostics) != 0 {
		t.Errorf("Lint with %v disabled = %v; want nothing", disable, lintStrings(res))
	}
}

func TestResultFilter(t *testing.T) {
	t.Parallel()
	res := &Result{Files: 2, Diagnostics: []catalog.Diagnostic{
		{File: "a.yaml", Severity: catalog.Error}, {File: "b.yaml", Severity: catalog.Warning},
	}}
	res.Filter(func(f string) bool { return f == "b.yaml" })
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].File != "b.yaml" || res.HasErrors() || res.Files != 2 {
		t.Errorf("Filter kept %+v", res)
	}
}

// TestUnusedSuppressionExamples runs the check's own Bad and Good examples
// through Lint, which is where unused-suppression is reported.
func TestUnusedSuppressionExamples(t *testing.T) {
	t.Parallel()
	c := unusedSuppression()
	for _, ex := range []struct {
		src  string
		want bool
	}{{c.Bad, true}, {c.Good, false}} {
		env := testEnv(t, map[string]string{"rules/a.yaml": ex.src})
		res := Lint(env, []*Check{c}, nil)
		found := false
		for _, d := range res.Diagnostics {
			found = found || d.Check == c.ID
		}
		if found != ex.want {
			t.Errorf("Lint(%q) reported unused-suppression = %v, want %v (%v)", ex.src, found, ex.want, lintStrings(res))
		}
	}
}

// TestLintLoadChecks checks that a load-time problem whose id has a Check
// is reported once, by that check, and obeys the check's severity.
func TestLintLoadChecks(t *testing.T) {
	t.Parallel()
	env := testEnv(t, map[string]string{"rules/a.yaml": "id: x\nname: [unclosed\n"})
	var id string
	for _, r := range env.Catalog.Rules {
		for _, d := range r.Diagnostics {
			id = d.Check
		}
	}
	if id == "" {
		t.Fatal("the broken fixture gives no load diagnostic")
	}
	calls := 0
	c := &Check{ID: id, Severity: catalog.Info, Run: func(p *Pass) {
		calls++
		for _, d := range p.Rule.Diagnostics {
			if d.Check == id {
				d.Severity = catalog.Info
				p.Report(d)
			}
		}
	}}
	res := Lint(env, []*Check{c}, nil)
	if calls != 1 || len(res.Diagnostics) != 1 || res.Diagnostics[0].Severity != catalog.Info {
		t.Errorf("Lint = %v; want the %s finding once, as info", lintStrings(res), id)
	}
}

// BenchmarkLint runs every check and the config/suppression pass over the
// shared corpus, already loaded; MB/s counts the rule files' bytes.
func BenchmarkLint(b *testing.B) {
	cat, size := loadSharedCorpus(b)
	att, err := attack.Load()
	if err != nil {
		b.Fatal(err)
	}
	env := NewEnv(cat, att, nil)
	checks := Checks()
	b.SetBytes(size)
	for b.Loop() {
		Lint(env, checks, nil)
	}
}
