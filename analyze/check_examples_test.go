package analyze

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/analyze/tables"
)

// semanticChecks are the checks that read the query analysis: kql-syntax
// and the semantic lints. Their fixtures are the testdata/checks files
// named after one of them, and every one of these checks runs on each, so
// a finding nobody asked for fails whichever check made it.
func semanticChecks() []*Check {
	var out []*Check
	for _, c := range Checks() {
		if semanticIDs[c.ID] {
			out = append(out, c)
		}
	}
	return out
}

// semanticIDs are the ids of the checks that read the query analysis:
// kql-syntax and the semantic lints of issue 8.
var semanticIDs = map[string]bool{
	"kql-syntax":                true,
	"kql-type-mismatch":         true,
	"kql-unknown-table":         true,
	"kql-unknown-column":        true,
	"connector-missing-table":   true,
	"connector-unused-datatype": true,
	"mapping-unknown-column":    true,
	"mapping-custom-entity":     true,
	"lookback-exceeds-period":   true,
	"lookback-blind-spot":       true,
	"nrt-ago":                   true,
	"time-filter-missing":       true,
	"prefer-has":                true,
	"near-duplicate":            true,
	"nocase-no-letters":         true,
	"tolower-compare":           true,
	"wildcard-scan":             true,
	"let-materialize":           true,
	"filter-after-extend":       true,
	"filter-after-summarize":    true,
	"deprecated-function":       true,
	"has-any-too-many":          true,
	"placeholder":               true,
	"ti-latest-indicator":       true,
}

var (
	refDataOnce sync.Once
	refAttack   *attack.Data
	refTables   *tables.Schema
	refErr      error
)

// refData loads the embedded ATT&CK and table data once for all tests.
func refData(t testing.TB) (*attack.Data, *tables.Schema) {
	t.Helper()
	refDataOnce.Do(func() {
		if refAttack, refErr = attack.Load(); refErr != nil {
			return
		}
		refTables, refErr = tables.Load()
	})
	if refErr != nil {
		t.Fatal(refErr)
	}
	return refAttack, refTables
}

// exampleName is the file name an example is loaded under: markdown when
// it starts with "#", as Check.Bad documents.
func exampleName(text string) string {
	if strings.HasPrefix(text, "#") && !strings.HasPrefix(text, "# rulecat:") {
		return "rule.md"
	}
	return "rule.yaml"
}

// TestCheckExamples runs every registered check's Bad and Good examples
// through catalog loading, NewEnv and Lint with only that check: Bad must
// give a finding of the check, Good none.
func TestCheckExamples(t *testing.T) {
	t.Parallel()
	att, tab := refData(t)
	for _, c := range Checks() {
		t.Run(c.ID, func(t *testing.T) {
			t.Parallel()
			if c.Title == "" || c.Doc == "" || c.Good == "" || strings.HasSuffix(c.Title, ".") {
				t.Errorf("check %s lacks a title, doc or good example", c.ID)
			}
			for _, ex := range []struct {
				name, text string
				fire       bool
			}{{"Bad", c.Bad, true}, {"Good", c.Good, false}} {
				if ex.fire && c.ID == "file-unreadable" {
					continue // no text is unreadable; TestFileUnreadable covers it
				}
				names, files := splitFiles(exampleName(ex.text), ex.text)
				env := NewEnv(catalogOf(names, files), att, tab)
				env.Changed = func(string) bool { return true }
				var got []string
				for _, d := range Lint(env, []*Check{c}, nil).Diagnostics {
					if d.Check == c.ID {
						got = append(got, d.String())
					}
				}
				if fired := len(got) > 0; fired != ex.fire {
					t.Errorf("%s example: fired = %v, want %v; findings %q", ex.name, fired, ex.fire, got)
				}
			}
		})
	}
}

// wantsRe finds `# want "re"` comments in YAML and `// want "re"` comments
// in KQL; several regexps may follow one want.
var wantsRe = regexp.MustCompile("(?:#|//) want((?:\\s+(?:\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`))+)")

// runFixture runs checks over the fixture at path (a rule file, or a
// .txtar of rule files) and compares the findings with its want comments:
// each finding must match a want on its line, and each want must be met.
// Files whose name holds "changed" are the changed files of PR mode.
func runFixture(t *testing.T, path string, checks []*Check) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	names, files := splitFiles(filepath.Base(path), string(src))
	wants := readWants(t, names, files, wantsRe)
	att, tab := refData(t)
	env := NewEnv(catalogOf(names, files), att, tab)
	env.Changed = func(f string) bool { return strings.Contains(f, "changed") }
	for _, d := range Run(env, checks) {
		text := fmt.Sprintf("%s [%s]", d.Message, d.Check)
		i := slices.IndexFunc(wants, func(w *wantAt) bool {
			return !w.hit && w.file == d.File && w.line == d.Line && w.re.MatchString(text)
		})
		if i < 0 {
			t.Errorf("%s:%d:%d: unexpected finding: %s", d.File, d.Line, d.Col, text)
			continue
		}
		wants[i].hit = true
	}
	for _, w := range wants {
		if !w.hit {
			t.Errorf("%s:%d: no finding matched %q", w.file, w.line, w.re)
		}
	}
}

// TestSemanticCheckFixtures runs the semantic checks over their fixtures
// in testdata/checks.
func TestSemanticCheckFixtures(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob(filepath.Join("testdata", "checks", "*"))
	if err != nil {
		t.Fatal(err)
	}
	checks := semanticChecks()
	n := 0
	for _, p := range paths {
		b := filepath.Base(p)
		if !slices.ContainsFunc(checks, func(c *Check) bool { return strings.HasPrefix(b, c.ID) }) {
			continue // another family's fixture
		}
		n++
		t.Run(b, func(t *testing.T) {
			t.Parallel()
			runFixture(t, p, checks)
		})
	}
	if n == 0 {
		t.Fatal("no fixtures")
	}
	// Every semantic check has a fixture named after it.
	for _, c := range checks {
		if !slices.ContainsFunc(paths, func(p string) bool { return strings.HasPrefix(filepath.Base(p), c.ID) }) {
			t.Errorf("check %s has no fixture in testdata/checks", c.ID)
		}
	}
}
