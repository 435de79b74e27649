package analyze

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/rulecat/rulecat/catalog"
)

// analysisCorpusDir is the corpus of real rules next to the checkout; tests that
// need it skip when it is absent.
const analysisCorpusDir = "../../shared/corpus"

func loadAnalysisCorpus(tb testing.TB) *catalog.Catalog {
	tb.Helper()
	if _, err := os.Stat(analysisCorpusDir); err != nil {
		tb.Skipf("shared corpus not available: %v", err)
	}
	cat, err := catalog.Load([]string{analysisCorpusDir}, catalog.Options{})
	if err != nil {
		tb.Fatalf("catalog.Load: %v", err)
	}
	return cat
}

// TestAnalyzeCorpus analyzes every query of the shared corpus and checks
// invariants of the result; with -v it logs the share of queries with
// indicators and with complete outputs, and the most reused indicators.
func TestAnalyzeCorpus(t *testing.T) {
	cat := loadAnalysisCorpus(t)
	schema := schemaForTest(t)
	start := time.Now()
	ca := AnalyzeCatalog(cat, schema)
	elapsed := time.Since(start)

	queries, withIndicators, complete := 0, 0, 0
	for _, ra := range ca.Rules {
		for _, q := range ra.Queries {
			queries++
			if len(q.Indicators) > 0 {
				withIndicators++
			}
			if q.OutputsComplete {
				complete++
			}
			checkQuery(t, ra.File, q)
		}
	}
	if queries == 0 {
		t.Fatal("no queries analyzed")
	}
	t.Logf("%d rules, %d queries analyzed in %v", len(ca.Rules), queries, elapsed)
	t.Logf("queries with at least one indicator: %d (%.1f%%)", withIndicators, pct(withIndicators, queries))
	t.Logf("queries with complete outputs: %d (%.1f%%)", complete, pct(complete, queries))
	for i, kc := range ca.Index.Indicators() {
		if i == 20 {
			break
		}
		t.Logf("%2d. %4d rules  %s %s %q", i+1, kc.Rules, kc.Key.Field, kc.Key.Kind, kc.Key.Value)
	}
	// Most real queries filter on something.
	if pct(withIndicators, queries) < 80 {
		t.Errorf("only %.1f%% of queries have an indicator", pct(withIndicators, queries))
	}
}

func pct(n, of int) float64 { return 100 * float64(n) / float64(of) }

// checkQuery checks invariants every analysis must keep.
func checkQuery(t *testing.T, file string, q *QueryAnalysis) {
	t.Helper()
	var walk func(ss []*Stage, depth int)
	walk = func(ss []*Stage, depth int) {
		if depth > maxDepth+2 {
			t.Errorf("%s: stages nest deeper than %d", file, maxDepth)
			return
		}
		for i, s := range ss {
			if s.Index != i+1 {
				t.Errorf("%s: stage %q has index %d, want %d", file, s.Operator, s.Index, i+1)
			}
			if s.Operator == "" || s.Steps < 1 {
				t.Errorf("%s: stage %d has operator %q and %d steps", file, s.Index, s.Operator, s.Steps)
			}
			if s.Line < q.Line && s.Line != 0 {
				t.Errorf("%s: stage %q on line %d, before the query's line %d", file, s.Operator, s.Line, q.Line)
			}
			walk(s.Substages, depth+1)
		}
	}
	walk(q.Stages, 0)
	for _, ind := range q.Indicators {
		if ind.Field == "" || ind.Kind == "" {
			t.Errorf("%s: indicator with field %q kind %q", file, ind.Field, ind.Kind)
		}
		if _, ok := negation[ind.Kind]; !ok {
			t.Errorf("%s: indicator %s has unknown kind %q", file, ind.Field, ind.Kind)
		}
	}
}

