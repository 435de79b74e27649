package catalog

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// label is one line of the corpus's LABELS.jsonl: a query the official
// tooling found in a file, with the line where its text starts.
type label struct {
	Path   string `json:"path"`
	Index  int    `json:"index"`
	Format string `json:"format"`
	Line   int    `json:"line"`
	Query  string `json:"query"`
	Errors []any  `json:"official_syntax_errors"`
}

// TestLabels checks that the loader finds the queries of LABELS.jsonl,
// starting on the same lines and with the same text. The labels count every
// fence of a markdown page; blocks the official parser rejects (command
// lines, CVE lists) may be left out.
func TestLabels(t *testing.T) {
	needCorpus(t)
	f, err := os.Open(filepath.Join(corpusDir, "LABELS.jsonl"))
	if err != nil {
		t.Skip("no LABELS.jsonl")
	}
	defer f.Close()
	byFile := map[string][]label{}
	var order []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var l label
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(corpusDir, strings.TrimPrefix(l.Path, "shared/corpus/"))
		if byFile[p] == nil {
			order = append(order, p)
		}
		byFile[p] = append(byFile[p], l)
	}
	missing, skipped, textBad, extra, total := 0, 0, 0, 0, 0
	for _, p := range order {
		ls := byFile[p]
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		r := LoadBytes(filepath.ToSlash(p), src)[0]
		byLine := map[int]*Query{}
		for i := range r.Queries {
			line, _ := r.Queries[i].Position(0)
			byLine[line] = &r.Queries[i]
		}
		total += len(ls)
		for _, l := range ls {
			q := byLine[l.Line]
			delete(byLine, l.Line)
			switch {
			case q == nil && len(l.Errors) > 0:
				skipped++ // a block the official parser rejects too: not KQL
			case q == nil:
				missing++
				t.Errorf("%s: no query starts on line %d (label %d)", p, l.Line, l.Index)
			case strings.TrimSpace(q.Text) != strings.TrimSpace(l.Query):
				textBad++
				t.Errorf("%s: query on line %d = %q, label has %q", p, l.Line, q.Text, l.Query)
			}
		}
		extra += len(byLine)
		for line := range byLine {
			t.Errorf("%s: query on line %d is not in the labels", p, line)
		}
	}
	t.Logf("%d labelled queries in %d files: %d found, %d invalid blocks skipped, %d missing, %d with other text, %d unlabelled",
		total, len(order), total-skipped-missing-textBad, skipped, missing, textBad, extra)
}
