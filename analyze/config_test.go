package analyze

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rulecat/rulecat/analyze/selector"
	"github.com/rulecat/rulecat/catalog"
)

// knownIDs accepts the check ids the config tests use.
func knownIDs(id string) bool {
	switch id {
	case "name-says-tor", "query-has-tab", "unused-suppression":
		return true
	}
	return false
}

// kindSelector is a stand-in for the selector language: "kind=X" matches
// rules of kind X.
type kindSelector string

func (k kindSelector) Match(r *catalog.Rule) bool { return r.Kind.Text == string(k) }

func compileKind(expr string) (Selector, error) {
	k, ok := strings.CutPrefix(expr, "kind=")
	if !ok {
		return nil, fmt.Errorf("want kind=X")
	}
	if i := strings.Index(k, " and"); i >= 0 { // a positioned error, as the selector package gives
		return nil, &selector.Error{Line: 1, Col: len("kind=") + i + 1 + len(" and"), Msg: "expected a comparison"}
	}
	return kindSelector(k), nil
}

func TestParseConfig(t *testing.T) {
	t.Parallel()
	src := `# rulecat settings
disable:
  - query-has-tab
severity:
  - check: name-says-tor
    severity: error
  - check: name-says-tor
    severity: info
    where: kind=NRT
exclude:
  - rules/old/**
  - ./drafts/
suppress:
  - check: name-says-tor
    path: rules/legacy/*.yaml
    reason: kept until the migration ends
`
	c, err := ParseConfig("x/.rulecat.yaml", []byte(src), ConfigOptions{Known: knownIDs, Compile: compileKind})
	if err != nil {
		t.Fatalf("ParseConfig: %v", err)
	}
	if got := strings.Join(c.Disable, ","); got != "query-has-tab" {
		t.Errorf("Disable = %q, want query-has-tab", got)
	}
	if len(c.Severity) != 2 || c.Severity[0].Severity != catalog.Error || c.Severity[1].Where != "kind=NRT" ||
		c.Severity[1].Selector != kindSelector("NRT") || c.Severity[1].Line != 7 || c.Severity[1].Col != 5 {
		t.Errorf("Severity = %+v", c.Severity)
	}
	if len(c.Exclude) != 2 || c.Exclude[0].Pattern != "rules/old/**" || c.Exclude[1].Pattern != "drafts" {
		t.Errorf("Exclude = %+v", c.Exclude)
	}
	want := PathSuppression{Check: "name-says-tor", Path: Glob{Pattern: "rules/legacy/*.yaml", Line: 15, Col: 11},
		Reason: "kept until the migration ends", Line: 14, Col: 5}
	if len(c.Suppress) != 1 || c.Suppress[0] != want {
		t.Errorf("Suppress = %+v, want %+v", c.Suppress, want)
	}
}

