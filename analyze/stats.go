package analyze

import (
	"cmp"
	"maps"
	"math"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/analyze/selector"
	"github.com/rulecat/rulecat/analyze/tables"
	"github.com/rulecat/rulecat/catalog"
)

// Stats is the statistics report of a catalog: the figures a detection
// engineering lead asks for, computed from the rules, their query analysis
// and the ATT&CK data. Every list has a fixed order, so the same catalog
// gives the same report byte for byte. The JSON keys are stable and
// documented in docs/stats.md.
type Stats struct {
	Where      string         `json:"where"` // the --where expression, "" for the whole catalog
	Rules      int            `json:"rules"`
	Queries    int            `json:"queries"` // query variants
	Size       SizeStats      `json:"size"`
	Attack     AttackStats    `json:"attack"`
	Data       DataStats      `json:"data"`
	Indicators IndicatorStats `json:"indicators"`
	Duplicates DuplicateStats `json:"duplicates"`
	Shape      ShapeStats     `json:"query_shape"`
	Hygiene    HygieneStats   `json:"hygiene"`
}

// Count is one row of a frequency table: how many rules (or queries, as
// the list says) have Name.
type Count struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// RuleRef names a rule in a list.
type RuleRef struct {
	File string `json:"file"`
	ID   string `json:"id"`
	Name string `json:"name"`
}

func refOf(r *catalog.Rule) RuleRef { return RuleRef{File: r.File, ID: r.ID.Text, Name: r.Name.Text} }

// SizeStats is how big the catalog is and how much of it is broken.
type SizeStats struct {
	ByFormat        []Count   `json:"by_format"`   // yaml, markdown, kql
	ByType          []Count   `json:"by_type"`     // Scheduled, NRT, hunting, markdown, query
	BySeverity      []Count   `json:"by_severity"` // High to Informational, then others, then "(none)"
	ByFolder        []Count   `json:"by_folder"`   // the rule's directory, relative to the catalog's common directory
	BySolution      []Count   `json:"by_solution"` // "Solutions/<name>" folders (Azure-Sentinel layout)
	LintErrors      int       `json:"rules_with_lint_errors"`
	ParseErrors     int       `json:"rules_with_parse_errors"`
	LintErrorRules  []RuleRef `json:"lint_error_rules"`
	ParseErrorRules []RuleRef `json:"parse_error_rules"`
}

// AttackStats is the ATT&CK coverage of the catalog, on the enterprise
// matrix. A technique is covered when a rule maps it or one of its
// sub-techniques; it is then covered in every tactic it belongs to.
// Techniques and Covered count each technique once (attack.Data.Coverage);
// a tactic's Gaps list the techniques of that tactic, so a technique of
// several tactics is a gap of each.
type AttackStats struct {
	Version        string           `json:"version"`
	Techniques     int              `json:"techniques"` // live enterprise techniques (sub-techniques rolled up)
	Covered        int              `json:"covered"`
	Coverage       float64          `json:"coverage_percent"` // Covered / Techniques, one decimal
	Mapped         int              `json:"rules_mapped"`     // rules with a tactic or a technique
	Unmapped       int              `json:"rules_unmapped"`
	UnmappedRules  []RuleRef        `json:"unmapped_rules"`
	Tactics        []TacticCoverage `json:"tactics"`         // enterprise matrix order
	TechniqueRules []TechniqueCount `json:"technique_rules"` // by rules, then id
	Revoked        []MappingInUse   `json:"revoked"`
	Deprecated     []MappingInUse   `json:"deprecated"`
	Unknown        []MappingInUse   `json:"unknown"` // ids ATT&CK does not know
}

// TacticCoverage is one tactic of the enterprise matrix. Rules counts the
// rules listing the tactic, or, for rules listing none, having a technique
// of it.
type TacticCoverage struct {
	ID         string         `json:"id"`
	Name       string         `json:"name"`
	Sentinel   string         `json:"sentinel"`
	Rules      int            `json:"rules"`
	Techniques int            `json:"techniques"`
	Covered    int            `json:"covered"`
	Coverage   float64        `json:"coverage_percent"`
	Gaps       []TechniqueRef `json:"gaps"` // techniques with no rule, in matrix order
}

