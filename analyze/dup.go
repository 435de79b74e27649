package analyze

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/rulecat/rulecat/analyze/kql"
)

// NormalizeQuery returns the text of a query reduced to what it does, so
// that two queries doing the same thing compare equal: its tokens from the
// KQL lexer separated by one space, without comments or directives, every
// string literal in one quoting form, trailing semicolons dropped, and
// every name a let statement binds renamed by order of binding ($1, $2, ...).
func NormalizeQuery(src string) string { return normalizeTokens(src, kql.Lex(src)) }

// normalizeTokens is NormalizeQuery on the tokens of src.
func normalizeTokens(src string, toks []kql.Token) string {
	lets := map[string]string{}
	for i, t := range toks {
		// let NAME =: bind NAME in order of first binding.
		if isWordToken(t.Kind) && t.Text(src) == "let" && i+1 < len(toks) && isWordToken(toks[i+1].Kind) {
			name := toks[i+1].Text(src)
			if _, ok := lets[name]; !ok {
				lets[name] = "$" + strconv.Itoa(len(lets)+1)
			}
		}
	}
	parts := make([]string, 0, len(toks))
	for _, t := range toks {
		switch {
		case t.Kind == kql.EOF || t.Kind == kql.Comment || t.Kind == kql.DirectiveToken:
			continue
		case t.Kind == kql.String:
			v, ok := kql.Unquote(t.Text(src))
			if ok {
				parts = append(parts, strconv.Quote(v))
				continue
			}
		case isWordToken(t.Kind):
			if n, ok := lets[t.Text(src)]; ok {
				parts = append(parts, n)
				continue
			}
		}
		parts = append(parts, t.Text(src))
	}
	for len(parts) > 0 && parts[len(parts)-1] == ";" {
		parts = parts[:len(parts)-1]
	}
	return strings.Join(parts, " ")
}

func isWordToken(k kql.TokenKind) bool {
	return k == kql.IdentToken || k == kql.Keyword || k == kql.OpName || k == kql.FuncName
}

// A SimilarPair is two sets of a SimilarityIndex whose Jaccard similarity
// reaches the threshold asked for.
type SimilarPair struct {
	A, B    int     // positions of the sets as given to NewSimilarityIndex; A < B (A is -1 for Similar's query set)
	Shared  int     // elements in both sets
	Jaccard float64 // |A ∩ B| / |A ∪ B|
}

// SimilarityIndex finds sets whose Jaccard similarity reaches a threshold
// without comparing every pair: the All-Pairs prefix filter (Bayardo et
// al., 2007). Elements are ranked from rarest to most common; two sets with
// Jaccard ≥ t must share an element among the first |s| - ⌈t·|s|⌉ + 1
// elements of each, so only sets sharing such a prefix element are
// compared, and only when their sizes allow it. Very common elements (an
// indicator every Windows rule has) fall outside the prefixes and never
// produce candidates. The index is immutable once built.
type SimilarityIndex struct {
	rank map[string]int32 // element -> position in the rarest-first order
	sets [][]int32        // each set as ascending ranks
	post [][]int32        // rank -> sets holding it (every element, for Similar)
}

// NewSimilarityIndex indexes sets; duplicate elements within a set count
// once.
func NewSimilarityIndex(sets [][]string) *SimilarityIndex {
	freq := map[string]int32{}
	for _, s := range sets {
		for _, e := range dedupe(s) {
			freq[e]++
		}
	}
	elems := make([]string, 0, len(freq))
	for e := range freq {
		elems = append(elems, e)
	}
	slices.SortFunc(elems, func(a, b string) int { return cmp.Or(cmp.Compare(freq[a], freq[b]), strings.Compare(a, b)) })
	x := &SimilarityIndex{rank: make(map[string]int32, len(elems)), sets: make([][]int32, len(sets)), post: make([][]int32, len(elems))}
	for i, e := range elems {
		x.rank[e] = int32(i)
	}
	for i, s := range sets {
		rs := make([]int32, 0, len(s))
		for _, e := range dedupe(s) {
			rs = append(rs, x.rank[e])
		}
		slices.Sort(rs)
		x.sets[i] = rs
		for _, r := range rs {
			x.post[r] = append(x.post[r], int32(i))
		}
	}
	return x
}

