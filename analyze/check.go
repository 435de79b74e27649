package analyze

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/analyze/tables"
	"github.com/rulecat/rulecat/catalog"
)

// A Check is one lint rule: its documentation and its code.
type Check struct {
	ID        string // stable kebab-case id: "attack-revoked"
	Severity  catalog.Severity
	Title     string // one line, lowercase, no period
	Doc       string // markdown: why it matters and how to fix it
	Bad, Good string // minimal rule text (YAML unless it starts with "#" for markdown); Bad must trigger the check, Good must not
	Run       func(p *Pass)
}

// Env is what checks may read besides the rule itself: the whole catalog
// and the reference data. It is built once per run and never modified while
// checks run.
type Env struct {
	Catalog *catalog.Catalog
	Attack  *attack.Data
	Tables  *tables.Schema
	// Index is the catalog-wide view of rules by id, name and file; NewEnv
	// builds it. Checks that need it stay silent when it is nil.
	Index *CatalogIndex
	// Analysis is the query analysis of every rule with the corpus index;
	// NewEnv builds it. Checks reach a rule's part with Pass.Analysis.
	Analysis *CatalogAnalysis
	// Changed reports whether a rule file is among those a pull request
	// changes (rulecat lint --changed-since); it is nil outside PR mode.
	Changed func(file string) bool
	byRule  map[*catalog.Rule]*RuleAnalysis
	// similar is the catalog's indicator-set similarity index, built on
	// first use by the near-duplicate check (see semantic_dup.go).
	similarOnce sync.Once
	similar     *ruleSimilarity
	// nodes caches each query's AST in preorder for the semantic checks
	// (*QueryAnalysis → []kql.Node), so that they walk it once.
	nodes sync.Map
}

// RuleAnalysis returns the analysis of r, or nil when the Env has none.
func (e *Env) RuleAnalysis(r *catalog.Rule) *RuleAnalysis {
	if e == nil {
		return nil
	}
	return e.byRule[r]
}

// Analysis returns the query analysis of the pass's rule, or nil when the
// Env was built without one.
func (p *Pass) Analysis() *RuleAnalysis { return p.Env.RuleAnalysis(p.Rule) }

// A Pass is one check running on one rule.
type Pass struct {
	Check *Check
	Rule  *catalog.Rule
	Env   *Env
	diags []catalog.Diagnostic
}

// Reportf records a finding of the pass's check at span, with the check's
// default severity.
func (p *Pass) Reportf(span catalog.Span, format string, args ...any) {
	p.ReportSeverityf(p.Check.Severity, span, format, args...)
}

// ReportSeverityf records a finding with an explicit severity.
func (p *Pass) ReportSeverityf(sev catalog.Severity, span catalog.Span, format string, args ...any) {
	p.diags = append(p.diags, catalog.Diagnostic{
		File: p.Rule.File, Line: max(span.Line, 1), Col: max(span.Col, 1),
		EndLine: span.EndLine, EndCol: span.EndCol,
		Severity: sev, Check: p.Check.ID, Message: fmt.Sprintf(format, args...),
		RuleID: p.Rule.ID.Text,
	})
}

// Report records a ready-made diagnostic, filling in file, check and rule id.
func (p *Pass) Report(d catalog.Diagnostic) {
	d.File, d.Check, d.RuleID = p.Rule.File, p.Check.ID, p.Rule.ID.Text
	p.diags = append(p.diags, d)
}

// Checks returns every check, sorted by ID.
func Checks() []*Check {
	cs := make([]*Check, 0, len(checkList))
	for _, f := range checkList {
		cs = append(cs, f())
	}
	slices.SortFunc(cs, func(a, b *Check) int { return strings.Compare(a.ID, b.ID) })
	return cs
}

// Run runs checks on every rule of env.Catalog on a bounded worker pool and
// returns the findings sorted with catalog.SortDiagnostics. The result does not
// depend on scheduling.
func Run(env *Env, checks []*Check) []catalog.Diagnostic {
	rules := env.Catalog.Rules
	out := make([][]catalog.Diagnostic, len(rules))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, r := range rules {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			var ds []catalog.Diagnostic
			for _, c := range checks {
				p := &Pass{Check: c, Rule: r, Env: env}
				c.Run(p)
				ds = append(ds, p.diags...)
			}
			out[i] = ds
		})
	}
	wg.Wait()
	var all []catalog.Diagnostic
	for _, ds := range out {
		all = append(all, ds...)
	}
	return catalog.SortDiagnostics(all)
}
