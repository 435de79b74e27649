package analyze

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// IndicatorKey identifies an indicator value across the corpus: a field, a
// kind and the value as IndexValue normalises it. An indicator with no
// literal values (is_not_null, a comparison with another column) has one key
// with NoValue set and Value "".
//
// The corpus counts answer a detection engineer's question, "how many rules
// look for the same thing", so the letter case of a value is not part of
// the key, whatever the operator: FileName =~ "RCLONE.EXE", =~ "rclone.exe",
// == "rclone.exe" and == "RCLONE.EXE" all look for the rclone binary and
// count as one value used by four rules. Whether a rule compares with regard
// to case says how strict that rule is, not what it looks for; it stays on
// the Indicator (CaseSensitive), and a case-sensitive comparison whose case
// differs from the others' is what the count then brings to light. The one
// exception is a case-sensitive pattern (matches regex, likecs), whose
// letter case is part of its meaning (\d is not \D), so it is kept as written.
type IndicatorKey struct {
	Field   string `json:"field"`
	Kind    string `json:"kind"`
	Value   string `json:"value"`
	NoValue bool   `json:"no_value,omitempty"`
}

// Keys returns the indicator keys of one indicator: one per value, or one
// with an empty value when it has none.
func (ind *Indicator) Keys() []IndicatorKey {
	if len(ind.Values) == 0 {
		return []IndicatorKey{{Field: ind.Field, Kind: ind.Kind, NoValue: true}}
	}
	out := make([]IndicatorKey, 0, len(ind.Values))
	for _, v := range ind.Values {
		out = append(out, ind.key(v.Value))
	}
	return out
}

// key is the indicator key of value v of ind.
func (ind *Indicator) key(v string) IndicatorKey {
	return IndicatorKey{Field: ind.Field, Kind: ind.Kind, Value: IndexValue(ind.Kind, ind.CaseSensitive, v)}
}

// IndicatorKeys returns the set of indicator keys of every query variant
// of the rule, sorted and without duplicates: the rule's fingerprint for
// near-duplicate detection.
func (ra *RuleAnalysis) IndicatorKeys() []IndicatorKey {
	var out []IndicatorKey
	for _, q := range ra.Queries {
		for _, ind := range q.Indicators {
			out = append(out, ind.Keys()...)
		}
	}
	slices.SortFunc(out, compareKeys)
	return slices.Compact(out)
}