func dedupe(s []string) []string {
	if len(s) < 2 {
		return s
	}
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// Len returns the number of sets indexed.
func (x *SimilarityIndex) Len() int { return len(x.sets) }

// prefixLen is how many of a set's rarest elements a similar set must
// touch: |s| - ⌈t·|s|⌉ + 1.
func prefixLen(n int, t float64) int {
	need := int(math.Ceil(t*float64(n) - 1e-9))
	return max(min(n-need+1, n), 1)
}

// Pairs returns every pair of indexed sets with at least minSize elements
// each and Jaccard similarity ≥ t (0 < t ≤ 1), ordered by decreasing
// similarity, then A, then B.
func (x *SimilarityIndex) Pairs(t float64, minSize int) []SimilarPair {
	t = min(max(t, 1e-6), 1)
	minSize = max(minSize, 1)
	order := make([]int32, 0, len(x.sets))
	for i, s := range x.sets {
		if len(s) >= minSize {
			order = append(order, int32(i))
		}
	}
	// Ascending size: every set already indexed is no larger than the probe.
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(len(x.sets[a]), len(x.sets[b])) })
	prefixPost := map[int32][]int32{}
	seen := make([]int32, len(x.sets)) // last probe that counted the candidate, +1
	var out []SimilarPair
	var cands []int32
	for step, i := range order {
		s := x.sets[i]
		minLen := t * float64(len(s))
		cands = cands[:0]
		p := prefixLen(len(s), t)
		for _, r := range s[:p] {
			for _, j := range prefixPost[r] {
				if seen[j] != int32(step)+1 && float64(len(x.sets[j])) >= minLen-1e-9 {
					seen[j] = int32(step) + 1
					cands = append(cands, j)
				}
			}
			prefixPost[r] = append(prefixPost[r], i)
		}
		for _, j := range cands {
			if sh, jac := jaccard(s, x.sets[j]); jac >= t-1e-9 {
				a, b := int(min(i, j)), int(max(i, j))
				out = append(out, SimilarPair{A: a, B: b, Shared: sh, Jaccard: jac})
			}
		}
	}
	sortPairs(out)
	return out
}

// Similar returns the indexed sets whose Jaccard similarity with set is
// ≥ t, as pairs with A = -1 and B the indexed set, ordered like Pairs. The
// semantic lint uses it for a changed rule against the rest of the catalog.
func (x *SimilarityIndex) Similar(set []string, t float64) []SimilarPair {
	t = min(max(t, 1e-6), 1)
	set = dedupe(set)
	if len(set) == 0 {
		return nil
	}
	// Elements the index has never seen rank first: they can match nothing
	// but still count towards the size.
	known := make([]int32, 0, len(set))
	for _, e := range set {
		if r, ok := x.rank[e]; ok {
			known = append(known, r)
		}
	}
	slices.Sort(known)
	unknown := len(set) - len(known)
	p := prefixLen(len(set), t) - unknown
	if p <= 0 {
		return nil
	}
	p = min(p, len(known))
	minLen, maxLen := t*float64(len(set)), float64(len(set))/t
	seen := map[int32]bool{}
	var out []SimilarPair
	for _, r := range known[:p] {
		for _, j := range x.post[r] {
			n := float64(len(x.sets[j]))
			if seen[j] || n < minLen-1e-9 || n > maxLen+1e-9 {
				continue
			}
			seen[j] = true
			sh, _ := jaccard(known, x.sets[j])
			jac := float64(sh) / float64(len(set)+len(x.sets[j])-sh)
			if jac >= t-1e-9 {
				out = append(out, SimilarPair{A: -1, B: int(j), Shared: sh, Jaccard: jac})
			}
		}
	}
	sortPairs(out)
	return out
}

// jaccard returns the overlap and Jaccard similarity of two ascending sets.
func jaccard(a, b []int32) (shared int, j float64) {
	for i, k := 0, 0; i < len(a) && k < len(b); {
		switch {
		case a[i] == b[k]:
			shared++
			i++
			k++
		case a[i] < b[k]:
			i++
		default:
			k++
		}
	}
	u := len(a) + len(b) - shared
	if u == 0 {
		return 0, 0
	}
	return shared, float64(shared) / float64(u)
}

func sortPairs(ps []SimilarPair) {
	slices.SortFunc(ps, func(p, q SimilarPair) int {
		return cmp.Or(cmp.Compare(q.Jaccard, p.Jaccard), cmp.Compare(p.A, q.A), cmp.Compare(p.B, q.B))
	})
}
