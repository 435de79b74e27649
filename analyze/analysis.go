package analyze

import (
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/analyze/tables"
	"github.com/rulecat/rulecat/catalog"
)

// RuleAnalysis is the analysis of one rule: its identity and one
// QueryAnalysis per query variant.
type RuleAnalysis struct {
	Rule       *catalog.Rule    `json:"-"`
	File       string           `json:"file"`
	ID         string           `json:"id"`
	Name       string           `json:"name"`
	Format     string           `json:"format"`
	Kind       string           `json:"kind"` // catalog.Rule.Type: Scheduled, NRT, hunting, markdown, query
	Severity   string           `json:"severity"`
	Tactics    []string         `json:"tactics"`
	Techniques []string         `json:"techniques"`
	Queries    []*QueryAnalysis `json:"queries"`
}

// QueryAnalysis is the analysis of one query variant.
type QueryAnalysis struct {
	Label string `json:"label"` // heading of a markdown variant, "" otherwise
	Line  int    `json:"line"`  // file line where the query text starts
	// Tables are the tables the query reads, anywhere in it (join and
	// union sides, lets, function bodies, subqueries), with the names of
	// the functions it reads as sources (_GetWatchlist, ASIM parsers),
	// sorted. A wildcard union leg (union Sec*) is not listed.
	Tables     []string     `json:"tables"`
	Lookbacks  []Lookback   `json:"lookbacks"`
	Parameters []Parameter  `json:"parameters"`
	Stages     []*Stage     `json:"stages"`
	Indicators []*Indicator `json:"indicators"`
	Outputs    []Output     `json:"outputs"`
	// OutputsComplete is false when some columns could not be known: a
	// table missing from the schema, a plugin or operator whose output
	// rulecat does not model, or text that did not parse.
	OutputsComplete bool `json:"outputs_complete"`
	// SyntaxErrors counts the parse errors of the query; the analysis then
	// covers the parts that parsed.
	SyntaxErrors int `json:"-"`
	// Script and Errors are the parse of the query, kept so that checks
	// and pages need not parse it again.
	Script *kql.Script    `json:"-"`
	Errors []*kql.Error   `json:"-"`
	Query  *catalog.Query `json:"-"`

	lookbackPos map[Lookback]kql.Pos // where each lookback's column is first filtered
	// steps holds, for the semantic checks, the columns and let scope each
	// pipeline operator received (see semantic_steps.go).
	steps map[kql.Operator][]stepInput
}

// Parameter is one top-level let statement.
type Parameter struct {
	Name string `json:"name"`
	Text string `json:"text"` // source text of the value: "14d", "dynamic([...])", a pipeline, a function
	Line int    `json:"line"`
}

// Stage is one step of a query body, or a run of steps merged into one.
//
// Stage 1 is the source: operator "source" for a table, a let name, a
// function call, datatable or externaldata, or the name of the operator a
// pipeline starts with (union, print, range, search, find, evaluate). Later
// stages carry the operator keyword as written (where, filter, extend,
// summarize, join, mv-expand, ...) and Text is the exact source text of the
// step or steps, from the '|' to the step's last token.
//
// Consecutive steps merge into one stage only for the operators that
// reshape columns without filtering or aggregating: extend, project-away,
// project-keep, project-rename and project-reorder. Steps then counts them
// (seed 001: "extend (3 consecutive steps)"). Every other operator, where
// above all, is one stage per step, so each where keeps its own predicates.
//
// Substages hold the nested pipelines of the step: the right side of join
// and lookup, the legs of union, the body of mv-apply, and the pipelines in
// "in (subquery)" and toscalar(...). Each nested pipeline is one substage
// whose Operator names its role ("right", "leg", "mv-apply", "in",
// "toscalar"), whose Text is the nested text, and whose own Substages are
// the stages of that pipeline. A nested reference to a tabular let shows
// the let's stages the same way. When the body calls a let-defined
// function, the stages are those of the function's body.
type Stage struct {
	Index     int      `json:"index"`
	Operator  string   `json:"operator"`
	Steps     int      `json:"steps"`
	Text      string   `json:"text"`
	Line      int      `json:"line"`
	Substages []*Stage `json:"substages"`

	pos, end kql.Pos // source span of the step or steps
	first    bool    // a leading operator that starts a pipeline with no source
}

// Label is the stage's heading on a page: the operator, with the number of
// steps when several were merged ("extend (3 consecutive steps)").
func (s *Stage) Label() string {
	if s.Steps > 1 {
		return s.Operator + " (" + strconv.Itoa(s.Steps) + " consecutive steps)"
	}
	return s.Operator
}

// Indicator kinds. A kind and its negation flip into each other under not().
const (
	KindEq            = "eq"
	KindNe            = "ne"
	KindLt            = "lt"
	KindLe            = "le"
	KindGt            = "gt"
	KindGe            = "ge"
	KindBetween       = "between"
	KindNotBetween    = "not_between"
	KindIn            = "in"
	KindNotIn         = "not_in"
	KindContains      = "contains"
	KindNotContains   = "not_contains"
	KindHas           = "has"
	KindNotHas        = "not_has"
	KindHasAny        = "has_any"
	KindHasAll        = "has_all"
	KindHasPrefix     = "has_prefix"
	KindNotHasPrefix  = "not_has_prefix"
	KindHasSuffix     = "has_suffix"
	KindNotHasSuffix  = "not_has_suffix"
	KindStartsWith    = "starts_with"
	KindNotStartsWith = "not_starts_with"
	KindEndsWith      = "ends_with"
	KindNotEndsWith   = "not_ends_with"
	KindMatches       = "matches"
	KindNotMatches    = "not_matches"
	KindIsNull        = "is_null"
	KindIsNotNull     = "is_not_null"
)