// Tables returns the tables every query variant of the rule reads, sorted.
func (ra *RuleAnalysis) Tables() []string {
	var out []string
	for _, q := range ra.Queries {
		out = append(out, q.Tables...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// IndexValue is the form of an indicator value the corpus index compares
// (see IndicatorKey): lower-cased, except the pattern of a case-sensitive
// matches regex or likecs.
func IndexValue(kind string, caseSensitive bool, v string) string {
	if caseSensitive && (kind == KindMatches || kind == KindNotMatches) {
		return v
	}
	return strings.ToLower(v)
}

func compareKeys(x, y IndicatorKey) int {
	return cmp.Or(strings.Compare(x.Field, y.Field), strings.Compare(x.Kind, y.Kind), strings.Compare(x.Value, y.Value),
		boolCompare(x.NoValue, y.NoValue))
}

// Index is the corpus index: for every indicator key, table, technique,
// tactic and connector, the rules of the catalog that use it. A rule counts
// once however many of its variants repeat a key. It is immutable once
// built and safe for concurrent use.
type Index struct {
	rules      []*RuleAnalysis
	indicators map[IndicatorKey][]int // rule numbers, ascending
	tables     map[string][]int
	techniques map[string][]int
	tactics    map[string][]int
	connectors map[string][]int
}

// ruleKeys is what one rule contributes to the index.
type ruleKeys struct {
	indicators                              []IndicatorKey
	tables, techniques, tactics, connectors []string
}

// NewIndex builds the corpus index over rules. The keys of each rule are
// gathered on a worker pool, then merged in rule order, so the result does
// not depend on scheduling.
func NewIndex(rules []*RuleAnalysis) *Index {
	keys := make([]ruleKeys, len(rules))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, ra := range rules {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			keys[i] = keysOf(ra)
		})
	}
	wg.Wait()
	ix := &Index{
		rules:      rules,
		indicators: map[IndicatorKey][]int{},
		tables:     map[string][]int{},
		techniques: map[string][]int{},
		tactics:    map[string][]int{},
		connectors: map[string][]int{},
	}
	for i, k := range keys {
		for _, ik := range k.indicators {
			ix.indicators[ik] = append(ix.indicators[ik], i)
		}
		addAll(ix.tables, k.tables, i)
		addAll(ix.techniques, k.techniques, i)
		addAll(ix.tactics, k.tactics, i)
		addAll(ix.connectors, k.connectors, i)
	}
	return ix
}

func addAll(m map[string][]int, names []string, i int) {
	for _, n := range names {
		m[n] = append(m[n], i)
	}
}

func keysOf(ra *RuleAnalysis) ruleKeys {
	k := ruleKeys{
		indicators: ra.IndicatorKeys(),
		tables:     ra.Tables(),
		techniques: uniq(ra.Techniques),
		tactics:    uniq(ra.Tactics),
	}
	if ra.Rule != nil {
		var cs []string
		for _, c := range ra.Rule.Connectors {
			if c.ID.Text != "" {
				cs = append(cs, c.ID.Text)
			}
		}
		k.connectors = uniq(cs)
	}
	return k
}

func uniq(s []string) []string {
	out := slices.Clone(s)
	out = slices.DeleteFunc(out, func(x string) bool { return x == "" })
	slices.Sort(out)
	return slices.Compact(out)
}

// annotate sets the corpus count of every indicator value of the rules the
// index was built from.
func (ix *Index) annotate() {
	for _, ra := range ix.rules {
		for _, q := range ra.Queries {
			for _, ind := range q.Indicators {
				for i, v := range ind.Values {
					ind.Values[i].Corpus = ix.Count(ind.key(v.Value))
				}
			}
		}
	}
}

// Count is the number of rules using indicator key k.
func (ix *Index) Count(k IndicatorKey) int { return len(ix.indicators[k]) }

// RulesUsing returns the rules using indicator key k, in catalog order.
func (ix *Index) RulesUsing(k IndicatorKey) []*RuleAnalysis { return ix.pick(ix.indicators[k]) }

func (ix *Index) pick(ns []int) []*RuleAnalysis {
	out := make([]*RuleAnalysis, 0, len(ns))
	for _, n := range ns {
		out = append(out, ix.rules[n])
	}
	return out
}

// KeyCount is an indicator key with the number of rules using it.
type KeyCount struct {
	Key   IndicatorKey `json:"key"`
	Rules int          `json:"rules"`
}

// Indicators returns every indicator key with its rule count, most used
// first, then by key.
func (ix *Index) Indicators() []KeyCount {
	out := make([]KeyCount, 0, len(ix.indicators))
	for k, rs := range ix.indicators {
		out = append(out, KeyCount{Key: k, Rules: len(rs)})
	}
	slices.SortFunc(out, func(x, y KeyCount) int {
		return cmp.Or(cmp.Compare(y.Rules, x.Rules), compareKeys(x.Key, y.Key))
	})
	return out
}

// NameCount is a table, technique, tactic or connector with the number of
// rules that use it.
type NameCount struct {
	Name  string `json:"name"`
	Rules int    `json:"rules"`
}

func counts(m map[string][]int) []NameCount {
	out := make([]NameCount, 0, len(m))
	for n, rs := range m {
		out = append(out, NameCount{Name: n, Rules: len(rs)})
	}
	slices.SortFunc(out, func(x, y NameCount) int {
		return cmp.Or(cmp.Compare(y.Rules, x.Rules), strings.Compare(x.Name, y.Name))
	})
	return out
}

// Tables returns every table read with its rule count, most used first.
func (ix *Index) Tables() []NameCount { return counts(ix.tables) }

// Techniques returns every technique id listed with its rule count.
func (ix *Index) Techniques() []NameCount { return counts(ix.techniques) }

// Tactics returns every tactic listed with its rule count.
func (ix *Index) Tactics() []NameCount { return counts(ix.tactics) }

// Connectors returns every data connector id required with its rule count.
func (ix *Index) Connectors() []NameCount { return counts(ix.connectors) }

// RulesReading returns the rules that read table, in catalog order.
func (ix *Index) RulesReading(table string) []*RuleAnalysis { return ix.pick(ix.tables[table]) }

// RulesWithTechnique returns the rules that list technique id, in catalog
// order.
func (ix *Index) RulesWithTechnique(id string) []*RuleAnalysis { return ix.pick(ix.techniques[id]) }

// RulesWithTactic returns the rules that list tactic, in catalog order.
func (ix *Index) RulesWithTactic(tactic string) []*RuleAnalysis { return ix.pick(ix.tactics[tactic]) }

// RulesWithConnector returns the rules that require connector id, in
// catalog order.
func (ix *Index) RulesWithConnector(id string) []*RuleAnalysis { return ix.pick(ix.connectors[id]) }
