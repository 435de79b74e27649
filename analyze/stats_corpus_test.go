package analyze

import (
	"os"
	"testing"

	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/analyze/tables"
	"github.com/rulecat/rulecat/catalog"
)

const sharedCorpus = "../../shared/corpus"

// loadSharedCorpus loads shared/corpus for a benchmark and returns it with
// the bytes of its rule files, for b.SetBytes; it skips without the corpus.
func loadSharedCorpus(b *testing.B) (*catalog.Catalog, int64) {
	b.Helper()
	if _, err := os.Stat(sharedCorpus); err != nil {
		b.Skip("shared corpus not available")
	}
	cat, err := catalog.Load([]string{sharedCorpus}, catalog.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	seen := map[string]bool{}
	for _, r := range cat.Rules {
		if fi, err := os.Stat(r.File); err == nil && !seen[r.File] {
			seen[r.File] = true
			size += fi.Size()
		}
	}
	return cat, size
}

// loadCorpus loads ../shared/corpus or skips when it is absent.
func loadCorpus(tb testing.TB) (*catalog.Catalog, *attack.Data, *tables.Schema) {
	tb.Helper()
	if _, err := os.Stat(sharedCorpus); err != nil {
		tb.Skip("no shared corpus next to the checkout")
	}
	c, err := catalog.Load([]string{sharedCorpus}, catalog.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	ad, err := attack.Load()
	if err != nil {
		tb.Fatal(err)
	}
	sc, err := tables.Load()
	if err != nil {
		tb.Fatal(err)
	}
	return c, ad, sc
}

// TestStatsCorpus logs the headline figures of the shared corpus and checks
// invariants that hold for any catalog.
func TestStatsCorpus(t *testing.T) {
	c, ad, sc := loadCorpus(t)
	s := ComputeStats(c, nil, StatsOptions{Attack: ad, Tables: sc})
	t.Logf("%d rules, %d queries; coverage %.1f%% (%d of %d techniques); %d unmapped",
		s.Rules, s.Queries, s.Attack.Coverage, s.Attack.Covered, s.Attack.Techniques, s.Attack.Unmapped)
	for _, tc := range s.Data.Tables[:min(5, len(s.Data.Tables))] {
		t.Logf("table %s: %d rules", tc.Name, tc.Count)
	}
	t.Logf("%d exact duplicate groups, %d near-duplicate pairs (Jaccard >= %.2f); %d placeholders in %d rules",
		len(s.Duplicates.Exact), len(s.Duplicates.Near), s.Duplicates.Jaccard, len(s.Hygiene.Placeholders), s.Hygiene.PlaceholderRules)
	sum := 0
	for _, n := range s.Size.ByType {
		sum += n.Count
	}
	if sum != s.Rules || s.Attack.Mapped+s.Attack.Unmapped != s.Rules {
		t.Errorf("by_type sums to %d, mapped+unmapped to %d; want %d", sum, s.Attack.Mapped+s.Attack.Unmapped, s.Rules)
	}
	for _, p := range s.Duplicates.Near {
		if p.Jaccard < s.Duplicates.Jaccard || p.A.File == p.B.File {
			t.Errorf("near pair %v below the threshold or within one file", p)
		}
	}
}

func BenchmarkStatsCorpus(b *testing.B) {
	c, ad, sc := loadCorpus(b)
	var size int64
	for _, r := range c.Rules {
		for _, q := range r.Queries {
			size += int64(len(q.Text))
		}
	}
	b.SetBytes(size)
	// The machine may be shared: report CPU time too, which load does not
	// inflate as it does wall time.
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		ComputeStats(c, nil, StatsOptions{Attack: ad, Tables: sc})
		n++
	}
	b.ReportMetric(float64(len(c.Rules)), "rules")
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(n)/float64(len(c.Rules))*1000, "cpu-s/1000rules")
}

// BenchmarkStatsCorpusAnalyzed is the report alone, given the analysis.
func BenchmarkStatsCorpusAnalyzed(b *testing.B) {
	c, ad, sc := loadCorpus(b)
	ca := AnalyzeCatalog(c, sc)
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		ComputeStats(c, ca, StatsOptions{Attack: ad, Tables: sc})
		n++
	}
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(n)/float64(len(c.Rules))*1000, "cpu-s/1000rules")
}
