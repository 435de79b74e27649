package analyze

import (
	"runtime"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/catalog"
)

// ComputeStats builds the statistics report of c from its query analysis:
// AnalyzeCatalog of c or of a catalog holding c's rules (so a subset chosen
// with --where can reuse the analysis of the whole); nil analyzes c here.
func ComputeStats(c *catalog.Catalog, a *CatalogAnalysis, o StatsOptions) *Stats {
	if a == nil {
		a = AnalyzeCatalog(c, o.Tables)
	}
	byRule := a.ByRule()
	facts := make([][]statsQuery, len(c.Rules))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, r := range c.Rules {
		sem <- struct{}{} // at most GOMAXPROCS rules in flight
		wg.Go(func() {
			defer func() { <-sem }()
			facts[i] = ruleStatsQueries(r, byRule[r])
		})
	}
	wg.Wait()
	return computeStats(c, facts, o)
}

// ruleStatsQueries extracts what the statistics use from a rule's queries
// and their analysis (nil when the rule was not analyzed); the query text is
// lexed once for all of it.
func ruleStatsQueries(r *catalog.Rule, ra *RuleAnalysis) []statsQuery {
	out := make([]statsQuery, len(r.Queries))
	if ra != nil {
		copy(out, statsQueries(ra))
	}
	for qi := range r.Queries {
		q := &r.Queries[qi]
		toks := kql.Lex(q.Text)
		sq := &out[qi]
		sq.normalized = normalizeTokens(q.Text, toks)
		sq.urls = externalDataURLs(q.Text, toks)
		sq.placeholders = queryPlaceholders(r.File, q, toks)
		sq.chars = utf8.RuneCountInString(q.Text)
	}
	return out
}

// statsQueries extracts what the statistics use from a rule's analysis.
func statsQueries(ra *RuleAnalysis) []statsQuery {
	out := make([]statsQuery, 0, len(ra.Queries))
	for _, q := range ra.Queries {
		sq := statsQuery{tables: q.Tables, stages: len(q.Stages), syntaxErrors: q.SyntaxErrors}
		stageOperators(q.Stages, &sq.operators)
		for _, in := range q.Indicators {
			si := statsIndicator{field: in.Field, kind: in.Kind, caseSensitive: in.CaseSensitive}
			for _, v := range in.Values {
				si.values = append(si.values, v.Value)
			}
			sq.indicators = append(sq.indicators, si)
		}
		out = append(out, sq)
	}
	return out
}

// stageOperators appends the operators of stages and of every pipeline
// nested in them; the source stage and the role names of nested pipelines
// ("right", "leg", ...) are not operators.
func stageOperators(stages []*Stage, out *[]string) {
	for _, st := range stages {
		if st.Operator != "source" {
			*out = append(*out, st.Operator)
		}
		for _, sub := range st.Substages {
			if nestedRole(st.Operator, sub.Operator) {
				stageOperators(sub.Substages, out)
			} else { // the stages of a let the step refers to
				stageOperators([]*Stage{sub}, out)
			}
		}
	}
}

// factsOf returns the tables and indicator fields of an analyzed rule.
func factsOf(ra *RuleAnalysis) (tables, fields []string) {
	for _, q := range ra.Queries {
		for _, in := range q.Indicators {
			fields = append(fields, in.Field)
		}
	}
	slices.Sort(fields)
	return ra.Tables(), slices.Compact(fields)
}

// nestedRole reports whether a substage named op under a stage named
// parent stands for a nested pipeline (whose Substages are its stages)
// rather than being a stage itself.
func nestedRole(parent, op string) bool {
	switch op {
	case "right", "leg", "in", "toscalar":
		return true
	case "mv-apply":
		return parent == "mv-apply"
	}
	return false
}

// ruleFacts returns the tables a rule's queries read and the fields their
// indicators test, for the table and field selector attributes.
func ruleFacts(r *catalog.Rule) (tables, fields []string) {
	return factsOf(AnalyzeRule(r, nil))
}

// IndicatorSet is the set near-duplicate detection compares a rule by: its
// indicator values over every query variant as "field\x1fkind\x1fvalue"
// (the value normalised as the corpus index does), and "field\x1fkind" for
// indicators with no literal value. Build a SimilarityIndex over the sets
// of a catalog and ask Similar for one rule's set to find the rules it
// nearly duplicates (the near-duplicate check keeps its own index, in
// semantic_dup.go, whose sets also hold the tables a rule reads).
func IndicatorSet(ra *RuleAnalysis) []string { return ruleIndicatorSet(statsQueries(ra)) }
