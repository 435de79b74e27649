package catalog

import "bytes"

// decodeKQL reads a bare query file: one rule named after the file, whose
// single query is the whole text (after a UTF-8 byte order mark).
func decodeKQL(name string, src []byte) *Rule {
	ls := NewLines(src)
	r := &Rule{
		File:   name,
		Format: FormatKQL,
		Name:   Value{Text: baseName(name), Span: Span{Line: 1, Col: 1}},
		Lines:  ls,
	}
	start := 0
	if bytes.HasPrefix(src, utf8BOM) {
		start = len(utf8BOM)
	}
	q := Query{Text: string(src[start:]), Map: make([]Segment, 0, len(ls))}
	for i, off := range ls {
		if off < start {
			off = start
		}
		if off >= len(src) && i > 0 {
			break
		}
		// off is on line i+1: ls.Position without the search.
		q.Map = append(q.Map, Segment{Off: off - start, Line: i + 1, Col: off - ls[i] + 1})
	}
	q.Span.Line, q.Span.Col = ls.Position(start)
	q.Span.EndLine, q.Span.EndCol = ls.Position(len(src))
	r.Queries = []Query{q}
	r.Suppressions = suppressions(src, ls, "//", "")
	return r
}
