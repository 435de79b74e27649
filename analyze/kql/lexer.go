package kql

import (
	"strings"
	"unicode/utf8"
)

// Lex returns every token of src in order, comments and directives included,
// followed by one EOF token. Whitespace is not returned. The lexer is context
// free, as the official one is: the tokens do not depend on where they occur.
func Lex(src string) []Token {
	toks := make([]Token, 0, len(src)/5+4)
	l := lexer{src: src}
	for {
		t := l.next()
		toks = append(toks, t)
		if t.Kind == EOF {
			return toks
		}
		l.sawToken = l.sawToken || t.Kind != Comment && t.Kind != DirectiveToken
	}
}

// lexForParser appends the tokens of src to toks, leaving comments out and
// directives apart, and counts the tokens of each kind in n. It gives the
// tokens Lex gives; the commonest ones, plain words and one-byte
// punctuation after ASCII spaces, are lexed here without a call, and the
// rest by next.
func lexForParser(src string, toks []Token, n *[numKinds]int32) (_, dirs []Token) {
	l := lexer{src: src}
	s := src
	for {
		i := l.off
		for i < len(s) && asciiSpace[s[i]] {
			i++
		}
		l.off = i
		if i < len(s) {
			c := s[i]
			if k := onlyPunct[c]; k != 0 {
				l.off = i + 1
				l.sawToken = true
				n[k]++
				toks = append(toks, Token{Kind: k, Pos: Pos(i), End: Pos(i + 1)})
				continue
			}
			if isIdentStart(c) && !(isHex(c) && guidLen(s, i) > 0) {
				j := i + 1
				for j < len(s) && identChars[s[j]] {
					j++
				}
				if w := s[i:j]; j == len(s) || !wordGoesOn(w, s[j]) {
					k := wordKind(w)
					l.off = j
					l.sawToken = true
					n[k]++
					toks = append(toks, Token{Kind: k, Pos: Pos(i), End: Pos(j)})
					continue
				}
			}
		}
		t := l.next()
		switch t.Kind {
		case Comment:
			continue
		case DirectiveToken:
			dirs = append(dirs, t)
			continue
		}
		l.sawToken = true
		n[t.Kind]++
		toks = append(toks, t)
		if t.Kind == EOF {
			return toks, dirs
		}
	}
}

// onlyPunct gives the kind of each byte that is always a token of its own.
var onlyPunct = [256]TokenKind{'(': LParen, ')': RParen, '[': LBrack, ']': RBrack, '{': LBrace, '}': RBrace,
	'|': Pipe, ',': Comma, ';': Semi, ':': Colon, '+': Plus, '-': Minus, '*': Star, '%': Percent, '?': Question}

// wordGoesOn reports whether the word w followed by the byte c may be
// more than a word, as word lexes it: h'...', in~, datetime(...),
// project-away, hint.strategy, order by.
func wordGoesOn(w string, c byte) bool {
	switch c {
	case '\'', '"', '`', '@':
		return w == "h" || w == "H"
	case '~':
		return w == "h" || w == "H" || w == "in"
	case '(':
		return isGooKeyword(w)
	case '-', '.', ' ':
		return isCompoundHead(w)
	}
	return false
}

type lexer struct {
	src string
	off int
	// sawToken is set by the caller once a token other than a comment or
	// directive has been returned; directives (#...) may only come before it.
	sawToken bool
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
}

func isIdentChar(c byte) bool { return identChars[c] }

// identChars marks the bytes an identifier continues with: ASCII letters,
// digits and '_'. A table lookup is cheaper than the comparisons in the
// lexer's innermost loop.
var identChars = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9'
	}
	return t
}()

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// skipSpace skips ASCII and Unicode whitespace.
func (l *lexer) skipSpace() {
	s := l.src
	i := l.off
	for i < len(s) {
		c := s[i]
		if asciiSpace[c] {
			i++
			continue
		}
		if c < 0x80 {
			break
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isUnicodeSpace(r) {
			break
		}
		i += n
	}
	l.off = i
}

// asciiSpace marks the ASCII whitespace bytes.
var asciiSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '\f': true, '\v': true}

