package analyze

import (
	"regexp"
	"strings"

	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/catalog"
)

// A Placeholder is text left in a query for the user to fill in
// ("<ipaddress>", "IP ADDRESS GOES HERE"): the rule cannot work as
// published.
type Placeholder struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"column"`
	Text string `json:"text"` // the literal or tokens as written
}

var (
	// <ipaddress>, <Your Watchlist Name>, <ADFS01>.<DOMAIN>: a word in angle
	// brackets (isPlaceholder tells template markers, regex groups and markup
	// apart).
	anglePlaceholder = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9 _.\-]{0,40})>`)
	// IP ADDRESS GOES HERE, <YOUR RG NAME HERE>, REPLACE_ME, your workspace id.
	textPlaceholder = regexp.MustCompile(`(?i)\bgoes here\b|\binsert [a-z0-9 _-]{1,30} here\b|\byour [a-z0-9 _-]{1,30} here\b|\breplace[ _-]?me\b|\bchange[ _-]?me\b|^\s*your\b`)
)

// htmlTags are words that are markup, not placeholders, in angle brackets:
// detections of script injection search for "<script>".
var htmlTags = map[string]bool{
	"a": true, "b": true, "body": true, "br": true, "div": true, "embed": true, "form": true, "head": true,
	"html": true, "i": true, "iframe": true, "img": true, "input": true, "link": true, "meta": true,
	"object": true, "p": true, "script": true, "span": true, "style": true, "svg": true, "title": true,
	"xml": true, "data": true, "eventdata": true, "event": true, "system": true,
}

// isPlaceholder reports whether a string literal's value holds a
// placeholder.
func isPlaceholder(v string) bool {
	// The regexps are slow next to the lexer: look for their anchors first.
	lv := strings.ToLower(v)
	if (strings.Contains(lv, "here") || strings.Contains(lv, "me") || strings.HasPrefix(strings.TrimSpace(lv), "your")) &&
		textPlaceholder.MatchString(v) {
		return true
	}
	if !strings.Contains(v, "<") || strings.Contains(v, "</") { // no brackets, or markup
		return false
	}
	for _, m := range anglePlaceholder.FindAllStringSubmatchIndex(v, -1) {
		before, after := v[:m[0]], v[m[1]:]
		switch {
		case strings.HasSuffix(before, "<") || strings.HasPrefix(after, ">"): // <<<X>>> template markers
		case strings.HasSuffix(before, "(?P") || strings.HasSuffix(before, "(?"): // regex named groups
		case htmlTags[strings.ToLower(v[m[2]:m[3]])]:
		default:
			return true
		}
	}
	return false
}

// Placeholders returns the placeholders left in the queries of r: string
// literals holding one, and a bare <word> where a value should be.
func Placeholders(r *catalog.Rule) []Placeholder {
	var out []Placeholder
	for qi := range r.Queries {
		out = append(out, queryPlaceholders(r.File, &r.Queries[qi], kql.Lex(r.Queries[qi].Text))...)
	}
	return out
}

// queryPlaceholders finds the placeholders of one query given its tokens.
func queryPlaceholders(file string, q *catalog.Query, toks []kql.Token) []Placeholder {
	var out []Placeholder
	src := q.Text
	add := func(from, to kql.Pos) {
		line, col := q.Position(int(from))
		text := src[from:to]
		if len(text) > 80 {
			text = text[:77] + "..."
		}
		out = append(out, Placeholder{File: file, Line: line, Col: col, Text: text})
	}
	for i, t := range toks {
		switch {
		case t.Kind == kql.String:
			if v, _ := kql.Unquote(t.Text(src)); isPlaceholder(v) {
				add(t.Pos, t.End)
			}
		case t.Kind == kql.Lt && i+2 < len(toks) && isWordToken(toks[i+1].Kind) && toks[i+2].Kind == kql.Gt &&
			toks[i+1].Pos == t.End && toks[i+2].Pos == toks[i+1].End:
			add(t.Pos, toks[i+2].End)
		}
	}
	return out
}

// ExternalDataURLs returns the storage URLs of the externaldata operators
// of a query, in order.
func ExternalDataURLs(src string) []string { return externalDataURLs(src, kql.Lex(src)) }

// externalDataURLs is ExternalDataURLs on the tokens of src.
func externalDataURLs(src string, toks []kql.Token) []string {
	var out []string
	for i := 0; i < len(toks); i++ {
		w := toks[i].Text(src)
		if !isWordToken(toks[i].Kind) || w != "externaldata" && w != "external_data" {
			continue
		}
		// externaldata [with (options)] (schema) [ "url", ... ]: skip
		// parenthesized groups until one is followed by the bracketed strings.
		j := i + 1
		for j < len(toks) {
			for j < len(toks) && toks[j].Kind != kql.LParen && toks[j].Kind != kql.Pipe && toks[j].Kind != kql.Semi && toks[j].Kind != kql.EOF {
				j++
			}
			if j >= len(toks) || toks[j].Kind != kql.LParen {
				break
			}
			for depth := 0; j < len(toks); j++ {
				if toks[j].Kind == kql.LParen {
					depth++
				} else if toks[j].Kind == kql.RParen {
					if depth--; depth == 0 {
						break
					}
				}
			}
			if j+1 < len(toks) && toks[j+1].Kind == kql.LBrack {
				break
			}
			j++
		}
		if j+1 >= len(toks) || toks[j].Kind != kql.RParen || toks[j+1].Kind != kql.LBrack {
			continue
		}
		for j += 2; j < len(toks) && toks[j].Kind != kql.RBrack && toks[j].Kind != kql.EOF; j++ {
			if toks[j].Kind == kql.String {
				if v, ok := kql.Unquote(toks[j].Text(src)); ok {
					out = append(out, v)
				}
			}
		}
		i = j
	}
	return out
}
