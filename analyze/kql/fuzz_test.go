package kql

import (
	"os"
	"path/filepath"
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
		if d := time.Since(start); d > time.Second+time.Duration(len(src))*time.Microsecond {
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
	})
}

func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		s, errs := Parse(src)
		if d := time.Since(start); d > time.Second+time.Duration(len(src))*time.Microsecond {
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