// TechniqueRef names an ATT&CK technique.
type TechniqueRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// TechniqueCount is the number of rules mapping a technique, its
// sub-techniques included, with the count of each sub-technique.
type TechniqueCount struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	Rules         int     `json:"rules"`
	Subtechniques []Count `json:"subtechniques"`
}

// MappingInUse is a technique id that rules still map although ATT&CK
// revoked or deprecated it (or never had it).
type MappingInUse struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Replacement string    `json:"replacement"` // for a revoked technique, when ATT&CK names one
	Rules       []RuleRef `json:"rules"`
}

// DataStats is what the catalog reads.
type DataStats struct {
	Tables     []Count `json:"tables"`     // rules reading each table
	Connectors []Count `json:"connectors"` // rules requiring each data connector
	// ReadNotDeclared lists, for rules that declare requiredDataConnectors,
	// the known tables their queries read that no connector's dataTypes
	// names; DeclaredNotRead the dataTypes no query reads.
	ReadNotDeclared []TableMismatch `json:"read_not_declared"`
	DeclaredNotRead []TableMismatch `json:"declared_not_read"`
}

// TableMismatch is a rule and the tables in question.
type TableMismatch struct {
	RuleRef
	Tables []string `json:"tables"`
}

// IndicatorStats is about what the queries filter on. An indicator value
// is a (field, kind, value) triple; its count is the number of rules using
// it in the catalog reported on.
type IndicatorStats struct {
	Distinct     int              `json:"distinct"`
	TopReused    []IndicatorCount `json:"top_reused"`        // most reused triples, used by 2 rules or more
	TopFields    []Count          `json:"top_fields"`        // rules filtering on each field
	Kinds        []Count          `json:"kinds"`             // rules using each kind
	AllUnique    int              `json:"rules_all_unique"`  // every value used by this rule only
	AllGeneric   int              `json:"rules_all_generic"` // every indicator shared with another rule
	Mixed        int              `json:"rules_mixed"`
	NoIndicators int              `json:"rules_without_indicators"`
	GenericRules []RuleRef        `json:"generic_rules"`
}

// IndicatorCount is one (field, kind, value) triple and the rules using it.
type IndicatorCount struct {
	Field string `json:"field"`
	Kind  string `json:"kind"`
	Value string `json:"value"`
	Rules int    `json:"rules"`
}

// DuplicateStats is the duplicate and near-duplicate rules.
type DuplicateStats struct {
	Jaccard       float64      `json:"jaccard"`        // threshold of Near
	MinIndicators int          `json:"min_indicators"` // rules with fewer indicator values are not compared
	Exact         []ExactGroup `json:"exact"`
	Near          []NearPair   `json:"near"`
}

// ExactGroup is a set of queries, in two files or more, that are the same
// once whitespace, comments and let names are normalised.
type ExactGroup struct {
	Queries []QueryRef `json:"queries"`
}

// QueryRef names one query variant of a rule.
type QueryRef struct {
	RuleRef
	Query int    `json:"query"` // 0-based index among the rule's queries
	Label string `json:"label"`
	Line  int    `json:"line"`
}

// NearPair is two rules whose indicator sets are alike.
type NearPair struct {
	A       RuleRef `json:"a"`
	B       RuleRef `json:"b"`
	Jaccard float64 `json:"jaccard"` // rounded to 3 decimals
	Shared  int     `json:"shared"`
	SizeA   int     `json:"size_a"`
	SizeB   int     `json:"size_b"`
}

// ShapeStats is what the queries look like.
type ShapeStats struct {
	Stages       []Count          `json:"stages"`    // queries by number of top-level stages: "1", ..., "15+"
	Operators    []Count          `json:"operators"` // queries using each operator, nested pipelines included
	Joins        int              `json:"queries_with_join"`
	Unions       int              `json:"queries_with_union"`
	ExternalData []ExternalSource `json:"externaldata"`
	Length       []Count          `json:"length"` // queries by length in characters, in 1,000-character buckets
	Longest      int              `json:"longest"`
	Limit        int              `json:"limit"`      // Sentinel's query length limit: 10,000 characters
	OverLimit    []QueryLength    `json:"over_limit"` // longer than Limit
	NearLimit    []QueryLength    `json:"near_limit"` // over 80% of Limit
	Frequency    []Count          `json:"query_frequency"`
	Period       []Count          `json:"query_period"`
}

