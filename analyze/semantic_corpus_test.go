package analyze

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/rulecat/rulecat/catalog"
)

// TestSemanticCorpus runs the semantic checks over shared/corpus, checks
// that every finding points inside its file, and logs the count per check
// (the figures in testdata/checks/SAMPLES.md). With RULECAT_FINDINGS set
// to a path it writes the findings there, one per line, for sampling.
func TestSemanticCorpus(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(sharedCorpus); err != nil {
		t.Skip("shared corpus not available")
	}
	cat, err := catalog.Load([]string{sharedCorpus}, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	att, tab := refData(t)
	ds := Run(NewEnv(cat, att, tab), semanticChecks())
	counts := map[string]int{}
	lines := map[string]int{}
	for _, r := range cat.Rules {
		lines[r.File] = len(r.Lines)
	}
	var out strings.Builder
	for _, d := range ds {
		counts[d.Check]++
		if d.Line < 1 || d.Line > lines[d.File] {
			t.Errorf("%s: line outside the file's %d lines", d, lines[d.File])
		}
		fmt.Fprintln(&out, d.String())
	}
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		t.Logf("%-28s %5d", id, counts[id])
	}
	// near-duplicate runs only in PR mode: count it as if every file had
	// changed.
	env := NewEnv(cat, att, tab)
	env.Changed = func(string) bool { return true }
	for _, d := range Run(env, []*Check{nearDuplicate()}) {
		counts["near-duplicate (all changed)"]++
		fmt.Fprintln(&out, d.String())
	}
	t.Logf("%-28s %5d", "near-duplicate (all changed)", counts["near-duplicate (all changed)"])
	if p := os.Getenv("RULECAT_FINDINGS"); p != "" {
		if err := os.WriteFile(p, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkLintCorpus measures what `rulecat lint` does after loading:
// NewEnv (query analysis and index, with the table schemas) and Lint with
// every registered check, over shared/corpus.
func BenchmarkLintCorpus(b *testing.B) {
	cat, size := loadSharedCorpus(b)
	att, tab := refData(b)
	checks := Checks()
	b.SetBytes(size)
	// CPU time next to wall time: on a shared machine the wall time says
	// more about the neighbours than about rulecat.
	cpu0 := cpuTime()
	for b.Loop() {
		Lint(NewEnv(cat, att, tab), checks, nil)
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
}
