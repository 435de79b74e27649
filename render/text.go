package render

import (
	"strings"
	"unicode/utf8"

	"github.com/rulecat/rulecat/analyze"
)

// escapeInvalid returns s with every byte that does not belong to valid
// UTF-8 written as \xNN, as Go quotes it. A check's example may hold such
// bytes on purpose (file-encoding's Bad), and the pages and documents that
// show it are UTF-8. Valid text comes back unchanged.
func escapeInvalid(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	const hex = "0123456789abcdef"
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteString(`\x`)
			b.WriteByte(hex[s[i]>>4])
			b.WriteByte(hex[s[i]&0xf])
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// escapedExamples returns c, or a copy of it whose Bad and Good examples
// went through escapeInvalid when either holds invalid UTF-8.
func escapedExamples(c *analyze.Check) *analyze.Check {
	if utf8.ValidString(c.Bad) && utf8.ValidString(c.Good) {
		return c
	}
	e := *c
	e.Bad, e.Good = escapeInvalid(c.Bad), escapeInvalid(c.Good)
	return &e
}
