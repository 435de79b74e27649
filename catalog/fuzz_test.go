package catalog

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// addSeeds adds the fixtures of testdata/load with extension ext.
func addSeeds(f *testing.F, ext string) {
	files, _ := filepath.Glob("testdata/load/*" + ext)
	for _, p := range files {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
}

// checkInvariants checks what must hold of any loaded file: one rule at
// least, every position inside the file, every query byte mapped to a
// position inside the file.
func checkInvariants(t *testing.T, name string, src []byte) {
	rs := decode(name, src, newValidator(Options{}))
	if len(rs) == 0 {
		t.Fatalf("no rule from %q", src)
	}
	ls := NewLines(src)
	inFile := func(what string, line, col int) {
		if line < 1 || line > len(ls) || col < 1 {
			t.Fatalf("%s at %d:%d, file has %d lines: %q", what, line, col, len(ls), src)
		}
		end := ls[line-1]
		for end < len(src) && src[end] != '\n' {
			end++
		}
		if ls[line-1]+col-1 > end {
			t.Fatalf("%s at %d:%d, past the end of the line: %q", what, line, col, src)
		}
	}
	for _, r := range rs {
		if r.File != name || r.Name.Text == "" && utf8.Valid(src) && r.Format != FormatYAML {
			t.Fatalf("rule file %q name %q", r.File, r.Name.Text)
		}
		for _, d := range r.Diagnostics {
			inFile(d.Check, d.Line, d.Col)
		}
		for _, q := range r.Queries {
			for off := range len(q.Text) {
				line, col := q.Position(off)
				inFile("query byte", line, col)
			}
			for i := 1; i < len(q.Map); i++ {
				if q.Map[i].Off < q.Map[i-1].Off {
					t.Fatalf("query map not sorted: %v", q.Map)
				}
			}
		}
		for _, s := range r.Suppressions {
			inFile("suppression", s.Span.Line, s.Span.Col)
		}
		// Where the scalar decoder claims an exact map, every query byte
		// must point at the file byte it came from.
		exact := r.Format != FormatYAML
		if kv := lookup(r.Root, "query", "ParserQuery"); kv.key != nil && kv.value.Kind == yaml.ScalarNode {
			_, _, exact = scalarMap(src, r.Lines, kv.value, 0)
		}
		if exact && !bytes.Contains(src, []byte("\r")) {
			checkQueryMap(t, r, src)
		}
	}
}

func FuzzLoadYAML(f *testing.F) {
	addSeeds(f, ".yaml")
	f.Add([]byte("query: \"a\\tb\\u00e9\\\n  c\"\n"))
	f.Add([]byte("query: >-2\n    a\n  b\n\n  c\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkInvariants(t, "f.yaml", src)
	})
}

func FuzzLoadMarkdown(f *testing.F) {
	addSeeds(f, ".md")
	f.Add([]byte("# T\n## Query\n> ```kql\n> T\n> ```\n"))
	f.Add([]byte("# T\n## Query\n-\t```kql\n\tT\n\t```\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkInvariants(t, "f.md", src)
	})
}

func FuzzLoadKQL(f *testing.F) {
	addSeeds(f, ".kql")
	f.Fuzz(func(t *testing.T, src []byte) {
		checkInvariants(t, "f.kql", src)
	})
}
