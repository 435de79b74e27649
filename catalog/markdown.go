package catalog

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// A markdown hunting-query page is one rule. It is read as follows.
//
//   - Name: the first heading; the file name when there is none.
//   - Description: the section headed "Description" (or "Detection
//     description", "Query description", "Summary"); else the first
//     paragraph of the page that is not a heading, table or code.
//   - FalsePositives, Risk, References: the sections of those names (any
//     case, singular or plural); references are the URLs in that section.
//   - Techniques: ids like T1234 and T1234.001 in tables and list items
//     outside code; a table with "Technique" and "Subtechnique" columns
//     ("T1550" and "003") gives "T1550.003".
//   - Tactics: a table column headed "Tactic" ("TA0005 - Defense Evasion"),
//     or the rows marked in a "Covered?" column of Microsoft's "Technique,
//     tactic, or state" table; written as Sentinel writes them
//     ("DefenseEvasion").
//   - Queries: every fenced block tagged kql or kusto (any case), and every
//     fence with no language under a heading that mentions query, sentinel,
//     defender, kql, kusto or hunting, or with no heading above it but the
//     page title (bare fences under "Description" hold command lines or CVE
//     lists, not KQL), and every fence of a section that says "Language:
//     Kusto" (FalconFriday tags its KQL "C#"). Other fences (powershell,
//     json) are examples, not queries. Each query is labelled with the
//     nearest heading above it.

// mdSection is one heading and the raw markdown up to the next heading.
type mdSection struct {
	title      string
	start, end int // byte range of the body
}

// mdFence is one fenced code block.
type mdFence struct {
	lang       string
	label      string // nearest heading above
	underTitle bool   // no heading above it but the page title
	declared   bool   // its section says "Language: Kusto"
	segs       []text.Segment
	firstLine  int // of the opening fence
	lastLine   int // of the closing fence
}

var (
	queryHeading = regexp.MustCompile(`(?i)query|queries|sentinel|defender|kql|kusto|hunting`)
	techniqueRef = regexp.MustCompile(`\bT\d{4}(?:\.\d{3})?\b`)
	urlRef       = regexp.MustCompile(`https?://[^\s)<>\]"'` + "`" + `]+`)
	tacticRef    = regexp.MustCompile(`^(?:TA\d{4}\s*[-:]\s*)?(.+)$`)
	// badTechnique is a technique cell that is not a well-formed id: T12345,
	// T1059.1, t1059.
	badTechnique = regexp.MustCompile(`^[Tt]\d+(?:\.\d+)?$`)
	// kustoLanguage is a "**Language:** Kusto" line, which some pages put
	// before a fence tagged with another language.
	kustoLanguage = regexp.MustCompile(`(?i)^\W*language\W*(kusto|kql)\W*$`)

	// tacticSpelling and emphasis are the replacers of tacticName and
	// headingText; a Replacer is safe for concurrent use.
	tacticSpelling = strings.NewReplacer(" ", "", "-", "", "_", "", "&", "and")
	emphasis       = strings.NewReplacer("**", "", "__", "", "`", "")
)

// mdParser parses every page. It is goldmark's default parser without the
// inline parsers: a page is read from its blocks (headings, paragraphs and
// fences by their lines), which inline markup never changes. Like a
// compiled regexp it is safe for concurrent use: goldmark sets it up once,
// under a sync.Once, on the first Parse, and keeps the state of a parse in
// its context.
var mdParser = parser.NewParser(
	parser.WithBlockParsers(parser.DefaultBlockParsers()...),
	parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
)

// tactics are ATT&CK tactic names as Sentinel spells them.
var tactics = []string{
	"Reconnaissance", "ResourceDevelopment", "InitialAccess", "Execution", "Persistence",
	"PrivilegeEscalation", "DefenseEvasion", "CredentialAccess", "Discovery", "LateralMovement",
	"Collection", "CommandAndControl", "Exfiltration", "Impact", "ImpairProcessControl",
	"InhibitResponseFunction", "PreAttack",
}

// tacticName returns the Sentinel spelling of a tactic written in prose
// ("Command and control" → "CommandAndControl"), or "".
func tacticName(s string) string {
	m := tacticRef.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return ""
	}
	key := tacticSpelling.Replace(m[1])
	for _, t := range tactics {
		if strings.EqualFold(t, key) {
			return t
		}
	}
	return ""
}