// ExternalSource is a URL externaldata reads and the rules reading it.
type ExternalSource struct {
	URL   string    `json:"url"`
	Rules []RuleRef `json:"rules"`
}

// QueryLength is a query and its length in characters.
type QueryLength struct {
	QueryRef
	Chars int `json:"chars"`
}

// HygieneStats is what a reviewer would send back.
type HygieneStats struct {
	Placeholders     []Placeholder `json:"placeholders"`
	PlaceholderRules int           `json:"rules_with_placeholders"`
	NoDescription    []RuleRef     `json:"no_description"`     // YAML and markdown rules
	NoVersion        []RuleRef     `json:"no_version"`         // YAML rules
	NoEntityMappings []RuleRef     `json:"no_entity_mappings"` // Scheduled and NRT rules
}

// StatsOptions tune ComputeStats.
type StatsOptions struct {
	Attack *attack.Data         // nil leaves the ATT&CK coverage empty
	Tables *tables.Schema       // known tables, for the declared-versus-read comparison; nil trusts every name
	Lint   []catalog.Diagnostic // findings of the lint checks, to count rules with lint errors
	Where  string               // recorded in the report
	// Jaccard is the near-duplicate threshold (default 0.8); MinIndicators
	// the fewest indicator values a rule needs to be compared (default 3).
	Jaccard       float64
	MinIndicators int
	Top           int // length of the top_reused and top_fields lists (default 25)
}

// QueryLimit is Sentinel's limit on the length of an analytic rule's query.
const QueryLimit = 10000

// statsQuery is what the statistics need from one query's analysis.
type statsQuery struct {
	tables       []string
	stages       int
	operators    []string // every stage operator, nested pipelines included
	indicators   []statsIndicator
	syntaxErrors int
	// From the query text.
	normalized   string // NormalizeQuery
	urls         []string
	placeholders []Placeholder
	chars        int
}

type statsIndicator struct {
	field, kind   string
	caseSensitive bool
	values        []string
}

// computeStats builds the report from the rules and one statsQuery per
// query of each rule (facts[i][j] for c.Rules[i].Queries[j]; every rule
// has exactly one per query).
func computeStats(c *catalog.Catalog, facts [][]statsQuery, o StatsOptions) *Stats {
	if o.Jaccard <= 0 {
		o.Jaccard = 0.8
	}
	if o.MinIndicators <= 0 {
		o.MinIndicators = 3
	}
	if o.Top <= 0 {
		o.Top = 25
	}
	s := &Stats{Where: o.Where, Rules: len(c.Rules)}
	for _, r := range c.Rules {
		s.Queries += len(r.Queries)
	}
	s.Size = sizeStats(c, facts, o)
	s.Attack = attackStats(c, o.Attack)
	s.Data = dataStats(c, facts, o.Tables)
	s.Indicators, s.Duplicates = indicatorStats(c, facts, o)
	s.Shape = shapeStats(c, facts)
	s.Hygiene = hygieneStats(c, facts)
	emptyLists(reflect.ValueOf(s).Elem())
	return s
}

// emptyLists replaces every nil slice under v with an empty one, so the JSON
// report has [] rather than null and its shape never depends on the data.
func emptyLists(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				emptyLists(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.IsNil() {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		}
		for i := range v.Len() {
			emptyLists(v.Index(i))
		}
	}
}

// counter counts distinct rules per name.
type counter map[string]int

// byCount returns the counts by decreasing count, then name.
func (m counter) byCount() []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{k, v})
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Name, b.Name)) })
	return out
}

// inOrder returns the counts of the names in order, then the others by
// count.
func (m counter) inOrder(order []string) []Count {
	var out []Count
	rest := counter{}
	listed := map[string]bool{}
	for _, n := range order {
		listed[n] = true
		if m[n] > 0 {
			out = append(out, Count{n, m[n]})
		}
	}
	for k, v := range m {
		if !listed[k] {
			rest[k] = v
		}
	}
	return append(out, rest.byCount()...)
}

func percent(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return math.Round(1000*float64(n)/float64(d)) / 10
}