// BenchmarkAnalyzeCorpus measures analysis and the corpus index over the
// whole shared corpus; the bytes are those of the query texts.
func BenchmarkAnalyzeCorpus(b *testing.B) {
	cat := loadAnalysisCorpus(b)
	schema := schemaForTest(b)
	var n int64
	for _, r := range cat.Rules {
		for _, q := range r.Queries {
			n += int64(len(q.Text))
		}
	}
	b.SetBytes(n)
	b.ReportAllocs()
	var peak uint64
	cpu0 := cpuTime()
	for b.Loop() {
		ca := AnalyzeCatalog(cat, schema)
		if len(ca.Rules) != len(cat.Rules) {
			b.Fatal("rules lost")
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
	// CPU time per run, which unlike wall time does not depend on what
	// else the machine is doing.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// TestAnalyzeCorpusOrder checks that the corpus counts do not depend on the
// order of the rules.
func TestAnalyzeCorpusOrder(t *testing.T) {
	cat := loadAnalysisCorpus(t)
	if testing.Short() {
		t.Skip("short")
	}
	schema := schemaForTest(t)
	a := AnalyzeCatalog(cat, schema)
	rev := &catalog.Catalog{Files: cat.Files}
	for i := len(cat.Rules) - 1; i >= 0; i-- {
		rev.Rules = append(rev.Rules, cat.Rules[i])
	}
	b := AnalyzeCatalog(rev, schema)
	ka, kb := a.Index.Indicators(), b.Index.Indicators()
	if !equal(ka, kb) {
		t.Fatalf("index differs when the rules are reversed: %d vs %d keys", len(ka), len(kb))
	}
	byFile := map[string]*RuleAnalysis{}
	for _, ra := range b.Rules {
		byFile[ra.File+"#"+ra.ID+ra.Name] = ra
	}
	for _, ra := range a.Rules {
		rb := byFile[ra.File+"#"+ra.ID+ra.Name]
		if rb == nil {
			continue
		}
		for i, q := range ra.Queries {
			for j, ind := range q.Indicators {
				for k, v := range ind.Values {
					if got := rb.Queries[i].Indicators[j].Values[k].Corpus; got != v.Corpus {
						t.Fatalf("%s: corpus count of %s %s %q is %d reversed, %d in order",
							filepath.Base(ra.File), ind.Field, ind.Kind, v.Value, got, v.Corpus)
					}
				}
			}
		}
	}
}

// TestCorpusSeedRules checks the published rules the reference pages show,
// where the shared corpus holds them, against the pages' tables.
func TestCorpusSeedRules(t *testing.T) {
	tests := []struct {
		file       string
		indicators []indicatorRow
		outputs    []string
	}{
		{
			file:       "sentinel/SARATOGAMarine__WP-Cybersecurity-Assorted-Tools/Detections/ProofpointPOD/ProofpointPODEmailSenderIPinTIList.yaml",
			indicators: seed001Indicators,
			outputs:    seed001Outputs,
		},
		{
			file: "sentinel/SARATOGAMarine__WP-Cybersecurity-Assorted-Tools/Hunting Queries/SecurityAlert/AlertsForIP.yaml",
			indicators: []indicatorRow{
				{"IpAddress", "eq", "<ipaddress>"},
				{"TimeGenerated", "between", ""},
			},
			outputs: []string{
				"Account project", "AccountCustomEntity extend", "AlertName project", "Computer project",
				"EndTimeUtc project", "Entities project", "ExtendedProperties project", "HostCustomEntity extend",
				"IPCustomEntity extend", "IpAddress project", "StartTimeUtc project", "timestamp extend",
			},
		},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			name := filepath.Join(analysisCorpusDir, filepath.FromSlash(tt.file))
			src, err := os.ReadFile(name)
			if err != nil {
				t.Skipf("not in the shared corpus: %v", err)
			}
			rules := catalog.LoadBytes(name, src)
			if len(rules) != 1 || len(rules[0].Queries) != 1 {
				t.Fatalf("want one rule with one query")
			}
			q := AnalyzeRule(rules[0], schemaForTest(t)).Queries[0]
			if got := indicatorRows(q); !equal(got, tt.indicators) {
				t.Errorf("indicators = %v, want %v", got, tt.indicators)
			}
			if got := outputRows(q); !equal(got, tt.outputs) {
				t.Errorf("outputs = %q, want %q", got, tt.outputs)
			}
		})
	}
}
