package analyze

import (
	"os"
	"path"
	"path/filepath"
	"testing"

	"github.com/rulecat/rulecat/catalog"
)

// loadTimeChecks are the checks whose findings catalog.Load makes.
func loadTimeChecks() []*Check {
	return []*Check{schemaCheck(), unknownKey(), yamlSyntax(), fileEmpty(), fileEncoding(), fileUnreadable(), queryMissing()}
}

// runOn loads src as a rule file and returns the findings of check c.
func runOn(t *testing.T, c *Check, name string, src []byte) []catalog.Diagnostic {
	t.Helper()
	cat := &catalog.Catalog{Files: 1, Rules: catalog.LoadBytes(name, src)}
	return Run(NewEnv(cat, nil, nil), []*Check{c})
}

// TestLoadCheckExamples runs the Bad and Good examples of the load-time
// checks: Bad must trigger its check, Good must give no finding of it.
func TestLoadCheckExamples(t *testing.T) {
	t.Parallel()
	for _, c := range loadTimeChecks() {
		t.Run(c.ID, func(t *testing.T) {
			if c.Title == "" || c.Doc == "" || c.Good == "" {
				t.Errorf("check %s lacks a title, doc or good example", c.ID)
			}
			if c.ID != "file-unreadable" {
				bad := "rules/bad" + path.Ext(exampleName(c.Bad))
				ds := runOn(t, c, bad, []byte(c.Bad))
				if len(ds) == 0 {
					t.Errorf("Bad example gives no %s finding", c.ID)
				}
				for _, d := range ds {
					if d.Check != c.ID || d.Severity != c.Severity || d.File != bad {
						t.Errorf("Bad example gives %v", d)
					}
				}
			}
			if ds := runOn(t, c, "rules/good"+path.Ext(exampleName(c.Good)), []byte(c.Good)); len(ds) != 0 {
				t.Errorf("Good example gives %v", ds)
			}
		})
	}
}

// TestFileUnreadable loads a rule file without read permission (skipped
// when the test runs as a user who may read anything).
func TestFileUnreadable(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "rule.yaml")
	if err := os.WriteFile(p, []byte("name: x\n"), 0o000); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(p); err == nil {
		f.Close()
		t.Skip("running with permission to read any file")
	}
	cat, err := catalog.Load([]string{p}, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ds := Run(NewEnv(cat, nil, nil), []*Check{fileUnreadable()})
	if len(ds) != 1 || ds[0].Check != "file-unreadable" {
		t.Errorf("findings %v, want one file-unreadable", ds)
	}
}

// TestLoadCheckFixtures runs the load-time checks over
// testdata/checks/{schema,unknown-key,yaml-syntax,query-missing}*: every finding must
// be wanted on its line, and every want met.
func TestLoadCheckFixtures(t *testing.T) {
	t.Parallel()
	var paths []string
	for _, pat := range []string{"schema*", "unknown-key*", "yaml-syntax*", "query-missing*"} {
		ps, err := filepath.Glob(filepath.Join("testdata", "checks", pat))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, ps...)
	}
	if len(paths) != 5 {
		t.Fatalf("found fixtures %q", paths)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			t.Parallel()
			checkFixture(t, p, loadTimeChecks(), nil)
		})
	}
}