// decodeMarkdown reads one markdown hunting-query page.
func decodeMarkdown(name string, src []byte) *Rule {
	ls := NewLines(src)
	r := &Rule{File: name, Format: FormatMarkdown, Lines: ls}
	r.Suppressions = suppressions(src, "<!--", "-->")

	doc := mdParser.Parse(text.NewReader(src))
	var sections []mdSection
	var fences []mdFence
	var firstPara *ast.Paragraph
	label := ""
	kusto := false // the current section declares its language Kusto
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			title, line := headingText(n, src, ls)
			if title == "" {
				return ast.WalkSkipChildren, nil
			}
			if len(sections) > 0 {
				sections[len(sections)-1].end = ls[line-1]
			}
			body := len(src)
			if line < len(ls) {
				body = ls[line]
			}
			sections = append(sections, mdSection{title: title, start: body, end: len(src)})
			if r.Name.IsZero() {
				l, c := ls.Position(n.Lines().At(0).Start)
				r.Name = Value{Text: title, Span: Span{Line: l, Col: c, EndLine: l, EndCol: c + len(title)}}
			}
			label = title
			kusto = false
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock:
			f := mdFence{lang: strings.ToLower(string(n.Language(src))), label: label,
				underTitle: len(sections) <= 1, declared: kusto}
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				f.segs = append(f.segs, lines.At(i))
			}
			if n.Info != nil {
				f.firstLine, _ = ls.Position(n.Info.Segment.Start)
			} else if len(f.segs) > 0 {
				l, _ := ls.Position(f.segs[0].Start)
				f.firstLine = l - 1
			}
			if len(f.segs) > 0 {
				l, _ := ls.Position(f.segs[len(f.segs)-1].Start)
				f.lastLine = l + 1
			} else {
				f.lastLine = f.firstLine + 1
			}
			fences = append(fences, f)
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph:
			if firstPara == nil && n.Lines().Len() > 0 {
				firstPara = n
			}
			for i := 0; i < n.Lines().Len(); i++ {
				if seg := n.Lines().At(i); kustoLanguage.Match(seg.Value(src)) {
					kusto = true
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})

	for _, s := range sections {
		key := strings.ToLower(strings.Trim(s.title, " :*_#"))
		body := strings.TrimSpace(string(src[s.start:s.end]))
		switch {
		case r.Description.IsZero() && (key == "description" || key == "detection description" ||
			key == "query description" || key == "summary" || key == "goal"):
			r.Description = mdValue(src, ls, s)
		case key == "false positive" || key == "false positives" || key == "known false positives" ||
			key == "false-positives" || key == "false-positive":
			r.FalsePositives = body
		case key == "risk" || key == "risks":
			r.Risk = body
		case key == "references" || key == "reference" || key == "links":
			for _, u := range urlRef.FindAllString(body, -1) {
				r.References = append(r.References, strings.TrimRight(u, ".,;"))
			}
		}
	}
	if r.Description.IsZero() && firstPara != nil {
		lines := firstPara.Lines()
		start, stop := lines.At(0).Start, lines.At(lines.Len()-1).Stop
		l, c := ls.Position(start)
		el, ec := ls.Position(stop)
		r.Description = Value{Text: strings.TrimSpace(string(src[start:stop])), Span: Span{Line: l, Col: c, EndLine: el, EndCol: ec}}
	}

	inCode := make([]bool, len(ls)+2)
	for _, f := range fences {
		for l := max(f.firstLine, 1); l <= f.lastLine && l < len(inCode); l++ {
			inCode[l] = true
		}
	}
	mdAttack(r, src, ls, inCode)

	for _, f := range fences {
		isQuery := f.lang == "kql" || f.lang == "kusto" || f.declared
		if f.lang == "" && (f.underTitle || queryHeading.MatchString(f.label)) {
			isQuery = true
		}
		if !isQuery {
			continue
		}
		r.Queries = append(r.Queries, fenceQuery(f, src, ls))
	}
	if len(r.Queries) == 0 {
		r.Diagnostics = append(r.Diagnostics, noQuery(name, fences))
	}
	return r
}

