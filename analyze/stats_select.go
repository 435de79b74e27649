package analyze

import (
	"slices"
	"strings"

	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/analyze/selector"
	"github.com/rulecat/rulecat/catalog"
)

// RuleSubject is a rule as the selector language sees it (see package
// selector for the attributes). Tables and Fields come from query analysis:
// the tables the queries read and the fields their indicators test; they
// may stay nil when the expression does not use them.
type RuleSubject struct {
	Rule   *catalog.Rule
	Tables []string
	Fields []string
	// Attack, when set, gives a rule that lists no tactics (a markdown
	// page) the tactics of its techniques, as the statistics count them.
	Attack *attack.Data
	// Path, when set, is the path attribute instead of Rule.File.
	Path string
}

// Values returns the values of one selector attribute. kind is the rule's
// Type ("Scheduled", "NRT", "hunting", "markdown", "query"), so hunting
// queries can be selected too; technique lists each sub-technique's parent
// as well, so technique == T1566 also selects rules mapped to T1566.002.
func (s RuleSubject) Values(attr string) []string {
	r := s.Rule
	one := func(v string) []string {
		if v == "" {
			return nil
		}
		return []string{v}
	}
	switch attr {
	case "id":
		return one(r.ID.Text)
	case "name":
		return one(r.Name.Text)
	case "path":
		if s.Path != "" {
			return one(s.Path)
		}
		return one(r.File)
	case "format":
		return one(string(r.Format))
	case "kind":
		return one(r.Type())
	case "severity":
		return one(r.Severity.Text)
	case "status":
		return one(r.Status.Text)
	case "tactic":
		if len(r.Tactics) > 0 || s.Attack == nil {
			return nonEmpty(r.Tactics)
		}
		var out []string
		for _, t := range r.Techniques {
			for _, tac := range s.Attack.TacticsOf(strings.ToUpper(strings.TrimSpace(t.Text))) {
				if name := tacticKey(tac); !slices.Contains(out, name) {
					out = append(out, name)
				}
			}
		}
		return out
	case "technique":
		var out []string
		for _, t := range r.Techniques {
			out = append(out, t.Text)
			if p := attack.ParentID(t.Text); p != t.Text {
				out = append(out, p)
			}
		}
		return out
	case "connector":
		var out []string
		for _, c := range r.Connectors {
			if c.ID.Text != "" {
				out = append(out, c.ID.Text)
			}
		}
		return out
	case "table":
		return s.Tables
	case "field":
		return s.Fields
	}
	return nil
}

func nonEmpty(vs []catalog.Value) []string {
	var out []string
	for _, v := range vs {
		if v.Text != "" {
			out = append(out, v.Text)
		}
	}
	return out
}

// RuleSelector matches rules against a selector expression. It satisfies
// Selector, so a config's `where:` and the --where flag share it.
type RuleSelector struct {
	Expr *selector.Expr
	// Facts returns the tables a rule's queries read and the fields its
	// indicators test; Match calls it only when Expr uses table or field.
	Facts func(r *catalog.Rule) (tables, fields []string)
	// Attack gives rules that list no tactics those of their techniques
	// (see RuleSubject); set it with UseAttack.
	Attack *attack.Data
}

// UseAttack lets tactic comparisons see the tactics of a rule's techniques
// when the rule lists none. It is a no-op on a nil RuleSelector, so a
// command can call it whether or not --where was given.
func (s *RuleSelector) UseAttack(d *attack.Data) {
	if s != nil {
		s.Attack = d
	}
}

var _ Selector = (*RuleSelector)(nil)

// CompileSelector parses a selector expression into a RuleSelector whose
// Facts analyzes the rule's queries. Errors are *selector.Error, with the
// column in expr.
func CompileSelector(expr string) (*RuleSelector, error) {
	e, err := selector.Parse(expr)
	if err != nil {
		return nil, err
	}
	return &RuleSelector{Expr: e, Facts: ruleFacts}, nil
}

// Match reports whether r satisfies the expression. A nil RuleSelector
// matches every rule.
func (s *RuleSelector) Match(r *catalog.Rule) bool { return s.MatchPath(r, r.File) }

// MatchPath is Match with the path attribute taken to be p instead of the
// rule's file as reached from the command line (a config file's selectors
// see paths relative to the config's directory).
func (s *RuleSelector) MatchPath(r *catalog.Rule, p string) bool {
	if s == nil || s.Expr == nil {
		return true
	}
	sub := RuleSubject{Rule: r, Attack: s.Attack, Path: p}
	if s.Facts != nil && (s.Expr.Uses("table") || s.Expr.Uses("field")) {
		sub.Tables, sub.Fields = s.Facts(r)
	}
	return s.Expr.Match(sub)
}

// Filter returns the catalog of the rules s matches (the same catalog when
// s is nil).
func (s *RuleSelector) Filter(c *catalog.Catalog) *catalog.Catalog {
	if s == nil || s.Expr == nil {
		return c
	}
	out := &catalog.Catalog{Files: c.Files}
	for _, r := range c.Rules {
		if s.Match(r) {
			out.Rules = append(out.Rules, r)
		}
	}
	return out
}

// FilterAnalyzed is Filter for a catalog already analyzed: the tables and
// fields of each rule come from a (rules a does not hold are analyzed
// again).
func (s *RuleSelector) FilterAnalyzed(c *catalog.Catalog, a *CatalogAnalysis) *catalog.Catalog {
	if s == nil || s.Expr == nil {
		return c
	}
	byRule := a.ByRule()
	facts := s.Facts
	t := *s
	t.Facts = func(r *catalog.Rule) ([]string, []string) {
		if ra := byRule[r]; ra != nil {
			return factsOf(ra)
		}
		if facts != nil {
			return facts(r)
		}
		return nil, nil
	}
	return t.Filter(c)
}

// MatchAnalyzed reports whether the analyzed rule ra satisfies the
// expression, taking its tables and fields from ra.
func (s *RuleSelector) MatchAnalyzed(ra *RuleAnalysis) bool {
	if s == nil || s.Expr == nil {
		return true
	}
	sub := RuleSubject{Rule: ra.Rule, Attack: s.Attack}
	if s.Expr.Uses("table") || s.Expr.Uses("field") {
		sub.Tables, sub.Fields = factsOf(ra)
	}
	return s.Expr.Match(sub)
}
