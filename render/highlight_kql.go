package render

import "github.com/rulecat/rulecat/analyze/kql"

// kqlTokens lexes a query with rulecat's KQL lexer for Highlight.
func kqlTokens(src string) []HighlightToken {
	toks := kql.Lex(src)
	out := make([]HighlightToken, 0, len(toks))
	for _, t := range toks {
		if t.Kind == kql.EOF {
			break
		}
		out = append(out, HighlightToken{Pos: int(t.Pos), End: int(t.End), Class: t.Kind.Class().String()})
	}
	return out
}
