package analyze

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rulecat/rulecat/catalog"
)

// FuzzAnalyzeQuery checks that analysis never panics and that what it
// reports points into the query: stage texts are slices of it, stages are
// numbered from 1 and indicators have a field and a known kind.
func FuzzAnalyzeQuery(f *testing.F) {
	files, _ := filepath.Glob("testdata/analysis/*")
	for _, name := range files {
		if strings.HasSuffix(name, ".golden.json") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, r := range catalog.LoadBytes(name, src) {
			for _, q := range r.Queries {
				f.Add(q.Text)
			}
		}
	}
	f.Add("let f = (a:string) { T | where X == a };\nf(\"x\") | join (f(\"y\")) on K")
	f.Add("union (T | where A == 1), U* | mv-apply x = A on (where x > 1)")
	f.Fuzz(func(t *testing.T, src string) {
		q := &catalog.Query{Text: src, Span: catalog.Span{Line: 1, Col: 1}}
		for i, l := range catalog.NewLines([]byte(src)) {
			q.Map = append(q.Map, catalog.Segment{Off: l, Line: i + 1, Col: 1})
		}
		qa := AnalyzeQuery(q, nil)
		var walk func(ss []*Stage, depth int)
		walk = func(ss []*Stage, depth int) {
			if depth > 2*maxDepth {
				t.Fatalf("stages nest %d deep", depth)
			}
			for i, s := range ss {
				if s.Index != i+1 {
					t.Fatalf("stage %d has index %d", i+1, s.Index)
				}
				if !strings.Contains(src, s.Text) {
					t.Fatalf("stage text %q is not in the query", s.Text)
				}
				walk(s.Substages, depth+1)
			}
		}
		walk(qa.Stages, 0)
		for _, ind := range qa.Indicators {
			if _, ok := negation[ind.Kind]; !ok || ind.Field == "" {
				t.Fatalf("indicator %q %q", ind.Field, ind.Kind)
			}
		}
	})
}