func isUnicodeSpace(r rune) bool {
	switch r {
	case 0xA0, 0x1680, 0x180E, 0x200B, 0x202F, 0x205F, 0x3000, 0xFEFF, 0x2028, 0x2029, 0x85:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

func (l *lexer) tok(k TokenKind, start int) Token {
	return Token{Kind: k, Pos: Pos(start), End: Pos(l.off)}
}

func (l *lexer) next() Token {
	if l.off < len(l.src) && (asciiSpace[l.src[l.off]] || l.src[l.off] >= 0x80) {
		l.skipSpace()
	}
	s := l.src
	start := l.off
	if l.off >= len(s) {
		return Token{Kind: EOF, Pos: Pos(len(s)), End: Pos(len(s))}
	}
	c := s[l.off]
	switch {
	case isIdentStart(c):
		return l.word(start)
	case isDigit(c):
		return l.number(start)
	case onlyPunct[c] != 0:
		return l.punct(onlyPunct[c], 1)
	}
	switch c {
	case '\'', '"':
		return l.tok(l.quoted(c), start)
	case '`':
		if hasPrefixAt(s, l.off, "```") {
			return l.tok(l.multiline("```"), start)
		}
	case '@':
		if l.off+1 < len(s) && (s[l.off+1] == '\'' || s[l.off+1] == '"') {
			l.off++
			return l.tok(l.verbatim(s[l.off]), start)
		}
		l.off++
		return l.tok(At, start)
	case '~':
		if hasPrefixAt(s, l.off, "~~~") {
			return l.tok(l.multiline("~~~"), start)
		}
	case '/':
		if l.off+1 < len(s) && s[l.off+1] == '/' {
			l.off = lineEnd(s, l.off)
			return l.tok(Comment, start)
		}
		l.off++
		return l.tok(Slash, start)
	case '#':
		if !l.sawToken {
			for l.off < len(s) && s[l.off] != '\n' && s[l.off] != '\r' {
				l.off++
			}
			return l.tok(DirectiveToken, start)
		}
	case '!':
		if l.off+1 < len(s) {
			switch s[l.off+1] {
			case '=':
				l.off += 2
				return l.tok(NotEq, start)
			case '~':
				l.off += 2
				return l.tok(BangTilde, start)
			}
			if isIdentStart(s[l.off+1]) {
				if n := bangKeyword(s[l.off+1:]); n > 0 {
					l.off += 1 + n
					return l.tok(SymKeyword, start)
				}
			}
		}
		l.off++
		return l.tok(Bang, start)
	case '.':
		if hasPrefixAt(s, l.off, "..") {
			return l.punct(DotDot, 2)
		}
		return l.punct(Dot, 1)
	case '=':
		switch {
		case hasPrefixAt(s, l.off, "=="):
			return l.punct(EqEq, 2)
		case hasPrefixAt(s, l.off, "=~"):
			return l.punct(EqTilde, 2)
		case hasPrefixAt(s, l.off, "=>"):
			return l.punct(Arrow, 2)
		}
		return l.punct(Assign, 1)
	case '<':
		switch {
		case hasPrefixAt(s, l.off, "<="):
			return l.punct(Le, 2)
		case hasPrefixAt(s, l.off, "<>"):
			return l.punct(LtGt, 2)
		case hasPrefixAt(s, l.off, "<|"):
			return l.punct(LtPipe, 2)
		}
		return l.punct(Lt, 1)
	case '>':
		if hasPrefixAt(s, l.off, ">=") {
			return l.punct(Ge, 2)
		}
		return l.punct(Gt, 1)
	}
	// An illegal character: take the whole rune.
	_, n := utf8.DecodeRuneInString(s[l.off:])
	l.off += n
	return l.tok(Illegal, start)
}

// lineEnd returns the offset of the first line break at or after i, or len(s).
func lineEnd(s string, i int) int {
	// Two byte searches beat one IndexAny: '\r' alone is rare.
	end := len(s)
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		end = i + j
	}
	if j := strings.IndexByte(s[i:end], '\r'); j >= 0 {
		end = i + j
	}
	return end
}

func (l *lexer) punct(k TokenKind, n int) Token {
	start := l.off
	l.off += n
	return l.tok(k, start)
}

func hasPrefixAt(s string, off int, p string) bool {
	return len(s)-off >= len(p) && s[off:off+len(p)] == p
}

// bangKeyword returns the length of the longest '!'-keyword (without the '!')
// at the start of s, or 0.
func bangKeyword(s string) int {
	n := 0
	for n < len(s) && isIdentChar(s[n]) {
		n++
	}
	w := s[:n]
	if w == "in" && n < len(s) && s[n] == '~' {
		if n+1 >= len(s) || !isIdentChar(s[n+1]) {
			return n + 1
		}
	}
	switch w {
	case "between", "contains", "contains_cs", "endswith", "endswith_cs", "has", "has_cs", "hasprefix",
		"hasprefix_cs", "hassuffix", "hassuffix_cs", "in", "startswith", "startswith_cs":
		return n
	}
	return 0
}

// word lexes an identifier, a keyword (the longest keyword spelling wins, so
// "project-away" and "hint.strategy" are one token), a goo literal such as
// datetime(...), or an obfuscated string h"...".
func (l *lexer) word(start int) Token {
	s := l.src
	if isHex(s[start]) {
		if n := guidLen(s, start); n > 0 {
			l.off = start + n
			return l.tok(RawGuid, start)
		}
	}
	i := l.off + 1
	for i < len(s) && isIdentChar(s[i]) {
		i++
	}
	w := s[start:i]
	if i < len(s) {
		switch c := s[i]; c {
		case '\'', '"', '`', '@':
			if w == "h" || w == "H" {
				switch {
				case c == '\'' || c == '"':
					l.off = i
					return l.tok(l.quoted(c), start)
				case c == '@' && i+1 < len(s) && (s[i+1] == '\'' || s[i+1] == '"'):
					l.off = i + 1
					return l.tok(l.verbatim(s[i+1]), start)
				case c == '`' && hasPrefixAt(s, i, "```"):
					l.off = i
					return l.tok(l.multiline("```"), start)
				}
			}
		case '~':
			if w == "h" || w == "H" {
				if hasPrefixAt(s, i, "~~~") {
					l.off = i
					return l.tok(l.multiline("~~~"), start)
				}
			}
			if w == "in" && (i+1 >= len(s) || !isIdentChar(s[i+1])) {
				l.off = i + 1
				return l.tok(SymKeyword, start)
			}
		case '(':
			if isGooKeyword(w) {
				if j := gooEnd(s, i+1); j > 0 {
					l.off = j
					return l.tok(GooLiteral, start)
				}
			}
		case '-', '.', ' ':
			if !isCompoundHead(w) {
				break
			}
			if n := compoundAt(s, start, i); n > 0 {
				l.off = n
				if tabularOperators[s[start:n]] {
					return l.tok(OpName, start)
				}
				return l.tok(SymKeyword, start)
			}
		}
	}
	l.off = i
	return l.tok(wordKind(w), start)
}

func wordKind(w string) TokenKind {
	// No keyword or function name starts with an upper-case letter, and
	// most column names do: skip the lookup for them.
	if c := w[0]; c >= 'A' && c <= 'Z' || len(w) > maxWordKindLen {
		return IdentToken
	}
	h := wordHash(w)
	for {
		e := &wordTable[h]
		if e.word == "" {
			return IdentToken
		}
		if e.word == w {
			return e.kind
		}
		h = (h + 1) & (len(wordTable) - 1)
	}
}

// wordTable is an open-addressing hash table of wordKinds with a cheap hash
// of a few bytes; it is faster than a map for the lexer's one lookup a word.
var wordTable = func() *[4096]struct {
	word string
	kind TokenKind
} {
	t := new([4096]struct {
		word string
		kind TokenKind
	})
	for w, k := range wordKinds {
		h := wordHash(w)
		for t[h].word != "" {
			h = (h + 1) & (len(t) - 1)
		}
		t[h].word, t[h].kind = w, k
	}
	return t
}()

func wordHash(w string) int {
	n := len(w)
	h := uint32(n)*0x9E3779B1 ^ uint32(w[0])<<7 ^ uint32(w[n-1])*0x85EBCA6B ^ uint32(w[n/2])<<13 ^ uint32(w[n/3])*0xC2B2AE35
	h ^= h >> 15
	return int(h & 4095)
}

// wordKinds maps each plain word that is not an identifier to its kind, so
// the lexer does one lookup per word.
var wordKinds, maxWordKindLen = func() (map[string]TokenKind, int) {
	m := make(map[string]TokenKind, len(functionNames)+len(plainKeywords))
	n := 0
	add := func(set map[string]bool, k TokenKind) {
		for w := range set {
			if _, ok := m[w]; !ok {
				m[w] = k
				n = max(n, len(w))
			}
		}
	}
	add(tabularOperators, OpName)
	add(plainKeywords, Keyword)
	add(functionNames, FuncName)
	return m, n
}()

func isGooKeyword(w string) bool {
	switch w {
	case "datetime", "date", "timespan", "time", "guid", "long", "int64", "int", "int32", "real", "double",
		"decimal", "bool":
		return true
	}
	return false
}

// gooEnd returns the offset after the ')' that closes a goo literal whose
// text starts at i. If a line ends first, the literal ends there without
// its ')' (the parser reports it), as in the official lexer.
func gooEnd(s string, i int) int {
	for ; i < len(s); i++ {
		switch s[i] {
		case ')':
			return i + 1
		case '\n', '\r':
			return i
		}
	}
	return len(s)
}

// compoundAt returns the end of the longest compound keyword (one holding
// '-', '.' or a space) that starts at start and extends past the word ending
// at i, or 0.
func compoundAt(s string, start, i int) int {
	best := 0
	for {
		if i >= len(s) {
			return best
		}
		c := s[i]
		if c != '-' && c != '.' && c != ' ' {
			return best
		}
		j := i + 1
		for j < len(s) && isIdentChar(s[j]) {
			j++
		}
		if j == i+1 {
			return best
		}
		cand := s[start:j]
		if compoundKeywords[cand] && !(j < len(s) && s[j] == '~') {
			best = j
		} else if !compoundPrefix(cand) {
			return best
		}
		i = j
	}
}

// isCompoundHead reports whether w is the first part of a compound keyword,
// so that a word followed by a space, '-' or '.' is looked at further only
// when it may start one.
func isCompoundHead(w string) bool {
	switch w {
	case "assert", "commands", "granny", "graph", "hint", "macro", "make", "matches", "materialized", "mv", "parse",
		"partitioned", "project", "sample", "set", "top":
		return true
	}
	return false
}

// compoundPrefix reports whether p is a proper prefix, at a part boundary, of
// some compound keyword, e.g. "graph-where" of "graph-where-nodes".
func compoundPrefix(p string) bool {
	switch p {
	case "materialized-view", "graph-where", "graph-mark", "graph-shortest", "graph-to", "set-or",
		"commands-and", "project-by":
		return true
	}
	return false
}

// quoted lexes '...' or "..." starting at the quote and checks the escapes.
func (l *lexer) quoted(q byte) TokenKind {
	s := l.src
	i := l.off + 1
	kind := String
	for i < len(s) {
		c := s[i]
		switch c {
		case q:
			l.off = i + 1
			return kind
		case '\n', '\r':
			l.off = i
			return BadString
		case '\\':
			if n := escapeLen(s, i); n > 0 {
				i += n
				continue
			}
			kind = BadString
			i++
			continue
		}
		i++
	}
	l.off = i
	return BadString
}

// escapeLen returns the length of the valid escape sequence at s[i] == '\\', or 0.
func escapeLen(s string, i int) int {
	if i+1 >= len(s) {
		return 0
	}
	switch s[i+1] {
	case '\\', '\'', '"', 'a', 'b', 'f', 'n', 'r', 't', 'v':
		return 2
	case 'u':
		return hexRun(s, i+2, 4)
	case 'U':
		return hexRun(s, i+2, 8)
	case 'x':
		return hexRun(s, i+2, 2)
	}
	if c := s[i+1]; c >= '0' && c <= '7' {
		n := 2
		for n < 4 && i+n < len(s) && s[i+n] >= '0' && s[i+n] <= '7' {
			n++
		}
		return n
	}
	return 0
}

func hexRun(s string, i, n int) int {
	if len(s)-i < n {
		return 0
	}
	for k := range n {
		if !isHex(s[i+k]) {
			return 0
		}
	}
	return n + 2
}

// verbatim lexes @'...' or @"..." from the quote; a doubled quote stands for one.
func (l *lexer) verbatim(q byte) TokenKind {
	s := l.src
	i := l.off + 1
	for i < len(s) {
		c := s[i]
		if c == q {
			if i+1 < len(s) && s[i+1] == q {
				i += 2
				continue
			}
			l.off = i + 1
			return String
		}
		if c == '\n' || c == '\r' {
			l.off = i
			return BadString
		}
		i++
	}
	l.off = i
	return BadString
}

// multiline lexes a ```...``` or ~~~...~~~ string from its opening delimiter.
func (l *lexer) multiline(d string) TokenKind {
	s := l.src
	if j := strings.Index(s[l.off+3:], d); j >= 0 {
		l.off += 3 + j + 3
		return String
	}
	l.off = len(s)
	return BadString
}

// number lexes, in the official order, a raw guid, a real, a timespan, a
// long, or else an identifier that starts with a digit.
func (l *lexer) number(start int) Token {
	s := l.src
	if n := guidLen(s, start); n > 0 {
		l.off = start + n
		return l.tok(RawGuid, start)
	}
	i := start
	if s[i] == '0' && i+1 < len(s) && (s[i+1] == 'x' || s[i+1] == 'X') && i+2 < len(s) && isHex(s[i+2]) {
		i += 2
		for i < len(s) && isHex(s[i]) {
			i++
		}
		if i >= len(s) || !isIdentChar(s[i]) {
			l.off = i
			return l.tok(Long, start)
		}
		return l.identFrom(start)
	}
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	kind := Long
	if i < len(s) && s[i] == '.' && !hasPrefixAt(s, i, "..") {
		kind = Real
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			if j >= len(s) || !isIdentChar(s[j]) {
				l.off = j
				return l.tok(Real, start)
			}
		}
	}
	if i < len(s) && isIdentChar(s[i]) {
		j := i
		for j < len(s) && isIdentChar(s[j]) {
			j++
		}
		if isTimespanSuffix(s[i:j]) {
			l.off = j
			return l.tok(Timespan, start)
		}
		if kind == Long {
			return l.identFrom(start)
		}
		// A real followed by letters: the real, then a word.
	}
	l.off = i
	return l.tok(kind, start)
}

