package catalog

// decodeKQL reads a bare query file: one rule, named after the file by
// decode, whose single query is the whole text.
func decodeKQL(name string, src []byte) *Rule {
	ls := NewLines(src)
	r := &Rule{File: name, Format: FormatKQL, Lines: ls}
	q := Query{Text: string(src), Map: make([]Segment, 0, len(ls))}
	for i, off := range ls {
		if off >= len(src) && i > 0 {
			break
		}
		// off is where line i+1 starts.
		q.Map = append(q.Map, Segment{Off: off, Line: i + 1, Col: 1})
	}
	q.Span.Line, q.Span.Col = 1, 1
	q.Span.EndLine, q.Span.EndCol = ls.Position(len(src))
	r.Queries = []Query{q}
	r.Suppressions = suppressions(src, "//", "")
	return r
}