// noQuery is the query-missing diagnostic of a page none of whose fences
// is a query: at its first fence, naming the languages they are tagged.
func noQuery(name string, fences []mdFence) Diagnostic {
	if len(fences) == 0 {
		return Diagnostic{File: name, Line: 1, Col: 1, Severity: Warning, Check: "query-missing",
			Message: "no query found in the file; it has no fenced code block"}
	}
	var langs []string
	for _, f := range fences {
		l := strconv.Quote(f.lang)
		if f.lang == "" {
			l = "untagged"
		}
		if !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	return Diagnostic{File: name, Line: max(fences[0].firstLine, 1), Col: 1, Severity: Warning, Check: "query-missing",
		Message: "no query found in the file; its fenced blocks are " + strings.Join(langs, ", ") + ", not kql or kusto"}
}

// headingText returns a heading's text without emphasis markers, and its
// line.
func headingText(h *ast.Heading, src []byte, ls Lines) (string, int) {
	lines := h.Lines()
	if lines.Len() == 0 {
		return "", 0
	}
	var sb strings.Builder
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		sb.Write(seg.Value(src))
	}
	line, _ := ls.Position(lines.At(0).Start)
	t := strings.TrimSpace(emphasis.Replace(sb.String()))
	return t, line
}

// mdValue is the trimmed body of a section with its span.
func mdValue(src []byte, ls Lines, s mdSection) Value {
	start, end := s.start, s.end
	for start < end && (src[start] == ' ' || src[start] == '\n' || src[start] == '\r' || src[start] == '\t') {
		start++
	}
	for end > start && (src[end-1] == ' ' || src[end-1] == '\n' || src[end-1] == '\r' || src[end-1] == '\t') {
		end--
	}
	l, c := ls.Position(start)
	el, ec := ls.Position(end)
	return Value{Text: string(src[start:end]), Span: Span{Line: l, Col: c, EndLine: el, EndCol: ec}}
}

// fenceQuery builds the query of a fenced block: one map segment per line.
func fenceQuery(f mdFence, src []byte, ls Lines) Query {
	q := Query{Label: f.label}
	var sb strings.Builder
	for _, seg := range f.segs {
		line, col := ls.Position(seg.Start)
		if seg.Padding > 0 {
			// Tabs expanded by goldmark: the spaces stand for the byte
			// before the segment.
			pl, pc := ls.Position(max(seg.Start-1, 0))
			q.Map = append(q.Map, Segment{Off: sb.Len(), Line: pl, Col: pc})
			sb.WriteString(strings.Repeat(" ", seg.Padding))
		}
		q.Map = append(q.Map, Segment{Off: sb.Len(), Line: line, Col: col})
		sb.Write(src[seg.Start:seg.Stop])
	}
	q.Text = sb.String()
	if len(f.segs) > 0 {
		q.Span.Line, q.Span.Col = ls.Position(f.segs[0].Start)
		stop := f.segs[len(f.segs)-1].Stop
		for stop > f.segs[0].Start && (src[stop-1] == '\n' || src[stop-1] == '\r') {
			stop--
		}
		q.Span.EndLine, q.Span.EndCol = ls.Position(stop)
	} else {
		q.Span.Line, q.Span.Col = f.firstLine+1, 1
	}
	return q
}

