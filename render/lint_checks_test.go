package render

import (
	"bytes"
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line  string
		width int
		want  string
	}{
		{"short line", 20, "short line\n"},
		{"one two three four five", 10, "one two\nthree four\nfive\n"},
		{"- item one two three", 10, "- item one\n  two\n  three\n"},
		{"12. item one two", 10, "12. item\n    one\n    two\n"},
		{"  - nested words here", 12, "  - nested\n    words\n    here\n"},
		{"averyveryverylongword x", 8, "averyveryverylongword\nx\n"},
		{"", 10, "\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		wrap(&b, tt.line, tt.width)
		if b.String() != tt.want {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.line, tt.width, b.String(), tt.want)
		}
	}
}

func TestWriteChecks(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteChecks(&b, lintChecks()); err != nil {
		t.Fatal(err)
	}
	if err := WriteCheckDoc(&b, lintChecks()[0]); err != nil {
		t.Fatal(err)
	}
	if err := WriteChecksMarkdown(&b, lintChecks()); err != nil {
		t.Fatal(err)
	}
	golden(t, "lint_checks.golden", b.Bytes())
	if !strings.Contains(b.String(), "\n## attack-revoked\n") {
		t.Errorf("markdown has no heading for the anchor DefaultHelpURI links to")
	}
}
