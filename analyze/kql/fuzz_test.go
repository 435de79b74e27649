package kql

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// addSeeds seeds a fuzz target with the golden inputs and the accepted
// queries of the unit tests.
func addSeeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/parse/*.kql")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(string(b))
		}
	}
	for _, src := range accepted {
		f.Add(src)
	}
}

func FuzzLex(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		toks := Lex(src)
		if d := time.Since(start); d > 10*time.Second+time.Duration(len(src))*time.Microsecond {
			t.Fatalf("Lex took %v for %d bytes", d, len(src))
		}
		if len(toks) == 0 || toks[len(toks)-1].Kind != EOF {
			t.Fatalf("Lex(%q) does not end with EOF", src)
		}
		prev := 0
		for _, tok := range toks {
			if int(tok.Pos) < prev || tok.End < tok.Pos || int(tok.End) > len(src) {
				t.Fatalf("token %v spans %d..%d after %d in %d bytes", tok.Kind, tok.Pos, tok.End, prev, len(src))
			}
			if tok.Kind != EOF && tok.End == tok.Pos {
				t.Fatalf("empty %v token at %d", tok.Kind, tok.Pos)
			}
			// Only whitespace may lie between tokens.
			for gap := src[prev:tok.Pos]; gap != ""; {
				r, n := utf8.DecodeRuneInString(gap)
				if !(r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v' || isUnicodeSpace(r)) {
					t.Fatalf("byte %q at %d is in no token", gap[0], int(tok.Pos)-len(gap))
				}
				gap = gap[n:]
			}
			prev = int(tok.End)
		}
		checkParserTokens(t, src, toks)
	})
}

// checkParserTokens fails unless the parser's lexing of src gives the
// tokens Lex gave (toks), comments left out and directives apart, and
// counts each kind right.
func checkParserTokens(t *testing.T, src string, toks []Token) {
	t.Helper()
	var n [numKinds]int32
	got, dirs := lexForParser(src, nil, &n)
	var want, wantDirs []Token
	var wantN [numKinds]int32
	for _, tok := range toks {
		switch tok.Kind {
		case Comment:
		case DirectiveToken:
			wantDirs = append(wantDirs, tok)
		default:
			want = append(want, tok)
			wantN[tok.Kind]++
		}
	}
	if !slices.Equal(got, want) || !slices.Equal(dirs, wantDirs) || n != wantN {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("lexForParser(%q): token %d is %v %d..%d, Lex gives %v %d..%d", src, i,
					got[i].Kind, got[i].Pos, got[i].End, want[i].Kind, want[i].Pos, want[i].End)
			}
		}
		t.Fatalf("lexForParser(%q) gives %d tokens and %d directives, Lex %d and %d (or the counts differ)",
			src, len(got), len(dirs), len(want), len(wantDirs))
	}
}

func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		s, errs := Parse(src)
		// Generous: the fuzzing machine may be loaded; TestLinearTime is the real bound.
		if d := time.Since(start); d > 10*time.Second+time.Duration(len(src))*time.Microsecond {
			t.Fatalf("Parse took %v for %d bytes", d, len(src))
		}
		for n := range Preorder(s) {
			if n.Pos() > n.End() || n.Pos() < 0 || int(n.End()) > len(src) {
				t.Fatalf("%T spans %d..%d in %d bytes", n, n.Pos(), n.End(), len(src))
			}
		}
		for _, e := range errs {
			if e.Pos > e.End || e.Pos < 0 || int(e.End) > len(src) || e.Msg == "" {
				t.Fatalf("error %q spans %d..%d in %d bytes", e.Msg, e.Pos, e.End, len(src))
			}
		}
		Print(s)
		if _, err := MarshalJSON(s); err != nil {
			t.Fatal(err)
		}
		if len(errs) == 0 {
			if d := roundTrip(src); d != "" {
				t.Fatalf("round trip of %q: %s", src, d)
			}
		}
	})
}

// TestLinearTime parses large pathological inputs; each must take time
// linear in its size (a generous bound catches quadratic behaviour).
func TestLinearTime(t *testing.T) {
	inputs := map[string]string{
		"statements": strings.Repeat("A ", 200000),
		"generic":    "T | scan " + strings.Repeat("a b + ", 50000) + "+",
		"nesting":    strings.Repeat("(", 100000) + strings.Repeat(")", 100000),
		"calls":      "print " + strings.Repeat("f(", 100000),
		"pipes":      "T" + strings.Repeat(" | where a ==", 50000),
		"lists":      "T | where x in (" + strings.Repeat("1, ", 100000) + ")",
		"strings":    strings.Repeat("'a", 100000),
		"unclosed":   "T | where " + strings.Repeat("[", 100000),
	}
	for name, src := range inputs {
		start := time.Now()
		Parse(src)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: Parse took %v for %d bytes", name, d, len(src))
		}
	}
}
