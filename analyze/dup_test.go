package analyze

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/rulecat/rulecat/catalog"
)

func TestNormalizeQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		same bool
	}{
		{"SigninLogs | where ResultType == 50126", "SigninLogs\n| where ResultType == 50126 // failed\n", true},
		{"SigninLogs | where ResultType == 50126", "SigninLogs|where   ResultType==50126;", true},
		{"SigninLogs | where UserPrincipalName == 'a@b.c'", `SigninLogs | where UserPrincipalName == "a@b.c"`, true},
		{"let threshold = 5;\nSigninLogs | summarize c = count() by IPAddress | where c > threshold",
			"let minFailures = 5; // tune\nSigninLogs | summarize c = count() by IPAddress | where c > minFailures", true},
		{"let a = 1; let b = 2; T | where x > a and y > b", "let b = 1; let a = 2; T | where x > b and y > a", true},
		{"/* no block comments in KQL */ T", "T", false},
		{"SigninLogs | where ResultType == 50126", "SigninLogs | where ResultType == 50127", false},
		{"SigninLogs | where ResultType == 50126", "SigninLogs | where resultType == 50126", false}, // KQL names are case-sensitive
		{"let a = 1; let b = 2; T | where x > a and y > b", "let a = 1; let b = 2; T | where x > b and y > a", false},
		{"T | where x == 'a'", "T | where x == 'b'", false},
	}
	for _, tt := range tests {
		na, nb := NormalizeQuery(tt.a), NormalizeQuery(tt.b)
		if (na == nb) != tt.same {
			t.Errorf("NormalizeQuery(%q) = %q\nNormalizeQuery(%q) = %q\nsame = %v, want %v", tt.a, na, tt.b, nb, na == nb, tt.same)
		}
	}
}

// indicatorSet builds a set of n indicators named prefix0..prefixN-1.
func indicatorSet(prefix string, n int) []string {
	var s []string
	for i := range n {
		s = append(s, fmt.Sprintf("%s%d", prefix, i))
	}
	return s
}

func TestSimilarityPairs(t *testing.T) {
	t.Parallel()
	common := "EventID eq 4688" // in every set: must not make everything alike
	base := append(indicatorSet("proc|eq|", 9), common)
	sets := [][]string{
		0: base,
		1: append(slices.Clone(base[:9]), "proc|eq|other", common)[1:], // 9 of 10 shared with 0, J = 9/11
		2: slices.Clone(base),                                          // identical to 0
		3: append(indicatorSet("dns|has|", 9), common),                 // shares only the common one
		4: append(indicatorSet("proc|eq|", 5), common),                 // subset: J = 6/10 with 0
		5: {common},                                                    // below minSize
		6: {common},
		7: nil,
	}
	got := NewSimilarityIndex(sets).Pairs(0.8, 2)
	want := []SimilarPair{
		{A: 0, B: 2, Shared: 10, Jaccard: 1},
		{A: 0, B: 1, Shared: 9, Jaccard: 9.0 / 11},
		{A: 1, B: 2, Shared: 9, Jaccard: 9.0 / 11},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Pairs(0.8, 2) = %v, want %v", got, want)
	}
	// A lower threshold lets the subset in; minSize 1 lets the singletons in.
	got = NewSimilarityIndex(sets).Pairs(0.6, 1)
	var hasSubset, hasSingletons bool
	for _, p := range got {
		hasSubset = hasSubset || p.A == 0 && p.B == 4
		hasSingletons = hasSingletons || p.A == 5 && p.B == 6
		if p.A == 0 && p.B == 3 || p.A == 7 || p.B == 7 {
			t.Errorf("Pairs(0.6, 1) has %v, which must not match", p)
		}
	}
	if !hasSubset || !hasSingletons {
		t.Errorf("Pairs(0.6, 1) = %v, want (0,4) and (5,6) among them", got)
	}
}

func TestSimilar(t *testing.T) {
	t.Parallel()
	sets := [][]string{
		indicatorSet("a", 10),
		indicatorSet("b", 10),
		append(indicatorSet("a", 8), "x", "y"),
	}
	x := NewSimilarityIndex(sets)
	tests := []struct {
		query []string
		t     float64
		want  []int
	}{
		{indicatorSet("a", 10), 0.9, []int{0}},
		{indicatorSet("a", 10), 0.6, []int{0, 2}},
		{append(indicatorSet("a", 9), "new"), 0.8, []int{0}}, // J = 9/11 with one unknown element
		{append(indicatorSet("a", 9), "new"), 0.9, nil},
		{[]string{"new", "newer"}, 0.1, nil},
		{nil, 0.5, nil},
	}
	for _, tt := range tests {
		var got []int
		for _, p := range x.Similar(tt.query, tt.t) {
			got = append(got, p.B)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Similar(%v, %v) = %v, want %v", tt.query, tt.t, got, tt.want)
		}
	}
}