func sizeStats(c *catalog.Catalog, facts [][]statsQuery, o StatsOptions) SizeStats {
	var s SizeStats
	format, typ, sev, folder, solution := counter{}, counter{}, counter{}, counter{}, counter{}
	root := commonDir(c)
	lintErr := map[string]bool{}
	for _, d := range o.Lint {
		if d.Severity == catalog.Error {
			lintErr[d.File] = true
		}
	}
	for i, r := range c.Rules {
		format[string(r.Format)]++
		typ[canonicalType(r.Type())]++
		sv := r.Severity.Text
		if k := selector.SeverityRank(sv); k >= 0 {
			sv = selector.Severities[k]
		} else if sv == "" {
			sv = "(none)"
		}
		sev[sv]++
		folder[relDir(root, r.File)]++
		if sol := solutionOf(r.File); sol != "" {
			solution[sol]++
		}
		parse := false
		for _, d := range r.Diagnostics {
			if d.Severity == catalog.Error && strings.HasSuffix(d.Check, "-syntax") {
				parse = true
			}
		}
		for _, q := range facts[i] {
			parse = parse || q.syntaxErrors > 0
		}
		if parse {
			s.ParseErrors++
			s.ParseErrorRules = append(s.ParseErrorRules, refOf(r))
		}
		if lintErr[r.File] || slices.ContainsFunc(r.Diagnostics, func(d catalog.Diagnostic) bool { return d.Severity == catalog.Error }) {
			s.LintErrors++
			s.LintErrorRules = append(s.LintErrorRules, refOf(r))
		}
	}
	s.ByFormat = format.inOrder([]string{"yaml", "markdown", "kql"})
	s.ByType = typ.inOrder([]string{"Scheduled", "NRT", "hunting", "markdown", "query"})
	s.BySeverity = sev.inOrder([]string{"High", "Medium", "Low", "Informational"})
	if n := sev["(none)"]; n > 0 { // last, whatever its count
		s.BySeverity = slices.DeleteFunc(s.BySeverity, func(c Count) bool { return c.Name == "(none)" })
		s.BySeverity = append(s.BySeverity, Count{"(none)", n})
	}
	s.ByFolder = folder.byCount()
	s.BySolution = solution.byCount()
	return s
}

// canonicalType spells the analytic rule kinds as Sentinel documents them,
// whatever case a rule uses ("scheduled").
func canonicalType(t string) string {
	for _, k := range []string{"Scheduled", "NRT"} {
		if strings.EqualFold(t, k) {
			return k
		}
	}
	return t
}

// commonDir is the longest directory that holds every rule file.
func commonDir(c *catalog.Catalog) string {
	if len(c.Rules) == 0 {
		return ""
	}
	dir := path.Dir(c.Rules[0].File)
	for _, r := range c.Rules[1:] {
		for dir != "." && dir != "/" && !strings.HasPrefix(r.File, dir+"/") {
			dir = path.Dir(dir)
		}
	}
	return dir
}

// relDir is the directory of file relative to root, "." for root itself.
func relDir(root, file string) string {
	d := path.Dir(file)
	switch {
	case d == root:
		return "."
	case root == "." || root == "":
		return d
	case root == "/":
		return strings.TrimPrefix(d, "/")
	}
	return strings.TrimPrefix(d, root+"/")
}

// solutionOf returns "Solutions/<name>" for a file under such a folder.
func solutionOf(file string) string {
	segs := strings.Split(file, "/")
	for i := 0; i+2 < len(segs); i++ {
		if segs[i] == "Solutions" {
			return "Solutions/" + segs[i+1]
		}
	}
	return ""
}

