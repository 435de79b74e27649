package catalog

import "strings"

// Closest returns the candidate closest to name, for a "did you mean" hint.
// A candidate that differs from name only in letter case comes first; else
// the candidate fewest edits away, ignoring case, provided that is at most
// about one edit in four letters: max(1, min(3, len(name)/4)) (so
// "SecurityEvents" finds "SecurityEvent" and "SiginLogs" "SigninLogs").
// Ties go to the earliest candidate, so the answer depends only on the
// order of candidates. ok is false when name is itself a candidate (there
// is nothing to correct) or when no candidate is close enough.
func Closest(name string, candidates []string) (string, bool) {
	return NewSuggester(candidates).Closest(name)
}

// A Suggester answers Closest for one list of candidates asked about many
// times, folding their case once instead of on every question. It is
// immutable and safe for concurrent use.
type Suggester struct {
	names, lower []string
}

// NewSuggester returns a Suggester over candidates, which it keeps.
func NewSuggester(candidates []string) *Suggester {
	s := &Suggester{names: candidates, lower: make([]string, len(candidates))}
	for i, c := range candidates {
		s.lower[i] = strings.ToLower(c)
	}
	return s
}

// Closest is Closest(name, candidates) for the Suggester's candidates.
func (s *Suggester) Closest(name string) (string, bool) {
	lower := strings.ToLower(name)
	fold := -1
	for i, c := range s.names {
		if c == name {
			return "", false
		}
		if fold < 0 && s.lower[i] == lower {
			fold = i
		}
	}
	if fold >= 0 {
		return s.names[fold], true
	}
	limit := max(1, min(3, len(lower)/4))
	best, bestDist := "", -1
	for i, lc := range s.lower {
		if d := len(lc) - len(lower); d > limit || d < -limit {
			continue // cheap bound before the quadratic distance
		}
		if d := EditDistance(lower, lc); d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = s.names[i], d
		}
	}
	return best, bestDist >= 0
}

// EditDistance is the edit distance between a and b, counted in bytes: the
// number of single-byte insertions, deletions, substitutions and swaps of
// two adjacent bytes that turn a into b (the optimal string alignment
// distance, so the common typo "disabel" is one edit from "disable"). It is
// case-sensitive; callers fold case first.
func EditDistance(a, b string) int {
	prev2 := make([]int, len(b)+1) // row i-2, for swaps
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
