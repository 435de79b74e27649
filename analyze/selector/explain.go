package selector

import (
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// tok is a token of an expression as explain sees it.
type tok struct {
	kind string // lexer rule name, or "EOF"
	text string // keywords lower-cased; strings as written, with quotes
	pos  lexer.Position
}

// tokens lexes src with the selector lexer, dropping spaces and ending
// with an EOF token.
func tokens(src string) []tok {
	names := map[lexer.TokenType]string{}
	for n, t := range selectorLexer.Symbols() {
		names[t] = n
	}
	var out []tok
	lx, err := selectorLexer.LexString("", src)
	if err == nil {
		ts, err := lexer.ConsumeAll(lx)
		if err == nil {
			for _, t := range ts {
				k := names[t.Type]
				if t.EOF() {
					k = "EOF"
				}
				if k == "Space" {
					continue
				}
				text := t.Value
				if k == "Word" && keywords[strings.ToLower(text)] {
					text = strings.ToLower(text)
				}
				out = append(out, tok{k, text, t.Pos})
			}
		}
	}
	if len(out) == 0 || out[len(out)-1].kind != "EOF" {
		out = append(out, tok{kind: "EOF", pos: endPos(src)})
	}
	return out
}

func endPos(src string) lexer.Position {
	p := lexer.Position{Line: 1, Column: 1}
	p.Advance(src)
	p.Offset = len(src)
	return p
}

// explain turns a syntax error that participle found at byte offset off
// into a message in plain words, by looking at the tokens around it.
func explain(src string, off int) *Error {
	ts := tokens(src)
	// A bad character or "=" before the error is the real cause.
	for _, t := range ts {
		if t.pos.Offset > off {
			break
		}
		switch {
		case t.kind == "Unterminated":
			return at(t, `unterminated string; expected a closing "\"" before the end of the expression`)
		case t.kind == "Other":
			return at(t, fmt.Sprintf("unexpected character %q", t.text))
		case t.kind == "Op" && t.text == "=":
			return at(t, `unknown operator "="; did you mean "=="`)
		}
	}
	i := 0
	for i < len(ts)-1 && ts[i].pos.Offset < off {
		i++
	}
	// Participle backtracks out of an unfinished repetition ("or" with
	// nothing after it, a trailing ","), so it blames the connector; the
	// problem is the token after it.
	for i+1 < len(ts) && i > 0 && completes(ts[i-1]) && (ts[i].text == "and" || ts[i].text == "or" || ts[i].text == ",") {
		i++
	}
	// The grammar lets a keyword stand as an attribute name, so "or or x"
	// fails only at x; blame the first keyword where a condition must start.
	for j := 0; j < i; j++ {
		if ts[j].kind == "Word" && (ts[j].text == "and" || ts[j].text == "or" || ts[j].text == "in") &&
			(j == 0 || startsCondition(ts[j-1])) {
			i = j
			break
		}
	}
	cur := ts[i]
	found := ""
	if cur.kind != "EOF" {
		found = ", found " + quote(cur.text)
	}
	// Work out the syntactic context from the start: open groups and lists,
	// and what the previous token was.
	var parens []tok
	inList := false
	for _, t := range ts[:i] {
		switch t.text {
		case "(":
			parens = append(parens, t)
		case ")":
			if len(parens) > 0 {
				parens = parens[:len(parens)-1]
			}
		case "[":
			inList = true
		case "]":
			inList = false
		}
	}
	var prev, prev2 tok
	if i > 0 {
		prev = ts[i-1]
	}
	if i > 1 {
		prev2 = ts[i-2]
	}
	switch {
	case prev.kind == "Op":
		return at(cur, "expected a value after "+quote(prev.text)+found)
	case prev.text == "in" && prev.kind == "Word":
		return at(cur, `expected "[" after "in"`+found)
	case inList && prev.text == ",":
		return at(cur, `expected a value after ","`+found)
	case inList && prev.text == "[":
		return at(cur, "expected a value in the list"+found)
	case inList:
		return at(cur, `expected "," or "]" after a value in the list`+found)
	case startsCondition(prev):
		after := ""
		if prev.kind != "" {
			after = " after " + quote(prev.text)
		}
		return at(cur, "expected a condition such as severity >= Medium"+after+found)
	case prev.kind == "Word" && startsCondition(prev2):
		return at(cur, fmt.Sprintf(`expected an operator (==, !=, <, <=, >, >=, ~ or in) after %q%s`, prev.text, found))
	case cur.text == ")" && len(parens) == 0:
		return at(cur, `unexpected ")" with no "(" to close`)
	case len(parens) > 0:
		open := parens[len(parens)-1]
		if cur.kind == "EOF" {
			return at(cur, fmt.Sprintf(`expected ")" to close "(" at column %d`, open.pos.Column))
		}
		return at(cur, `expected "and", "or" or ")"`+found)
	}
	return at(cur, `expected "and", "or" or the end of the expression`+found)
}

func at(t tok, msg string) *Error { return errAt(t.pos.Line, t.pos.Column, msg) }

// completes reports whether t can end a condition or a list value.
func completes(t tok) bool {
	return t.kind == "String" || t.text == ")" || t.text == "]" || t.kind == "Word" && !keywords[t.text]
}

// startsCondition reports whether a condition may follow t (the zero tok
// stands for the start of the expression).
func startsCondition(t tok) bool {
	return t.kind == "" || t.kind == "Word" && (t.text == "and" || t.text == "or" || t.text == "not") || t.text == "("
}
