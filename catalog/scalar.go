package catalog

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// This file maps the decoded text of a YAML scalar back to the bytes of the
// file it came from. yaml.v3 gives only where a scalar starts, so the scalar
// is decoded a second time here, the way libyaml does it, recording for each
// decoded byte the file offset it came from. The result is checked against
// yaml.v3's own value; when they differ (a shape not handled here) the map
// falls back to the scalar's start.

// mapBuilder accumulates decoded text and its map to file offsets. In check
// mode it records nothing and only compares each byte with want, for
// callers that need where a scalar ends but not its map.
type mapBuilder struct {
	src  []byte
	ls   Lines
	text []byte
	segs []Segment
	last int // file offset of the previous byte, -1 at start
	n    int // bytes decoded so far

	check   bool
	want    string
	differs bool // in check mode: the decoded text is not a prefix of want
}

func newMapBuilder(src []byte, ls Lines) *mapBuilder {
	return &mapBuilder{src: src, ls: ls, last: -1}
}

// add appends byte c, which comes from file offset at. A new segment starts
// whenever the file run is broken, or the previous byte ended a line.
func (b *mapBuilder) add(c byte, at int) {
	if b.check {
		b.compare(c)
		b.last = at
		return
	}
	if b.last < 0 || at != b.last+1 || b.src[b.last] == '\n' {
		line, col := b.ls.Position(at)
		b.segs = append(b.segs, Segment{Off: len(b.text), Line: line, Col: col})
	}
	b.text = append(b.text, c)
	b.n++
	b.last = at
}

// addRun appends src[s:e], which holds no line break: after its first
// byte it continues the segment, as add would byte by byte.
func (b *mapBuilder) addRun(s, e int) {
	if s >= e {
		return
	}
	b.add(b.src[s], s)
	rest := b.src[s+1 : e]
	if b.check {
		if b.n+len(rest) > len(b.want) || string(rest) != b.want[b.n:b.n+len(rest)] {
			b.differs = true
		}
	} else {
		b.text = append(b.text, rest...)
	}
	b.n += len(rest)
	b.last = e - 1
}

// compare checks decoded byte c against want.
func (b *mapBuilder) compare(c byte) {
	if b.n >= len(b.want) || b.want[b.n] != c {
		b.differs = true
	}
	b.n++
}

// addString appends s, all of whose bytes stand for the one file offset at
// (an escape sequence or a folded line break).
func (b *mapBuilder) addString(s string, at int) {
	for i := 0; i < len(s); i++ {
		if i == 0 {
			b.add(s[i], at)
			continue
		}
		if b.check {
			b.compare(s[i])
			b.last = at
			continue
		}
		// Same offset again: a new segment at the same place.
		line, col := b.ls.Position(at)
		b.segs = append(b.segs, Segment{Off: len(b.text), Line: line, Col: col})
		b.text = append(b.text, s[i])
		b.n++
		b.last = at
	}
}

// nodeOffset returns the file offset of the node's start (yaml.v3 counts
// columns in characters, not bytes). yaml.v3 also counts a lone "\r" as a
// line break, which Lines does not; such positions are clamped into the
// file.
func nodeOffset(src []byte, ls Lines, line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(ls) {
		return len(src)
	}
	off := ls[line-1]
	for i := 1; i < col && off < len(src) && src[off] != '\n'; i++ {
		if src[off] < utf8.RuneSelf {
			off++
			continue
		}
		_, n := utf8.DecodeRune(src[off:])
		off += n
	}
	return off
}

// scalarMap decodes scalar node n again from src and returns its map and the
// file offset just after the scalar. ok is false when the decoding does not
// match n.Value.
func scalarMap(src []byte, ls Lines, n *yaml.Node, parentIndent int) (segs []Segment, end int, ok bool) {
	b := newMapBuilder(src, ls)
	b.text = make([]byte, 0, len(n.Value))
	b.segs = make([]Segment, 0, strings.Count(n.Value, "\n")+1)
	start, end := decodeScalar(b, n, parentIndent)
	if string(b.text) != n.Value {
		// A shape not handled here: every byte maps to the start, which
		// is coarse but never points outside the file.
		line, col := ls.Position(start)
		segs = make([]Segment, 0, len(n.Value))
		for i := range len(n.Value) {
			segs = append(segs, Segment{Off: i, Line: line, Col: col})
		}
		return segs, start, false
	}
	return b.segs, end, true
}