// mdAttack finds technique ids and tactics in the tables and list items of
// the page, outside code.
func mdAttack(r *Rule, src []byte, ls Lines, inCode []bool) {
	seenT := map[string]bool{}
	addT := func(id string, off int) {
		if seenT[id] {
			return
		}
		seenT[id] = true
		l, c := ls.Position(off)
		r.Techniques = append(r.Techniques, Value{Text: id, Span: Span{Line: l, Col: c, EndLine: l, EndCol: c + len(id)}})
	}
	seenA := map[string]bool{}
	addA := func(name string, off, n int) {
		if name == "" || seenA[name] {
			return
		}
		seenA[name] = true
		l, c := ls.Position(off)
		r.Tactics = append(r.Tactics, Value{Text: name, Span: Span{Line: l, Col: c, EndLine: l, EndCol: c + n}})
	}

	inTable := false // the header row of the table being read has been seen
	var cols mdColumns
	text := "" // the page as a string, once a line needs one
	slice := func(start, end int) string {
		if text == "" {
			text = string(src)
		}
		return text[start:end]
	}
	for i := range ls {
		line := i + 1
		start := ls[i]
		end, _ := lineEnd(src, start)
		s := bytes.TrimSpace(src[start:end])
		if inCode[line] || !bytes.HasPrefix(s, []byte("|")) {
			inTable = false
			if !inCode[line] && isListItem(s) && mayHoldTechnique(src[start:end]) {
				raw := slice(start, end)
				for _, m := range techniqueRef.FindAllStringIndex(raw, -1) {
					if m[0] > 0 && raw[m[0]-1] == '/' {
						continue
					}
					addT(raw[m[0]:m[1]], start+m[0])
				}
			}
			continue
		}
		raw := slice(start, end)
		cells := tableCells(raw, start)
		if !inTable {
			inTable, cols = true, columnsOf(cells)
			continue
		}
		if isSeparatorRow(cells) {
			continue
		}
		hasT := mayHoldTechnique(src[start:end])
		for k, c := range cells {
			if !hasT {
				break
			}
			if k == cols.tech && badTechnique.MatchString(c.text) && techniqueRef.FindString(c.text) != c.text {
				addT(c.text, c.off) // malformed, kept for attack-technique-unknown
				continue
			}
			for _, m := range techniqueRef.FindAllStringIndex(c.text, -1) {
				if m[0] > 0 && c.text[m[0]-1] == '/' {
					continue // part of a link to the technique
				}
				id := c.text[m[0]:m[1]]
				if k == cols.tech && cols.sub >= 0 && cols.sub < len(cells) && !strings.Contains(id, ".") {
					if sub := strings.TrimSpace(cells[cols.sub].text); len(sub) == 3 && strings.Trim(sub, "0123456789") == "" {
						id += "." + sub
					}
				}
				addT(id, c.off+m[0])
			}
		}
		if cols.tactic >= 0 && cols.tactic < len(cells) {
			c := cells[cols.tactic]
			name := tacticName(c.text)
			if m := tacticRef.FindStringSubmatch(c.text); name == "" && m != nil && strings.Trim(m[1], " -") != "" {
				name = m[1] // kept as written, for attack-tactic-unknown
			}
			addA(name, c.off, len(c.text))
		}
		if cols.state >= 0 && cols.covered >= 0 && cols.state < len(cells) && cols.covered < len(cells) &&
			strings.TrimSpace(cells[cols.covered].text) != "" {
			c := cells[cols.state]
			addA(tacticName(c.text), c.off, len(c.text))
		}
	}
}

// mdColumns says which columns of a table mdAttack reads; -1 for one the
// table does not have.
type mdColumns struct{ tech, sub, tactic, covered, state int }

// columnsOf finds the columns mdAttack reads from a table's header row.
func columnsOf(header []mdCell) mdColumns {
	c := mdColumns{-1, -1, -1, -1, -1}
	for k, cell := range header {
		switch h := strings.ToLower(cell.text); {
		case strings.Contains(h, "subtechnique") || strings.Contains(h, "sub-technique"):
			c.sub = k
		case strings.HasPrefix(h, "technique, tactic"):
			c.state = k
		case strings.Contains(h, "technique") && !strings.Contains(h, "name") && !strings.Contains(h, "title") && c.tech < 0:
			c.tech = k
		case strings.HasPrefix(h, "tactic"):
			c.tactic = k
		case strings.HasPrefix(h, "covered"):
			c.covered = k
		}
	}
	return c
}

// mdCell is one trimmed table cell and its file offset.
type mdCell struct {
	text string
	off  int
}

// tableCells splits a "| a | b |" row; off is the file offset of raw.
func tableCells(raw string, off int) []mdCell {
	var cells []mdCell
	i := strings.IndexByte(raw, '|') + 1
	for i <= len(raw) {
		j := strings.IndexByte(raw[i:], '|')
		if j < 0 {
			j = len(raw) - i
		}
		cell := raw[i : i+j]
		t := strings.TrimSpace(cell)
		if !(i+j == len(raw) && t == "") {
			cells = append(cells, mdCell{text: t, off: off + i + strings.Index(cell, t)})
		}
		i += j + 1
	}
	return cells
}

// isSeparatorRow reports whether a table row is the "|---|:--|" line.
func isSeparatorRow(cells []mdCell) bool {
	for _, c := range cells {
		if strings.Trim(c.text, "-: ") != "" {
			return false
		}
	}
	return len(cells) > 0
}

// mayHoldTechnique reports whether line has a "T" followed by a digit,
// which every match of techniqueRef starts with.
func mayHoldTechnique(line []byte) bool {
	for i := 0; i+1 < len(line); i++ {
		if line[i] == 'T' && line[i+1] >= '0' && line[i+1] <= '9' {
			return true
		}
	}
	return false
}

// isListItem reports whether a trimmed line starts a list item.
func isListItem(s []byte) bool {
	if len(s) >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ' {
		return true
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' '
}
