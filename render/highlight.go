package render

import (
	"html/template"
	"strings"
)

// A HighlightToken is one token of a query as the KQL lexer sees it: the
// byte span [Pos, End) of its text and its highlighting class ("keyword",
// "operator", "function", "string", "number", "comment", ...).
type HighlightToken struct {
	Pos, End int
	Class    string
}

// plainClasses are the classes left without a <span>: they would only add
// bytes, since the stylesheet gives them the text colour.
var plainClasses = map[string]bool{"": true, "other": true, "ident": true, "punct": true}

// Highlight renders src as HTML, wrapping each token of toks in a
// <span class="k-CLASS">. It is the only producer of template.HTML in
// rulecat: every byte of src, inside tokens and between them, goes through
// template.HTMLEscapeString, and class names are reduced to [a-z]. Tokens
// must be sorted by Pos; overlapping, out-of-range and empty ones are
// skipped, so any token list yields well-formed HTML that shows all of src.
func Highlight(src string, toks []HighlightToken) template.HTML {
	var b strings.Builder
	b.Grow(len(src) + len(src)/2)
	at := 0
	for _, t := range toks {
		if t.Pos < at || t.End <= t.Pos || t.End > len(src) {
			continue
		}
		b.WriteString(template.HTMLEscapeString(src[at:t.Pos]))
		text := template.HTMLEscapeString(src[t.Pos:t.End])
		if c := cssClass(t.Class); !plainClasses[c] {
			b.WriteString(`<span class="k-`)
			b.WriteString(c)
			b.WriteString(`">`)
			b.WriteString(text)
			b.WriteString(`</span>`)
		} else {
			b.WriteString(text)
		}
		at = t.End
	}
	b.WriteString(template.HTMLEscapeString(src[at:]))
	return template.HTML(b.String())
}

// cssClass keeps only the lower-case letters of a class name, so a class can
// never break out of its attribute.
func cssClass(c string) string {
	for i := 0; i < len(c); i++ {
		if c[i] < 'a' || c[i] > 'z' {
			return strings.Map(func(r rune) rune {
				if r >= 'a' && r <= 'z' {
					return r
				}
				return -1
			}, c)
		}
	}
	return c
}
