package analyze

import (
	"strings"
)

// minDupIndicators is the fewest indicators a rule needs for a
// near-duplicate finding: tiny sets are alike by chance.
const minDupIndicators = 3

// ruleSimilarity is the similarity index over the indicator sets of every
// rule of an Env's catalog.
type ruleSimilarity struct {
	index *SimilarityIndex
	rules []*RuleAnalysis
	sets  [][]string
	nInd  []int // indicators in each set, tables left out
	pos   map[*RuleAnalysis]int
}

// similarity returns the Env's similarity index, building it once.
func (e *Env) similarity() *ruleSimilarity {
	e.similarOnce.Do(func() {
		if e.Analysis == nil {
			return
		}
		s := &ruleSimilarity{rules: e.Analysis.Rules, pos: map[*RuleAnalysis]int{}}
		s.sets = make([][]string, len(s.rules))
		s.nInd = make([]int, len(s.rules))
		for i, ra := range s.rules {
			s.pos[ra] = i
			for _, k := range ra.IndicatorKeys() {
				s.sets[i] = append(s.sets[i], k.Field+"\x00"+k.Kind+"\x00"+k.Value)
			}
			s.nInd[i] = len(s.sets[i])
			// The tables read count too: the same filters over other data
			// (a template applied to each sign-in table) are not a copy.
			for _, t := range ra.Tables() {
				s.sets[i] = append(s.sets[i], "\x00table\x00"+t)
			}
		}
		s.index = NewSimilarityIndex(s.sets)
		e.similar = s
	})
	return e.similar
}

// nearDuplicates returns the other rules, in other files, whose indicator
// set is at least t similar to that of ra, with the similarity.
func (s *ruleSimilarity) nearDuplicates(ra *RuleAnalysis, t float64) ([]*RuleAnalysis, []float64) {
	i, ok := s.pos[ra]
	if !ok || s.nInd[i] < minDupIndicators {
		return nil, nil
	}
	var rules []*RuleAnalysis
	var sims []float64
	for _, p := range s.index.Similar(s.sets[i], t) {
		o := s.rules[p.B]
		if p.B == i || o.File == ra.File || s.nInd[p.B] < minDupIndicators {
			continue
		}
		rules = append(rules, o)
		sims = append(sims, p.Jaccard)
	}
	return rules, sims
}

// ruleLabel names a rule in a message: its file, and its name when the
// file holds several rules.
func ruleLabel(ra *RuleAnalysis) string {
	if strings.TrimSpace(ra.Name) == "" {
		return ra.File
	}
	return ra.File + " (" + strings.TrimSpace(ra.Name) + ")"
}