func attackStats(c *catalog.Catalog, d *attack.Data) AttackStats {
	var s AttackStats
	if d == nil {
		return s
	}
	s.Version = d.Version()
	perTech := map[string]map[string]bool{}   // parent id -> files
	perSub := map[string]map[string]bool{}    // sub-technique id -> files
	perTactic := map[string]map[string]bool{} // tactic short name -> files
	revoked, deprecated, unknown := map[string][]RuleRef{}, map[string][]RuleRef{}, map[string][]RuleRef{}
	add := func(m map[string]map[string]bool, k, file string) {
		if m[k] == nil {
			m[k] = map[string]bool{}
		}
		m[k][file] = true
	}
	for _, r := range c.Rules {
		if len(r.Tactics) == 0 && len(r.Techniques) == 0 {
			s.Unmapped++
			s.UnmappedRules = append(s.UnmappedRules, refOf(r))
			continue
		}
		s.Mapped++
		listed := false
		for _, t := range r.Tactics {
			if tac, ok := d.Tactic(t.Text); ok && tac.Domain == attack.Enterprise {
				add(perTactic, tac.ShortName, r.File)
				listed = true
			}
		}
		seen := map[string]bool{}
		for _, v := range r.Techniques {
			id := strings.ToUpper(strings.TrimSpace(v.Text))
			if id == "" || seen[id] {
				continue
			}
			seen[id] = true
			t, ok := d.Technique(id)
			switch {
			case !ok:
				unknown[id] = append(unknown[id], refOf(r))
				continue
			case t.Revoked:
				revoked[id] = append(revoked[id], refOf(r))
			case t.Deprecated:
				deprecated[id] = append(deprecated[id], refOf(r))
			}
			if t.Revoked || t.Deprecated {
				continue
			}
			add(perTech, t.Parent(), r.File)
			if t.IsSub() {
				add(perSub, t.ID, r.File)
			}
			if !listed {
				for _, tac := range d.TacticsOf(t.ID) {
					if tac.Domain == attack.Enterprise {
						add(perTactic, tac.ShortName, r.File)
					}
				}
			}
		}
	}
	for _, tac := range d.Tactics(attack.Enterprise) {
		tc := TacticCoverage{ID: tac.ID, Name: tac.Name, Sentinel: tac.Sentinel, Rules: len(perTactic[tac.ShortName])}
		for _, t := range d.Techniques(attack.Enterprise, tac.ShortName) {
			tc.Techniques++
			if len(perTech[t.ID]) > 0 {
				tc.Covered++
			} else {
				tc.Gaps = append(tc.Gaps, TechniqueRef{t.ID, t.Name})
			}
		}
		tc.Coverage = percent(tc.Covered, tc.Techniques)
		s.Tactics = append(s.Tactics, tc)
	}
	s.Covered, s.Techniques = d.Coverage(attack.Enterprise, slices.Collect(maps.Keys(perTech)))
	s.Coverage = percent(s.Covered, s.Techniques)
	for id, files := range perTech {
		tc := TechniqueCount{ID: id, Rules: len(files)}
		if t, ok := d.Technique(id); ok {
			tc.Name = t.Name
		}
		subs := counter{}
		for sid, f := range perSub {
			if attack.ParentID(sid) == id {
				subs[sid] = len(f)
			}
		}
		tc.Subtechniques = subs.byCount()
		s.TechniqueRules = append(s.TechniqueRules, tc)
	}
	slices.SortFunc(s.TechniqueRules, func(a, b TechniqueCount) int {
		return cmp.Or(cmp.Compare(b.Rules, a.Rules), strings.Compare(a.ID, b.ID))
	})
	mappings := func(m map[string][]RuleRef) []MappingInUse {
		var out []MappingInUse
		for id, rules := range m {
			mu := MappingInUse{ID: id, Rules: rules}
			if t, ok := d.Technique(id); ok {
				mu.Name = t.Name
			}
			if r, ok := d.Replacement(id); ok {
				mu.Replacement = r
			}
			out = append(out, mu)
		}
		slices.SortFunc(out, func(a, b MappingInUse) int {
			return cmp.Or(cmp.Compare(len(b.Rules), len(a.Rules)), strings.Compare(a.ID, b.ID))
		})
		return out
	}
	s.Revoked, s.Deprecated, s.Unknown = mappings(revoked), mappings(deprecated), mappings(unknown)
	return s
}

// dataType is the table a dataTypes entry names: "CommonSecurityLog
// (Fortinet)" names CommonSecurityLog.
func dataType(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " ("); i > 0 {
		s = s[:i]
	}
	return s
}

