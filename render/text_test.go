package render

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rulecat/rulecat/analyze"
)

func TestEscapeInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"Tor étranges", "Tor étranges"},
		{"Tor \xe9tranges", `Tor \xe9tranges`},
		{"\xff\xfe", `\xff\xfe`},
		{"a\xe2\x82", `a\xe2\x82`}, // truncated euro sign
		{`\x41`, `\x41`},           // text that only looks escaped stays
	}
	for _, tt := range tests {
		if got := escapeInvalid(tt.in); got != tt.want {
			t.Errorf("escapeInvalid(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCheckDocsValidUTF8 writes every check's documentation as `rulecat
// checks ID` and `rulecat checks --markdown` do: the output is UTF-8, and
// file-encoding's Bad example shows its byte escaped.
func TestCheckDocsValidUTF8(t *testing.T) {
	t.Parallel()
	checks := analyze.Checks()
	var text, md bytes.Buffer
	for _, c := range checks {
		if err := WriteCheckDoc(&text, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteChecksMarkdown(&md, checks); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string][]byte{"WriteCheckDoc": text.Bytes(), "WriteChecksMarkdown": md.Bytes()} {
		if !utf8.Valid(out) {
			t.Errorf("%s writes invalid UTF-8", name)
		}
		if !strings.Contains(string(out), `Tor \xe9tranges`) {
			t.Errorf(`%s does not show file-encoding's byte as \xe9`, name)
		}
	}
}