func (l *lexer) identFrom(start int) Token {
	i := start
	for i < len(l.src) && isIdentChar(l.src[i]) {
		i++
	}
	l.off = i
	return l.tok(wordKind(l.src[start:i]), start)
}

func isTimespanSuffix(w string) bool {
	switch w {
	case "d", "day", "days", "h", "hr", "hrs", "hour", "hours", "m", "min", "minute", "minutes", "s", "sec",
		"second", "seconds", "ms", "milli", "millis", "millisec", "millisecond", "milliseconds", "micro",
		"micros", "microsec", "microsecond", "microseconds", "nano", "nanos", "nanosec", "nanosecond",
		"nanoseconds", "tick", "ticks":
		return true
	}
	return false
}

// guidLen returns 36 if a raw guid (8-4-4-4-12 hex digits, not followed by an
// identifier character) starts at i, else 0.
func guidLen(s string, i int) int {
	if len(s)-i < 36 || s[i+8] != '-' {
		return 0 // most words and numbers fail the cheap test
	}
	for k := range 36 {
		c := s[i+k]
		switch k {
		case 8, 13, 18, 23:
			if c != '-' {
				return 0
			}
		default:
			if !isHex(c) {
				return 0
			}
		}
	}
	if i+36 < len(s) && isIdentChar(s[i+36]) {
		return 0
	}
	return 36
}
