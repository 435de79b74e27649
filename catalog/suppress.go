package catalog

import (
	"bytes"
	"strings"
)

// A suppression comment is "rulecat:ignore CHECK-ID reason" inside a whole-line
// comment of the file's own syntax: "# ..." in YAML, "// ..." in KQL and
// "<!-- ... -->" in markdown. It silences findings of CHECK-ID on the next
// line that is not blank and not a comment.

const ignoreDirective = "rulecat:ignore"

// suppressions scans src for whole-line comments that open with open (and
// close with close, when set) and hold an ignore directive.
func suppressions(src []byte, open, close string) []Suppression {
	if !bytes.Contains(src, []byte(ignoreDirective)) {
		return nil // the common case, without a pass over every line
	}
	var out []Suppression
	var pending []int // indexes in out waiting for their target line
	lineNo := 0
	for line := range bytes.Lines(src) {
		lineNo++
		s := strings.TrimSpace(string(line))
		if s == "" {
			continue
		}
		if !strings.HasPrefix(s, open) || (close != "" && !strings.HasSuffix(s, close)) {
			for _, i := range pending {
				out[i].Line = lineNo
			}
			pending = pending[:0]
			continue
		}
		body := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, open), close))
		rest, ok := strings.CutPrefix(body, ignoreDirective)
		if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
			continue // an ordinary comment
		}
		check, reason, _ := strings.Cut(strings.TrimSpace(rest), " ")
		col := bytes.Index(line, []byte(open)) + 1
		end := len(bytes.TrimRight(line, "\r\n"))
		out = append(out, Suppression{
			Check:  check,
			Reason: strings.TrimSpace(reason),
			Span:   Span{Line: lineNo, Col: col, EndLine: lineNo, EndCol: end + 1},
		})
		pending = append(pending, len(out)-1)
	}
	// A directive at the end of the file silences nothing; Line stays 0 and
	// the CLI reports it as unused.
	return out
}