// scalarMapEnd returns the end scalarMap would, without building the map.
func scalarMapEnd(src []byte, ls Lines, n *yaml.Node, parentIndent int) int {
	b := &mapBuilder{src: src, ls: ls, last: -1, check: true, want: n.Value}
	start, end := decodeScalar(b, n, parentIndent)
	if b.differs || b.n != len(n.Value) {
		return start
	}
	return end
}

// decodeScalar decodes scalar node n into b and returns the file offsets
// of its start and just after it.
func decodeScalar(b *mapBuilder, n *yaml.Node, parentIndent int) (start, end int) {
	src := b.src
	start = nodeOffset(src, b.ls, n.Line, n.Column)
	start = skipProperties(src, start)
	switch {
	case start >= len(src):
		// A position past the file: yaml.v3 counted a lone "\r" as a
		// line break.
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		end = blockScalar(b, start, parentIndent)
	case n.Style&yaml.DoubleQuotedStyle != 0:
		end = quotedScalar(b, start, true)
	case n.Style&yaml.SingleQuotedStyle != 0:
		end = quotedScalar(b, start, false)
	default:
		end = plainScalar(b, start, len(n.Value))
	}
	return start, end
}

// skipProperties skips a tag ("!!str") and an anchor ("&a") before a scalar.
func skipProperties(src []byte, i int) int {
	for i < len(src) && (src[i] == '!' || src[i] == '&') {
		for i < len(src) && !isSpace(src[i]) && src[i] != '\n' && src[i] != '\r' {
			i++
		}
		for i < len(src) && isSpace(src[i]) {
			i++
		}
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// lineEnd returns the end of the line content at or after i (before "\n",
// "\r\n" or a lone "\r", which YAML also counts as a line break) and the
// start of the next line.
func lineEnd(src []byte, i int) (contentEnd, next int) {
	for i < len(src) && src[i] != '\n' && src[i] != '\r' {
		i++
	}
	switch {
	case i >= len(src):
		return i, i
	case src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n':
		return i, i + 2
	}
	return i, i + 1
}

// blockScalar decodes a literal ("|") or folded (">") block scalar whose
// indicator is at start.
func blockScalar(b *mapBuilder, start, parentIndent int) int {
	src := b.src
	folded := src[start] == '>'
	i := start + 1
	chomp, explicit := byte(0), 0
	for k := 0; k < 2 && i < len(src); k++ {
		switch c := src[i]; {
		case c == '+' || c == '-':
			chomp = c
			i++
		case c >= '1' && c <= '9':
			explicit = int(c - '0')
			i++
		}
	}
	_, i = lineEnd(src, i) // rest of the header line: spaces and a comment

	// The lines of the scalar: [start, contentEnd) and the break after it.
	type line struct{ start, end, brk int }
	var lines []line
	indent := 0
	if explicit > 0 {
		indent = max(parentIndent, 0) + explicit
	} else {
		// Auto-detect: the widest run of leading spaces up to and
		// including the first non-empty line, as libyaml does.
		for j := i; j < len(src); {
			k := j
			for k < len(src) && src[k] == ' ' {
				k++
			}
			indent = max(indent, k-j)
			e, next := lineEnd(src, k)
			if e > k {
				break
			}
			if next == j {
				break
			}
			j = next
		}
		indent = max(indent, parentIndent+1, 1)
	}
	end := i
	for j := i; j < len(src); {
		k := j
		for k < len(src) && src[k] == ' ' && k-j < indent {
			k++
		}
		e, next := lineEnd(src, k)
		if k-j < indent && e > k {
			break // a less indented non-empty line ends the scalar
		}
		if k-j < indent && e == k && (k < len(src) && src[k] == '\t') {
			break
		}
		lines = append(lines, line{k, e, e})
		end = next
		if next == j {
			break
		}
		j = next
	}
	// Drop a final pseudo-line at end of file with nothing in it.
	if n := len(lines); n > 0 && lines[n-1].start == len(src) {
		lines = lines[:n-1]
	}
	last := -1 // last line with content
	for n, l := range lines {
		if l.end > l.start {
			last = n
		}
	}
	brk := func(l line) int {
		if l.brk < len(src) {
			return l.brk
		}
		return max(l.end-1, 0)
	}
	// Leading empty lines are kept as breaks.
	n := 0
	for ; n <= last && lines[n].end == lines[n].start; n++ {
		b.add('\n', brk(lines[n]))
	}
	for ; n <= last; n++ {
		l := lines[n]
		b.addRun(l.start, l.end)
		if n == last {
			break
		}
		// Breaks up to the next content line.
		m := n + 1
		for m < last && lines[m].end == lines[m].start {
			m++
		}
		blank := func(l line) bool { return l.end > l.start && isSpace(src[l.start]) }
		if folded && !blank(l) && !blank(lines[m]) {
			if m == n+1 {
				b.add(' ', brk(l))
			}
			for k := n + 1; k < m; k++ {
				b.add('\n', brk(lines[k]))
			}
		} else {
			for k := n; k < m; k++ {
				b.add('\n', brk(lines[k]))
			}
		}
		n = m - 1
	}
	if last < 0 {
		// Only empty lines: libyaml keeps them only with "+".
		if chomp == '+' {
			for _, l := range lines {
				b.add('\n', brk(l))
			}
		}
		return end
	}
	switch chomp {
	case '-':
	case '+':
		for k := last; k < len(lines); k++ {
			if lines[k].brk < len(src) {
				b.add('\n', lines[k].brk)
			}
		}
	default:
		if lines[last].brk < len(src) {
			b.add('\n', lines[last].brk)
		}
	}
	return end
}

// quotedScalar decodes a single- or double-quoted scalar whose opening quote
// is at start.
func quotedScalar(b *mapBuilder, start int, double bool) int {
	src := b.src
	q := src[start]
	i := start + 1
	for i < len(src) {
		c := src[i]
		switch {
		case !double && c == '\'' && i+1 < len(src) && src[i+1] == '\'':
			b.add('\'', i)
			i += 2
		case c == q:
			return i + 1
		case double && c == '\\' && i+1 < len(src):
			e := src[i+1]
			if e == '\n' || e == '\r' {
				// Escaped line break: join with nothing, skip indentation.
				_, j := lineEnd(src, i+1)
				for j < len(src) && isSpace(src[j]) {
					j++
				}
				i = j
				continue
			}
			s, n := unescape(src[i:])
			b.addString(s, i)
			i += n
		case c == '\n' || c == '\r' || isSpace(c):
			i = whitespace(b, i)
		default:
			b.add(c, i)
			i++
		}
	}
	return i
}

// whitespace maps the run of spaces and line breaks at i of a flow scalar:
// kept inside a line, folded across lines. It returns the offset after it.
func whitespace(b *mapBuilder, i int) int {
	src := b.src
	j := i
	for j < len(src) && isSpace(src[j]) {
		j++
	}
	if j < len(src) && (src[j] == '\n' || src[j] == '\r') {
		return foldBreaks(b, j)
	}
	for k := i; k < j; k++ {
		b.add(src[k], k)
	}
	return j
}

// foldBreaks folds the line breaks starting at brk (a "\r" or "\n") and
// the indentation after them: one break becomes a space, n>1 breaks become
// n-1 newlines. It returns the offset of the next content byte.
func foldBreaks(b *mapBuilder, brk int) int {
	src := b.src
	var breaks []int
	i := brk
	for i < len(src) {
		_, next := lineEnd(src, i)
		breaks = append(breaks, i)
		i = next
		for i < len(src) && isSpace(src[i]) {
			i++
		}
		if i >= len(src) || (src[i] != '\n' && src[i] != '\r') {
			break
		}
	}
	if len(breaks) == 1 {
		b.add(' ', breaks[0])
	} else {
		for _, k := range breaks[1:] {
			b.add('\n', k)
		}
	}
	return i
}

// plainScalar decodes an unquoted scalar of n decoded bytes starting at
// start; plain scalars fold like quoted ones and trim each line.
func plainScalar(b *mapBuilder, start, n int) int {
	src := b.src
	i := start
	for i < len(src) && b.n < n {
		c := src[i]
		switch {
		case c == '\n' || c == '\r' || isSpace(c):
			i = whitespace(b, i)
		default:
			b.add(c, i)
			i++
		}
	}
	return i
}

// unescape decodes the escape sequence at the start of s (s[0] == '\\') and
// returns its text and length in s.
func unescape(s []byte) (string, int) {
	if t, ok := simpleEscapes[s[1]]; ok {
		return t, 2
	}
	var width int
	switch s[1] {
	case 'x':
		width = 2
	case 'u':
		width = 4
	case 'U':
		width = 8
	}
	if width == 0 || len(s) < 2+width {
		return string(s[1:2]), 2
	}
	v, err := strconv.ParseUint(string(s[2:2+width]), 16, 32)
	if err != nil {
		return string(s[1:2]), 2
	}
	return string(rune(v)), 2 + width
}

// simpleEscapes are YAML's one-character escapes in double-quoted scalars.
var simpleEscapes = map[byte]string{
	'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v",
	'f': "\f", 'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '/': "/", '\\': "\\",
	'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029",
}
