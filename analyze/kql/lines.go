package kql

import (
	"sort"
	"unicode/utf8"
)

// Lines maps byte offsets of one text to 1-based line and column numbers;
// Lines[i] is the offset where line i+1 starts. Columns count bytes.
type Lines []int

// NewLines returns the line table of src. A line ends at "\n", "\r\n", a
// lone "\r", U+2028 or U+2029, as in the official lexer.
func NewLines(src string) Lines {
	ls := Lines{0}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			ls = append(ls, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			ls = append(ls, i+1)
		case 0xE2:
			if r, n := utf8.DecodeRuneInString(src[i:]); r == 0x2028 || r == 0x2029 {
				i += n - 1
				ls = append(ls, i+1)
			}
		}
	}
	return ls
}

// Position returns the 1-based line and column of byte offset off.
func (ls Lines) Position(off int) (line, col int) {
	i := sort.SearchInts(ls, off+1) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, off - ls[i] + 1
}

// LineCol returns the 1-based line and byte column of p in src. For many
// lookups in one text, build a Lines table once with NewLines.
func LineCol(src string, p Pos) (line, col int) {
	return NewLines(src).Position(int(p))
}
