package kql

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLex(t *testing.T) {
	tests := []struct {
		src  string
		want string // kind:text pairs, space separated
	}{
		{"T | project-away x", "name:T |:| operator name:project-away name:x"},
		{"a !contains_cs 'b'", "name:a keyword:!contains_cs string:'b'"},
		{"x in~ (1)", "name:x keyword:in~ (:( number:1 ):)"},
		{"x !in~ (1)", "name:x keyword:!in~ (:( number:1 ):)"},
		{"x matches regex @'\\d'", "name:x keyword:matches regex string:@'\\d'"},
		{"x matches  regex", "name:x name:matches keyword:regex"},
		{"join hint.strategy=shuffle", "operator name:join keyword:hint.strategy =:= name:shuffle"},
		{"1d 30m 2.5h 100ms 1tick 7days", "timespan:1d timespan:30m timespan:2.5h timespan:100ms timespan:1tick timespan:7days"},
		{"1..10", "number:1 ..:.. number:10"},
		{"1. 1e6 1.5E-3 0x1F", "number:1. number:1e6 number:1.5E-3 number:0x1F"},
		{"datetime(2024-01-01 10:00:00)", "literal:datetime(2024-01-01 10:00:00)"},
		{"datetime (2024)", "keyword:datetime (:( number:2024 ):)"},
		{"datetime_add", "function name:datetime_add"},
		{`h"secret" H@'x' h` + "```a```", `string:h"secret" string:H@'x' string:h` + "```a```"},
		{"```multi\nline```", "string:```multi\nline```"},
		{"~~~x~~~", "string:~~~x~~~"},
		{`"C:\Windows"`, `bad string:"C:\Windows"`},
		{`"a\"b"`, `string:"a\"b"`},
		{"'a\nb'", "bad string:'a name:b bad string:'"},
		{"// c\nT", "comment:// c name:T"},
		{"'http://x' // y", "string:'http://x' comment:// y"},
		{"#connect x\nT", "directive:#connect x name:T"},
		{"\u00a0T\u200bx\ufeff", "name:T name:x"},
		{"3Dchart 1st", "keyword:3Dchart name:1st"},
		{"ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a", "guid:ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a"},
		{"$left.a", "name:$left .:. name:a"},
		{"a != b !~ c =~ d <> e", "name:a !=:!= name:b !~:!~ name:c =~:=~ name:d <>:<> name:e"},
		{"!x", "!:! name:x"},
		{"project-awayx", "operator name:project -:- name:awayx"},
		{"graph-where-nodes", "operator name:graph-where-nodes"},
	}
	for _, tt := range tests {
		var parts []string
		for _, tok := range Lex(tt.src) {
			if tok.Kind == EOF {
				break
			}
			parts = append(parts, tok.Kind.String()+":"+tok.Text(tt.src))
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("Lex(%q) = %s, want %s", tt.src, got, tt.want)
		}
	}
}

func TestTokenClass(t *testing.T) {
	src := "T | where count() > 1 // c"
	want := []TokenClass{ClassIdent, ClassPunct, ClassOperator, ClassOperator, ClassPunct, ClassPunct, ClassPunct,
		ClassNumber, ClassComment, ClassOther}
	toks := Lex(src)
	if len(toks) != len(want) {
		t.Fatalf("Lex(%q) gave %d tokens, want %d", src, len(toks), len(want))
	}
	for i, tok := range toks {
		if c := tok.Kind.Class(); c != want[i] {
			t.Errorf("token %d %q: class %v, want %v", i, tok.Text(src), c, want[i])
		}
	}
}

func TestLineCol(t *testing.T) {
	src := "a\nbc\r\nd\re\u2028f"
	tests := []struct {
		off       int
		line, col int
	}{{0, 1, 1}, {2, 2, 1}, {3, 2, 2}, {6, 3, 1}, {8, 4, 1}, {12, 5, 1}}
	ls := NewLines(src)
	for _, tt := range tests {
		if l, c := ls.Position(tt.off); l != tt.line || c != tt.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
	if l, c := LineCol(src, 3); l != 2 || c != 2 {
		t.Errorf("LineCol(3) = %d:%d, want 2:2", l, c)
	}
}

func TestUnquote(t *testing.T) {
	tests := []struct{ in, want string }{
		{`'a'`, "a"}, {`"a\"b"`, `a"b`}, {`'\n\t\\'`, "\n\t\\"}, {`@"C:\x"`, `C:\x`}, {`@'it''s'`, "it's"},
		{`h'secret'`, "secret"}, {"```a\nb```", "a\nb"}, {`'\u0041\x42\101'`, "ABA"},
	}
	for _, tt := range tests {
		if got, ok := Unquote(tt.in); got != tt.want || !ok {
			t.Errorf("Unquote(%q) = %q, %v, want %q, true", tt.in, got, ok, tt.want)
		}
	}
}

// TestCompoundHeads checks that the lexer's quick test for the first part of
// a compound keyword accepts the first part of every one it may lex.
func TestCompoundHeads(t *testing.T) {
	for kw := range compoundKeywords {
		if kw[0] == '!' || kw == "in~" {
			continue // lexed from '!' or as "in" followed by '~'
		}
		i := strings.IndexAny(kw, "-. ")
		if i < 0 || !isCompoundHead(kw[:i]) {
			t.Errorf("isCompoundHead(%q) = false; compound keyword %q starts with it", kw[:max(i, 0)], kw)
		}
	}
}

// TestParserTokens: the parser's own lexing loop gives Lex's tokens on the
// committed probes and golden inputs, and on the shared corpora when they
// are there.
func TestParserTokens(t *testing.T) {
	var queries []string
	data, err := os.ReadFile("testdata/probes.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var r struct{ Query string }
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		queries = append(queries, r.Query)
	}
	queries = append(queries, "#connect x\n// c\nT | where a in~ ('x') and h'y' == b | project-away c | order by d",
		"datetime(2020-01-01) hint.strategy=shuffle h@'z' a.b-c ", "in~", "h", "x(")
	for _, f := range []string{"kql/doc-examples.jsonl", "kql/realworld-hunting.jsonl", "corpus/LABELS.jsonl"} {
		if _, err := os.Stat(filepath.Join(sharedDir, f)); err == nil {
			for _, r := range loadCorpus(t, f) {
				queries = append(queries, r.Query)
			}
		}
	}
	for _, q := range queries {
		checkParserTokens(t, q, Lex(q))
	}
	t.Logf("%d queries", len(queries))
}
