package analyze

import (
	"slices"

	"github.com/rulecat/rulecat/catalog"
)

// Result is the outcome of linting a catalog: what was read and what was
// found, sorted with catalog.SortDiagnostics.
type Result struct {
	Files, Rules int
	Diagnostics  []catalog.Diagnostic
}

// Lint runs checks over env.Catalog and applies cfg (which may be nil): it
// drops disabled checks, adds the problems found while loading, changes
// severities, silences the findings that `# rulecat:ignore` comments and
// config suppressions accept, and reports the suppressions that accepted
// nothing or give no reason as unused-suppression. The result does not
// depend on scheduling.
func Lint(env *Env, checks []*Check, cfg *Config) *Result {
	cat := env.Catalog
	var enabled []*Check
	var unused *Check
	for _, c := range checks {
		switch {
		case cfg.Disabled(c.ID):
		case c.ID == unusedSuppressionID:
			unused = c // reported below, once every other finding is known
		default:
			enabled = append(enabled, c)
		}
	}
	ds := Run(env, enabled)
	// Problems found while loading are reported by the check of their id
	// when there is one (such as yaml-syntax); the others are added here.
	covered := map[string]bool{}
	for _, c := range checks {
		covered[c.ID] = true
	}
	for _, r := range cat.Rules {
		for _, d := range r.Diagnostics {
			if covered[d.Check] || cfg.Disabled(d.Check) {
				continue
			}
			if d.RuleID == "" {
				d.RuleID = r.ID.Text
			}
			ds = append(ds, d)
		}
	}

	rules := newRuleIndex(cat)
	sup := newSuppressor(cat, cfg)
	kept := ds[:0]
	for _, d := range ds {
		d.Severity = cfg.severity(d, rules)
		if !sup.suppressed(d) {
			kept = append(kept, d)
		}
	}
	ds = kept
	if unused != nil {
		for _, d := range sup.unused(unused) {
			d.Severity = cfg.severity(d, rules)
			ds = append(ds, d)
		}
	}
	return &Result{Files: cat.Files, Rules: len(cat.Rules), Diagnostics: catalog.SortDiagnostics(ds)}
}

// Filter keeps only the diagnostics whose file keep accepts. The file and
// rule counts stay those of the whole catalog.
func (r *Result) Filter(keep func(file string) bool) {
	kept := r.Diagnostics[:0]
	for _, d := range r.Diagnostics {
		if keep(d.File) {
			kept = append(kept, d)
		}
	}
	r.Diagnostics = kept
}

// HasErrors reports whether any diagnostic has error severity.
func (r *Result) HasErrors() bool {
	for _, d := range r.Diagnostics {
		if d.Severity == catalog.Error {
			return true
		}
	}
	return false
}

// ruleIndex finds the rule a diagnostic is about.
type ruleIndex map[string][]*catalog.Rule

// newRuleIndex indexes the rules of cat by file.
func newRuleIndex(cat *catalog.Catalog) ruleIndex {
	idx := ruleIndex{}
	for _, r := range cat.Rules {
		idx[r.File] = append(idx[r.File], r)
	}
	return idx
}

// rule returns the rule of d's file with d's rule id, else the file's first
// rule, else nil (a finding in the config file).
func (idx ruleIndex) rule(d catalog.Diagnostic) *catalog.Rule {
	rs := idx[d.File]
	for _, r := range rs {
		if r.ID.Text == d.RuleID {
			return r
		}
	}
	if len(rs) > 0 {
		return rs[0]
	}
	return nil
}

// severity returns d's severity after the config's severity rules; the
// last rule that applies wins.
func (c *Config) severity(d catalog.Diagnostic, rules ruleIndex) catalog.Severity {
	if c == nil {
		return d.Severity
	}
	sev := d.Severity
	for _, sr := range c.Severity {
		if sr.Check != d.Check {
			continue
		}
		if sr.Selector != nil {
			r := rules.rule(d)
			if r == nil || !c.match(sr.Selector, r) {
				continue
			}
		}
		sev = sr.Severity
	}
	return sev
}

// match applies a config's where: expression to r. A path in it is
// relative to the config's directory, like the config's globs, so the
// same config gives the same verdict from any working directory.
func (c *Config) match(s Selector, r *catalog.Rule) bool {
	if ps, ok := s.(interface {
		MatchPath(r *catalog.Rule, path string) bool
	}); ok {
		return ps.MatchPath(r, c.rel(r.File))
	}
	return s.Match(r)
}

// KnownCheck reports whether id names a check or a problem the loader
// reports; config files may only name known ids.
func KnownCheck(id string) bool {
	if slices.Contains(catalog.LoadCheckIDs(), id) {
		return true
	}
	for _, f := range checkList {
		if f().ID == id {
			return true
		}
	}
	return false
}

// Select keeps only the diagnostics about rules s matches; a diagnostic
// about no rule of cat (one in the config file) is kept.
func (r *Result) Select(cat *catalog.Catalog, s Selector) {
	rules := newRuleIndex(cat)
	kept := r.Diagnostics[:0]
	for _, d := range r.Diagnostics {
		if rule := rules.rule(d); rule == nil || s.Match(rule) {
			kept = append(kept, d)
		}
	}
	r.Diagnostics = kept
}
