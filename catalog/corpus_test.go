package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// corpusDir is the shared corpus of real rules next to the checkout.
const corpusDir = "../../shared/corpus"

func needCorpus(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("shared corpus not present")
	}
}

// checkQueryMap asserts that every byte of every query points at a file
// byte that produced it: the same byte, the backslash of an escape, or the
// line break a folded space or newline came from.
func checkQueryMap(t *testing.T, r *Rule, src []byte) (bad int) {
	t.Helper()
	for qi, q := range r.Queries {
		for off := 0; off < len(q.Text); off++ {
			line, col := q.Position(off)
			if line < 1 || line > len(r.Lines) {
				t.Errorf("%s: query %d byte %d at line %d, file has %d lines", r.File, qi, off, line, len(r.Lines))
				return 1
			}
			fo := r.Lines[line-1] + col - 1
			if fo < 0 || fo >= len(src) {
				t.Errorf("%s: query %d byte %d at %d:%d, outside the file", r.File, qi, off, line, col)
				return 1
			}
			c, f := q.Text[off], src[fo]
			switch {
			case c == f:
			case f == '\\':
			case (c == ' ' || c == '\n') && (f == '\n' || f == '\r'):
			case c == '\n' && f == '\r':
			case c == ' ' && f == '\t': // markdown: a tab expanded to spaces
			default:
				t.Errorf("%s: query %d byte %d is %q, maps to %d:%d holding %q", r.File, qi, off, c, line, col, f)
				return 1
			}
		}
	}
	return 0
}

func TestLoadCorpus(t *testing.T) {
	needCorpus(t)
	start := time.Now()
	c, err := Load([]string{corpusDir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %d files, %d rules in %v", c.Files, len(c.Rules), time.Since(start))
	perFile := map[string]int{}
	counts := map[string]int{}
	formats := map[string]int{}
	fallback := 0
	md := map[string]int{}
	for _, r := range c.Rules {
		if r.Format == FormatMarkdown {
			md["pages"]++
			md["queries"] += len(r.Queries)
			for k, ok := range map[string]bool{
				"with description": !r.Description.IsZero(), "with techniques": len(r.Techniques) > 0,
				"with tactics": len(r.Tactics) > 0, "with false positives": r.FalsePositives != "",
				"with risk": r.Risk != "", "with references": len(r.References) > 0,
				"named after the file": r.Name.Text == baseName(r.File), "without queries": len(r.Queries) == 0,
			} {
				if ok {
					md[k]++
				}
			}
		}
		perFile[r.File]++
		formats[r.Type()]++
		for _, d := range r.Diagnostics {
			counts[d.Check]++
		}
		src, err := os.ReadFile(filepath.FromSlash(r.File))
		if err != nil {
			t.Fatal(err)
		}
		src = TrimBOM(src) // positions count from after it, as the loader read the file
		if kv := lookup(r.Root, "query", "ParserQuery"); kv.key != nil && kv.value.Kind == yaml.ScalarNode {
			if _, _, ok := scalarMap(src, r.Lines, kv.value, 0); !ok {
				fallback++
				t.Logf("%s: query map fell back to its start", r.File)
			}
		}
		checkQueryMap(t, r, src)
	}
	if len(perFile) != c.Files {
		t.Errorf("%d files gave rules, want all %d", len(perFile), c.Files)
	}
	// Every malformed file gives exactly one clear diagnostic; the real
	// Sentinel analytic rules pass Sentinel's CI, so schema errors there
	// must stay rare (a wrong schema would flag many).
	analytic, analyticBad := 0, 0
	for _, r := range c.Rules {
		switch {
		case strings.Contains(r.File, "/sentinel-malformed/"):
			if len(r.Diagnostics) != 1 {
				t.Errorf("%s: %d diagnostics, want 1: %v", r.File, len(r.Diagnostics), r.Diagnostics)
			}
		case strings.Contains(r.File, "/sentinel/") && r.Kind.Text != "":
			analytic++
			for _, d := range r.Diagnostics {
				if d.Check == "schema" {
					analyticBad++
					break
				}
			}
		}
	}
	t.Logf("analytic rules with schema errors: %d of %d", analyticBad, analytic)
	if analyticBad*50 > analytic {
		t.Errorf("%d of %d analytic rules have schema errors; more than 2%% means the schema is wrong", analyticBad, analytic)
	}
	t.Logf("types: %v", formats)
	t.Logf("diagnostics per check: %v", counts)
	t.Logf("query maps that fell back: %d", fallback)
	t.Logf("markdown: %v", md)
}