// TestSimilarityMatchesBruteForce checks the prefix filter against every
// pair on random sets drawn from a skewed vocabulary.
func TestSimilarityMatchesBruteForce(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	var sets [][]string
	for range 300 {
		var s []string
		for range 1 + rng.IntN(12) {
			// Low numbers are common, as generic indicators are.
			s = append(s, fmt.Sprint(int(rng.ExpFloat64()*8)))
		}
		sets = append(sets, s)
	}
	x := NewSimilarityIndex(sets)
	for _, th := range []float64{0.5, 0.7, 0.8, 0.9, 1} {
		var want []SimilarPair
		for i := range sets {
			for j := i + 1; j < len(sets); j++ {
				if len(x.sets[i]) < 2 || len(x.sets[j]) < 2 {
					continue
				}
				if sh, jac := jaccard(x.sets[i], x.sets[j]); jac >= th-1e-9 {
					want = append(want, SimilarPair{A: i, B: j, Shared: sh, Jaccard: jac})
				}
			}
		}
		sortPairs(want)
		if got := x.Pairs(th, 2); !slices.Equal(got, want) {
			t.Errorf("Pairs(%v): %d pairs, brute force %d", th, len(got), len(want))
		}
		for i := range 20 {
			var want []int
			for j := range sets {
				if _, jac := jaccard(x.sets[i], x.sets[j]); jac >= th-1e-9 {
					want = append(want, j)
				}
			}
			var got []int
			for _, p := range x.Similar(sets[i], th) {
				got = append(got, p.B)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("Similar(set %d, %v) = %v, brute force %v", i, th, got, want)
			}
		}
	}
}

func BenchmarkSimilarityPairs(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var sets [][]string
	for range 5000 {
		var s []string
		for range 2 + rng.IntN(15) {
			s = append(s, fmt.Sprint(int(rng.ExpFloat64()*200)))
		}
		sets = append(sets, s)
	}
	for b.Loop() {
		NewSimilarityIndex(sets).Pairs(0.8, 2)
	}
}

// TestIndicatorSetSimilar is the PR-mode use: a changed rule against the
// rest of the catalog, through the query analysis.
func TestIndicatorSetSimilar(t *testing.T) {
	t.Parallel()
	mk := func(file, query string) *catalog.Rule {
		return &catalog.Rule{File: file, Format: catalog.FormatKQL, Queries: []catalog.Query{{Text: query}}}
	}
	c := &catalog.Catalog{Rules: []*catalog.Rule{
		mk("a.kql", `DeviceProcessEvents | where FileName in~ ("rclone.exe", "mega.exe") | where ProcessCommandLine has_any ("copy", "sync") | where AccountName != "svc"`),
		mk("b.kql", `DeviceProcessEvents | where FileName in~ ("psexec.exe", "paexec.exe") | where ProcessCommandLine has "-accepteula"`),
	}}
	ca := AnalyzeCatalog(c, nil)
	var sets [][]string
	for _, ra := range ca.Rules {
		sets = append(sets, IndicatorSet(ra))
	}
	ix := NewSimilarityIndex(sets)
	changed := AnalyzeRule(mk("new.kql", "// renamed copy\nDeviceProcessEvents\n| where FileName in~ (\"RCLONE.EXE\", \"mega.exe\")\n| where ProcessCommandLine has_any (\"copy\", \"sync\")\n| where AccountName != \"svc\""), nil)
	got := ix.Similar(IndicatorSet(changed), 0.9)
	if len(got) != 1 || got[0].B != 0 || got[0].Jaccard != 1 {
		t.Errorf("Similar(changed copy of a.kql) = %+v, want a.kql with Jaccard 1", got)
	}
	other := AnalyzeRule(mk("other.kql", `SigninLogs | where ResultType == 50126 | where IPAddress == "10.0.0.1"`), nil)
	if got := ix.Similar(IndicatorSet(other), 0.9); len(got) != 0 {
		t.Errorf("Similar(unrelated rule) = %+v, want none", got)
	}
}