func dataStats(c *catalog.Catalog, facts [][]statsQuery, schema *tables.Schema) DataStats {
	var s DataStats
	tbl, conn := counter{}, counter{}
	for i, r := range c.Rules {
		read := map[string]string{} // folded -> as written
		for _, q := range facts[i] {
			for _, t := range q.tables {
				if _, ok := read[strings.ToLower(t)]; !ok {
					read[strings.ToLower(t)] = t
				}
			}
		}
		for _, t := range sortedValues(read) {
			tbl[t]++
		}
		declared := map[string]string{}
		ids := map[string]bool{}
		for _, cn := range r.Connectors {
			if cn.ID.Text != "" && !ids[cn.ID.Text] {
				ids[cn.ID.Text] = true
				conn[cn.ID.Text]++
			}
			for _, dt := range cn.DataTypes {
				if n := dataType(dt.Text); n != "" {
					declared[strings.ToLower(n)] = n
				}
			}
		}
		if len(declared) == 0 || len(facts[i]) == 0 {
			continue
		}
		var rnd, dnr []string
		for k, t := range read {
			if _, ok := declared[k]; ok {
				continue
			}
			if schema != nil {
				if _, known := schema.Table(t); !known {
					continue // a function, watchlist or let, not a table a connector feeds
				}
			}
			rnd = append(rnd, t)
		}
		for k, t := range declared {
			if _, ok := read[k]; !ok {
				dnr = append(dnr, t)
			}
		}
		if len(rnd) > 0 {
			slices.Sort(rnd)
			s.ReadNotDeclared = append(s.ReadNotDeclared, TableMismatch{refOf(r), rnd})
		}
		if len(dnr) > 0 {
			slices.Sort(dnr)
			s.DeclaredNotRead = append(s.DeclaredNotRead, TableMismatch{refOf(r), dnr})
		}
	}
	s.Tables, s.Connectors = tbl.byCount(), conn.byCount()
	return s
}

func sortedValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// indicatorKey is the (field, kind, value) triple of one indicator value,
// the value normalised as the corpus index does (IndexValue).
func indicatorKey(in statsIndicator, v string) string {
	return in.field + "\x1f" + in.kind + "\x1f" + IndexValue(in.kind, in.caseSensitive, v)
}