// Indicator is one thing a query filters on: a field, the kind of test and
// the literal values tested, merged over the whole query variant by
// (field, kind, case sensitivity). Values is empty when the field is
// compared with another column or a non-constant expression (seed 001:
// "ProofpointPOD_TimeGenerated lt"), and for is_null / is_not_null.
//
// Field is the column name, followed back through extend, project and
// project-rename steps that rename a plain column within the same pipeline;
// a conversion such as tostring(X) or tolower(X) is looked through; any
// other expression is its source text. CaseSensitive is true for ==, !=, in,
// !in, the _cs forms, matches regex and the numeric comparisons, false for
// =~, !~, in~, has, contains, startswith and the other case-insensitive
// string operators.
type Indicator struct {
	Field         string           `json:"field"`
	Kind          string           `json:"kind"`
	CaseSensitive bool             `json:"case_sensitive"`
	Values        []IndicatorValue `json:"values"`
	Line          int              `json:"line"` // file line of the first predicate that contributed
}

// IndicatorValue is one literal an indicator tests, with the number of
// rules of the catalog whose indicators include the same (field, kind,
// normalised value); the rule itself is counted, so 1 means unique. Corpus
// is 0 until AnalyzeCatalog fills it in.
type IndicatorValue struct {
	Value  string `json:"value"`
	Corpus int    `json:"corpus"`
	Bare   bool   `json:"-"` // the query writes it without quotes: a number, a bool, a timespan
}

// Lookback is a filter on time relative to the run: Column of Table compared
// with ago(Window) or now(). Window is the timespan reaching back from the
// run ("14d"), "0s" for a bound at now() itself, or the source text of the
// time expression when it is not a plain timespan. Table is "" when the
// pipeline's source is not a table (datatable, a plugin).
type Lookback struct {
	Table  string `json:"table"`
	Column string `json:"column"`
	Window string `json:"window"`
}

// Output is one column a query emits and the kind of step that last
// produced it: "table" for a column read from a source table, or the
// operator (project, extend, summarize, project-rename, join, lookup,
// union, mv-expand, mv-apply, parse, parse-kv, make-series, datatable,
// externaldata, ...).
type Output struct {
	Field  string `json:"field"`
	Source string `json:"source"`
}

// AnalyzeRule analyzes every query variant of r. schema gives the columns
// of source tables; a nil schema makes every table's columns unknown.
func AnalyzeRule(r *catalog.Rule, schema *tables.Schema) *RuleAnalysis {
	ra := &RuleAnalysis{
		Rule:       r,
		File:       r.File,
		ID:         r.ID.Text,
		Name:       r.Name.Text,
		Format:     string(r.Format),
		Kind:       r.Type(),
		Severity:   r.Severity.Text,
		Tactics:    texts(r.Tactics),
		Techniques: texts(r.Techniques),
		Queries:    make([]*QueryAnalysis, 0, len(r.Queries)),
	}
	for i := range r.Queries {
		ra.Queries = append(ra.Queries, AnalyzeQuery(&r.Queries[i], schema))
	}
	return ra
}

// AnalyzeQuery analyzes one query variant. It never panics on any input
// the parser accepts or recovers from.
func AnalyzeQuery(q *catalog.Query, schema *tables.Schema) *QueryAnalysis {
	script, errs := kql.Parse(q.Text)
	a := newAnalyzer(q, schema)
	a.res.SyntaxErrors = len(errs)
	a.script(script)
	qa := a.finish()
	qa.Script, qa.Errors, qa.Query = script, errs, q
	if len(errs) > 0 {
		qa.OutputsComplete = false
	}
	return qa
}

// CatalogAnalysis is the analysis of a whole catalog: one RuleAnalysis per
// rule, in the catalog's (path) order, and the corpus index over them.
type CatalogAnalysis struct {
	Rules []*RuleAnalysis
	Index *Index
}

// ByRule maps each rule of a to its analysis; a may be nil.
func (a *CatalogAnalysis) ByRule() map[*catalog.Rule]*RuleAnalysis {
	if a == nil {
		return map[*catalog.Rule]*RuleAnalysis{}
	}
	m := make(map[*catalog.Rule]*RuleAnalysis, len(a.Rules))
	for _, ra := range a.Rules {
		m[ra.Rule] = ra
	}
	return m
}

// AnalyzeCatalog analyzes every rule of cat on a bounded worker pool, builds
// the corpus Index and fills in every indicator value's corpus count. The
// result does not depend on scheduling or on the order of files.
func AnalyzeCatalog(cat *catalog.Catalog, schema *tables.Schema) *CatalogAnalysis {
	out := make([]*RuleAnalysis, len(cat.Rules))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, r := range cat.Rules {
		sem <- struct{}{} // at most GOMAXPROCS rules in flight
		wg.Go(func() {
			defer func() { <-sem }()
			out[i] = AnalyzeRule(r, schema)
		})
	}
	wg.Wait()
	ix := NewIndex(out)
	ix.annotate()
	return &CatalogAnalysis{Rules: out, Index: ix}
}

func texts(vs []catalog.Value) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, v.Text)
	}
	return out
}

// Duration is the lookback window as a duration, for a check against the
// rule's queryPeriod. ok is false when Window is not a plain timespan
// ("14d", "1.5h", "30min", "0s", "1.00:00:00").
func (lb Lookback) Duration() (d time.Duration, ok bool) {
	return catalog.ParseTimespan(lb.Window)
}
