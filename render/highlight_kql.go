package render

import (
	"html/template"

	"github.com/rulecat/rulecat/analyze/kql"
)

// highlightKQL highlights a query with rulecat's KQL lexer.
func highlightKQL(src string) template.HTML {
	return Highlight(src, kqlTokens(nil, src))
}

// kqlTokens appends the tokens of a query, as rulecat's KQL lexer sees
// them, to out for Highlight; callers highlighting many texts reuse out.
func kqlTokens(out []HighlightToken, src string) []HighlightToken {
	for _, t := range kql.Lex(src) {
		if t.Kind == kql.EOF {
			break
		}
		out = append(out, HighlightToken{Pos: int(t.Pos), End: int(t.End), Class: t.Kind.Class().String()})
	}
	return out
}
