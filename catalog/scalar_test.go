package catalog

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestQueryPositions loads many shapes of query scalar and checks that every
// byte of the decoded text maps to the file byte it came from.
func TestQueryPositions(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"literal", "query: |\n  A\n  | where x\n", "A\n| where x\n"},
		{"literal strip", "query: |-\n  A\n  | where x\n\n", "A\n| where x"},
		{"literal keep", "query: |+\n  A\n\n\nname: x\n", "A\n\n\n"},
		{"literal deeper lines", "query: |\n  A\n    | where x\n  B\n", "A\n  | where x\nB\n"},
		{"literal leading blank", "query: |\n\n  A\n  B\n", "\nA\nB\n"},
		{"literal inner blank", "query: |\n  A\n\n  B\n", "A\n\nB\n"},
		{"literal indicator", "query: |2\n    A\n  B\n", "  A\nB\n"},
		{"literal indicator chomp", "query: |-2\n    A\n  B\n", "  A\nB"},
		{"literal chomp indicator", "query: |2-\n    A\n  B\n", "  A\nB"},
		{"literal comment", "query: | # the query\n  A\n", "A\n"},
		{"literal crlf", "query: |\r\n  A\r\n  | take 1\r\n", "A\n| take 1\n"},
		{"literal no final newline", "query: |\n  A\n  B", "A\nB"},
		{"literal unicode", "query: |\n  T | where a == \"é\"\n  | take 1\n", "T | where a == \"é\"\n| take 1\n"},
		{"literal tabs inside", "query: |\n  A\n  \t| where x\n", "A\n\t| where x\n"},
		{"literal nested", "rule:\n  query: |\n    A\n    B\n", ""},
		{"folded", "query: >\n  A\n  | where x\n", "A | where x\n"},
		{"folded strip", "query: >-\n  A\n  B\n\n  C\n", "A B\nC"},
		{"folded more indented", "query: >\n  A\n    B\n  C\n", "A\n  B\nC\n"},
		{"folded blank lines", "query: >\n  A\n\n\n  B\n", "A\n\nB\n"},
		{"plain", "query: T | take 10\n", "T | take 10"},
		{"plain multiline", "query: T\n  | take 10\n  | count\n", "T | take 10 | count"},
		{"plain blank line", "query: T\n\n  | take 10\n", "T\n| take 10"},
		{"single", "query: 'T | where a == ''x'''\n", "T | where a == 'x'"},
		{"single multiline", "query: 'T\n  | take 1'\n", "T | take 1"},
		{"single blank", "query: 'T\n\n  | take 1'\n", "T\n| take 1"},
		{"double", `query: "T | where a == \"x\""` + "\n", `T | where a == "x"`},
		{"double escapes", `query: "A\n| where b == '\\'\t| take 1"` + "\n", "A\n| where b == '\\'\t| take 1"},
		{"double unicode escapes", `query: "a\u00e9b\x41\U0001F600c"` + "\n", "a\u00e9bA\U0001F600c"},
		{"double folded", "query: \"A\n  | take 1\n\n  | count\"\n", "A | take 1\n| count"},
		{"double escaped break", "query: \"A\\\n  B\"\n", "AB"},
		{"double trailing spaces", "query: \"A   \n  B\"\n", "A B"},
		{"tagged", "query: !!str |\n  A\n", "A\n"},
		{"anchor", "query: &q |\n  A\n", "A\n"},
		{"parser", "ParserName: p\nParserQuery: |\n  let x = 1;\n  T\n", "let x = 1;\nT\n"},
		{"parser leading space", "ParserQuery: | \n let x = 1;\n T\n", "let x = 1;\nT\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			rs := LoadBytes("x.yaml", src)
			if len(rs) != 1 {
				t.Fatalf("LoadBytes gave %d rules, want 1", len(rs))
			}
			r := rs[0]
			for _, d := range r.Diagnostics {
				if d.Check == "yaml-syntax" {
					t.Fatalf("unexpected %v", d)
				}
			}
			if tt.want == "" { // nested: no top-level query
				return
			}
			if len(r.Queries) != 1 {
				t.Fatalf("got %d queries, want 1", len(r.Queries))
			}
			q := r.Queries[0]
			if q.Text != tt.want {
				t.Fatalf("query = %q, want %q", q.Text, tt.want)
			}
			if len(q.Map) == 1 && strings.Count(q.Text, "\n") > 1 {
				t.Errorf("map fell back to the start: %v", q.Map)
			}
			checkQueryMap(t, r, src)
		})
	}
}

// TestEscapePositions checks that escape sequences map to their backslash.
func TestEscapePositions(t *testing.T) {
	src := []byte(`query: "a\tb\u00e9c"` + "\n")
	r := LoadBytes("x.yaml", src)[0]
	q := r.Queries[0]
	for _, tt := range []struct{ off, col int }{
		{0, 9},  // a
		{1, 10}, // \t
		{2, 12}, // b
		{3, 13}, // first byte of é (\u00e9)
		{4, 13}, // second byte of é
		{5, 19}, // c
	} {
		line, col := q.Position(tt.off)
		if line != 1 || col != tt.col {
			t.Errorf("Position(%d) = %d:%d, want 1:%d", tt.off, line, col, tt.col)
		}
	}
}

// FuzzScalarMapEnd checks that scalarMapEnd, which only compares, finds
// the end scalarMap finds for every scalar of a document.
func FuzzScalarMapEnd(f *testing.F) {
	addSeeds(f, ".yaml")
	f.Add([]byte("query: \"a\\tb\\u00e9\\\n  c\"\nx: 'a\n\n  b'\ny: >-2\n    a\n  b\n\n  c\nz: |+\n  a\n\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var doc yaml.Node
		if yaml.Unmarshal(src, &doc) != nil {
			return
		}
		ls := NewLines(src)
		var visit func(n *yaml.Node)
		visit = func(n *yaml.Node) {
			if n.Kind == yaml.ScalarNode {
				for _, indent := range []int{0, max(n.Column-3, 0)} {
					_, want, _ := scalarMap(src, ls, n, indent)
					if got := scalarMapEnd(src, ls, n, indent); got != want {
						t.Fatalf("scalarMapEnd(%d:%d, %d) = %d, scalarMap says %d, in %q", n.Line, n.Column, indent, got, want, src)
					}
				}
			}
			for _, c := range n.Content {
				visit(c)
			}
		}
		visit(&doc)
	})
}