// ruleIndicatorSet is the set a rule is compared by for near-duplicates:
// its indicator values over every query variant, and its value-less
// indicators as (field, kind).
func ruleIndicatorSet(qs []statsQuery) []string {
	set := map[string]bool{}
	for _, q := range qs {
		for _, in := range q.indicators {
			if len(in.values) == 0 {
				set[in.field+"\x1f"+in.kind] = true
			}
			for _, v := range in.values {
				set[indicatorKey(in, v)] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func indicatorStats(c *catalog.Catalog, facts [][]statsQuery, o StatsOptions) (IndicatorStats, DuplicateStats) {
	var s IndicatorStats
	triples := map[string]int{}
	display := map[string]IndicatorCount{}
	fields, kinds := counter{}, counter{}
	ruleKeys := make([][]string, len(c.Rules))
	for i := range c.Rules {
		keys, fs, ks := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, q := range facts[i] {
			for _, in := range q.indicators {
				fs[in.field], ks[in.kind] = true, true
				for _, v := range in.values {
					k := indicatorKey(in, v)
					if !keys[k] {
						keys[k] = true
						if _, ok := display[k]; !ok {
							display[k] = IndicatorCount{Field: in.field, Kind: in.kind, Value: v}
						}
					}
				}
			}
		}
		for k := range keys {
			triples[k]++
			ruleKeys[i] = append(ruleKeys[i], k)
		}
		for f := range fs {
			fields[f]++
		}
		for k := range ks {
			kinds[k]++
		}
	}
	s.Distinct = len(triples)
	for k, n := range triples {
		if n > 1 {
			ic := display[k]
			ic.Rules = n
			s.TopReused = append(s.TopReused, ic)
		}
	}
	slices.SortFunc(s.TopReused, func(a, b IndicatorCount) int {
		return cmp.Or(cmp.Compare(b.Rules, a.Rules), strings.Compare(a.Field, b.Field), strings.Compare(a.Kind, b.Kind), strings.Compare(a.Value, b.Value))
	})
	s.TopReused = s.TopReused[:min(len(s.TopReused), o.Top)]
	s.TopFields = fields.byCount()
	s.TopFields = s.TopFields[:min(len(s.TopFields), o.Top)]
	s.Kinds = kinds.byCount()
	for i, r := range c.Rules {
		hasIndicator := false
		for _, q := range facts[i] {
			hasIndicator = hasIndicator || len(q.indicators) > 0
		}
		unique, shared := 0, 0
		for _, k := range ruleKeys[i] {
			if triples[k] == 1 {
				unique++
			} else {
				shared++
			}
		}
		switch {
		case !hasIndicator:
			s.NoIndicators++
		case unique > 0 && shared == 0:
			s.AllUnique++
		case unique == 0:
			s.AllGeneric++
			s.GenericRules = append(s.GenericRules, refOf(r))
		default:
			s.Mixed++
		}
	}

	d := DuplicateStats{Jaccard: o.Jaccard, MinIndicators: o.MinIndicators}
	d.Exact = exactDuplicates(c, facts)
	sets := make([][]string, len(c.Rules))
	for i := range c.Rules {
		sets[i] = ruleIndicatorSet(facts[i])
	}
	// Rules with an exact duplicate query are reported as such, not again
	// as near-duplicates.
	exactPair := map[[2]string]bool{}
	for _, g := range d.Exact {
		for _, x := range g.Queries {
			for _, y := range g.Queries {
				exactPair[[2]string{x.File, y.File}] = true
			}
		}
	}
	for _, p := range NewSimilarityIndex(sets).Pairs(o.Jaccard, o.MinIndicators) {
		a, b := c.Rules[p.A], c.Rules[p.B]
		if a.File == b.File || exactPair[[2]string{a.File, b.File}] {
			continue // variants of one page, or exact duplicates
		}
		d.Near = append(d.Near, NearPair{A: refOf(a), B: refOf(b), Jaccard: math.Round(p.Jaccard*1000) / 1000,
			Shared: p.Shared, SizeA: len(sets[p.A]), SizeB: len(sets[p.B])})
	}
	return s, d
}

// exactDuplicates groups the queries that normalise to the same text,
// keeping groups that span two files or more.
func exactDuplicates(c *catalog.Catalog, facts [][]statsQuery) []ExactGroup {
	groups := map[string][]QueryRef{}
	var keys []string
	for i, r := range c.Rules {
		for qi := range r.Queries {
			q := &r.Queries[qi]
			n := facts[i][qi].normalized
			if n == "" {
				continue
			}
			if _, ok := groups[n]; !ok {
				keys = append(keys, n)
			}
			groups[n] = append(groups[n], QueryRef{RuleRef: refOf(r), Query: qi, Label: q.Label, Line: q.Span.Line})
		}
	}
	var out []ExactGroup
	for _, k := range keys {
		g := groups[k]
		files := map[string]bool{}
		for _, q := range g {
			files[q.File] = true
		}
		if len(files) > 1 {
			out = append(out, ExactGroup{Queries: g})
		}
	}
	slices.SortFunc(out, func(a, b ExactGroup) int {
		return cmp.Or(cmp.Compare(len(b.Queries), len(a.Queries)), strings.Compare(a.Queries[0].File, b.Queries[0].File), cmp.Compare(a.Queries[0].Query, b.Queries[0].Query))
	})
	return out
}

func shapeStats(c *catalog.Catalog, facts [][]statsQuery) ShapeStats {
	s := ShapeStats{Limit: QueryLimit}
	stages, ops, length, freq, period := counter{}, counter{}, counter{}, counter{}, counter{}
	urls := map[string][]RuleRef{}
	const maxStages = 15
	for i, r := range c.Rules {
		ruleURLs := map[string]bool{}
		for qi := range r.Queries {
			q, f := &r.Queries[qi], facts[i][qi]
			n := strconv.Itoa(min(f.stages, maxStages))
			if f.stages >= maxStages {
				n += "+"
			}
			stages[n]++
			seen := map[string]bool{}
			for _, op := range f.operators {
				if !seen[op] {
					seen[op] = true
					ops[op]++
				}
			}
			if seen["join"] {
				s.Joins++
			}
			if seen["union"] {
				s.Unions++
			}
			chars := f.chars
			s.Longest = max(s.Longest, chars)
			k := chars / 1000
			if k >= 10 {
				length["10000+"]++
			} else {
				length[strconv.Itoa(k*1000)+"-"+strconv.Itoa(k*1000+999)]++
			}
			ref := QueryRef{RuleRef: refOf(r), Query: qi, Label: q.Label, Line: q.Span.Line}
			switch {
			case chars > QueryLimit:
				s.OverLimit = append(s.OverLimit, QueryLength{ref, chars})
			case chars > QueryLimit*8/10:
				s.NearLimit = append(s.NearLimit, QueryLength{ref, chars})
			}
			for _, u := range f.urls {
				if !ruleURLs[u] {
					ruleURLs[u] = true
					urls[u] = append(urls[u], refOf(r))
				}
			}
		}
		if r.Format == catalog.FormatYAML && r.Kind.Text != "" {
			if v := r.QueryFrequency.Text; v != "" {
				freq[v]++
			}
			if v := r.QueryPeriod.Text; v != "" {
				period[v]++
			}
		}
	}
	var stageOrder, lengthOrder []string
	for n := range maxStages {
		stageOrder = append(stageOrder, strconv.Itoa(n))
	}
	stageOrder = append(stageOrder, strconv.Itoa(maxStages)+"+")
	for k := range 10 {
		lengthOrder = append(lengthOrder, strconv.Itoa(k*1000)+"-"+strconv.Itoa(k*1000+999))
	}
	lengthOrder = append(lengthOrder, "10000+")
	s.Stages = stages.inOrder(stageOrder)
	s.Operators = ops.byCount()
	s.Length = length.inOrder(lengthOrder)
	s.Frequency = durations(freq)
	s.Period = durations(period)
	for u, rules := range urls {
		s.ExternalData = append(s.ExternalData, ExternalSource{URL: u, Rules: rules})
	}
	slices.SortFunc(s.ExternalData, func(a, b ExternalSource) int {
		return cmp.Or(cmp.Compare(len(b.Rules), len(a.Rules)), strings.Compare(a.URL, b.URL))
	})
	byLen := func(a, b QueryLength) int {
		return cmp.Or(cmp.Compare(b.Chars, a.Chars), strings.Compare(a.File, b.File))
	}
	slices.SortFunc(s.OverLimit, byLen)
	slices.SortFunc(s.NearLimit, byLen)
	return s
}

// durations orders Sentinel durations ("5m", "1h", "14d", "PT1H") by
// length; what does not parse comes last, by name.
func durations(m counter) []Count {
	out := m.byCount()
	slices.SortStableFunc(out, func(a, b Count) int {
		da, db := minutes(a.Name), minutes(b.Name)
		switch {
		case da < 0 && db < 0:
			return strings.Compare(a.Name, b.Name)
		case da < 0:
			return 1
		case db < 0:
			return -1
		}
		return cmp.Or(cmp.Compare(da, db), strings.Compare(a.Name, b.Name))
	})
	return out
}

// minutes is a duration ("5m", "2h", "14d", "PT5M", "P1D"; see
// catalog.ParseTimespan) in whole minutes; -1 when it does not parse or is
// negative.
func minutes(s string) int {
	d, ok := catalog.ParseTimespan(s)
	if !ok || d < 0 {
		return -1
	}
	return int(d / time.Minute)
}

func hygieneStats(c *catalog.Catalog, facts [][]statsQuery) HygieneStats {
	var s HygieneStats
	for i, r := range c.Rules {
		n := len(s.Placeholders)
		for _, q := range facts[i] {
			s.Placeholders = append(s.Placeholders, q.placeholders...)
		}
		if len(s.Placeholders) > n {
			s.PlaceholderRules++
		}
		if slices.ContainsFunc(r.Diagnostics, func(d catalog.Diagnostic) bool { return d.Check == "yaml-syntax" }) {
			continue // what it lacks is unknown; it counts among the parse errors
		}
		if r.Format != catalog.FormatKQL && strings.TrimSpace(r.Description.Text) == "" {
			s.NoDescription = append(s.NoDescription, refOf(r))
		}
		if r.Format == catalog.FormatYAML && r.Version.Text == "" {
			s.NoVersion = append(s.NoVersion, refOf(r))
		}
		if t := canonicalType(r.Type()); (t == "Scheduled" || t == "NRT") && len(r.EntityMappings) == 0 {
			s.NoEntityMappings = append(s.NoEntityMappings, refOf(r))
		}
	}
	return s
}