func TestParseConfigEmpty(t *testing.T) {
	t.Parallel()
	for _, src := range []string{"", "# nothing\n", "---\n", "disable:\nsuppress: []\n"} {
		c, err := ParseConfig("c.yaml", []byte(src), ConfigOptions{Known: knownIDs})
		if err != nil || len(c.Disable)+len(c.Severity)+len(c.Exclude)+len(c.Suppress) != 0 {
			t.Errorf("ParseConfig(%q) = %+v, %v; want empty config", src, c, err)
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		noCompile bool
		want      string
	}{
		{"yaml", "disable: [a\n", false, `c.yaml:1:1: invalid YAML: did not find expected ',' or ']'`},
		{"not a mapping", "- a\n", false, `c.yaml:1:1: config must be a mapping with keys disable, severity, exclude, suppress`},
		{"unknown key", "disable: []\ndisabel: []\n", false, `c.yaml:2:1: unknown key "disabel"; did you mean "disable"`},
		{"unknown key far", "colours: true\n", false, `c.yaml:1:1: unknown key "colours"; want one of disable, severity, exclude, suppress`},
		{"twice", "disable: []\ndisable: []\n", false, `c.yaml:2:1: key "disable" appears twice`},
		{"unknown check", "disable:\n  - query-has-tab\n  - no-such-check\n", false, `c.yaml:3:5: unknown check "no-such-check"; run "rulecat checks" for the list`},
		{"not a list", "disable: query-has-tab\n", false, `c.yaml:1:10: expected a list`},
		{"bad severity", "severity:\n  - check: name-says-tor\n    severity: fatal\n", false, `c.yaml:3:15: unknown severity "fatal"; want error, warning or info`},
		{"severity missing", "severity:\n  - check: name-says-tor\n", false, `c.yaml:2:5: missing key "severity"`},
		{"severity key", "severity:\n  - check: name-says-tor\n    level: info\n", false, `c.yaml:3:5: unknown key "level"; want one of check, severity, where`},
		{"bad where", "severity:\n  - check: name-says-tor\n    severity: info\n    where: tactic=x\n", false, `c.yaml:4:12: bad selector "tactic=x": want kind=X`},
		{"where unsupported", "severity:\n  - check: name-says-tor\n    severity: info\n    where: kind=NRT\n", true, `c.yaml:4:12: where: selector expressions are not supported by this build`},
		{"selector column", "severity:\n  - check: name-says-tor\n    severity: info\n    where: kind=X and\n", false, `c.yaml:4:22: bad selector "kind=X and": expected a comparison`},
		{"selector column quoted", "severity:\n  - check: name-says-tor\n    severity: info\n    where: 'kind=X and'\n", false, `c.yaml:4:23: bad selector "kind=X and": expected a comparison`},
		{"bad glob", "exclude:\n  - \"rules/[x\"\n", false, `c.yaml:2:5: bad path glob "rules/[x"`},
		{"suppress check", "suppress:\n  - check: nope\n    path: x\n", false, `c.yaml:2:12: unknown check "nope"; run "rulecat checks" for the list`},
		{"suppress path", "suppress:\n  - check: query-has-tab\n", false, `c.yaml:2:5: missing key "path"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := ConfigOptions{Known: knownIDs, Compile: compileKind}
			if tt.noCompile {
				opts.Compile = nil
			}
			_, err := ParseConfig("c.yaml", []byte(tt.src), opts)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("ParseConfig(%q) error = %v, want a *ConfigError", tt.src, err)
			}
			if err.Error() != tt.want {
				t.Errorf("ParseConfig(%q) error =\n%s\nwant\n%s", tt.src, err, tt.want)
			}
		})
	}
}

func TestGlobMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"rules/old/**", "rules/old", true},
		{"rules/old/**", "rules/old/a/b.yaml", true},
		{"rules/old", "rules/old/a/b.yaml", true},
		{"rules/old", "rules/older/b.yaml", false},
		{"rules/*.yaml", "rules/a.yaml", true},
		{"rules/*.yaml", "rules/x/a.yaml", false},
		{"**/legacy/*.yaml", "a/b/legacy/c.yaml", true},
		{"**/legacy/*.yaml", "legacy/c.yaml", true},
		{"**/*.md", "rules/markdown/x.md", true},
		{"*.md", "rules/x.md", false},
		{"rules/?.kql", "rules/a.kql", true},
	}
	for _, tt := range tests {
		if got := (Glob{Pattern: tt.pattern}).Match(tt.path); got != tt.want {
			t.Errorf("Glob(%q).Match(%q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func TestFindAndLoadConfig(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, ok := FindConfig(sub); ok {
		t.Skip("a .rulecat.yaml above the temporary directory")
	}
	cfgPath := filepath.Join(root, ConfigName)
	if err := os.WriteFile(cfgPath, []byte("exclude: [a/b/old]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, ok := FindConfig(sub)
	if !ok || got != cfgPath {
		t.Fatalf("FindConfig(%q) = %q, %v; want %q", sub, got, ok, cfgPath)
	}
	c, err := LoadConfig(got, ConfigOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Dir != root {
		t.Errorf("Dir = %q, want %q", c.Dir, root)
	}
	// Globs are relative to the config's directory whatever the path looks like.
	if !c.Excluded(filepath.ToSlash(filepath.Join(sub, "old", "x.yaml"))) {
		t.Errorf("Excluded(abs path under a/b/old) = false, want true")
	}
	if c.Excluded(filepath.ToSlash(filepath.Join(sub, "new", "x.yaml"))) {
		t.Errorf("Excluded(abs path under a/b/new) = true, want false")
	}
	if _, err := LoadConfig(filepath.Join(root, "missing.yaml"), ConfigOptions{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadConfig(missing) = %v, want ErrNotExist", err)
	}
}

// FuzzParseConfig checks that any text either parses or gives a
// *ConfigError with a position inside the text.
func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		"", "disable: [a]\n", "severity:\n  - {check: name-says-tor, severity: info, where: kind=NRT}\n",
		"exclude: ['**/x', 'a/[b']\n", "suppress:\n  - check: query-has-tab\n    path: a\n    reason: b\n",
		"- x\n", "disable: {a: b}\n", ": :\n\t",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		c, err := ParseConfig("c.yaml", []byte(src), ConfigOptions{Known: knownIDs, Compile: compileKind})
		if err == nil {
			if c == nil {
				t.Fatal("nil config and nil error")
			}
			return
		}
		var ce *ConfigError
		if !errors.As(err, &ce) {
			t.Fatalf("error %v is not a *ConfigError", err)
		}
		// YAML breaks lines at \n, \r\n and a lone \r.
		lines := strings.Count(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(src), "\n") + 1
		if ce.Line < 1 || ce.Col < 1 || ce.Line > lines+1 {
			t.Errorf("error position %d:%d outside %d lines: %v", ce.Line, ce.Col, lines, err)
		}
	})
}
