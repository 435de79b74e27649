package analyze

import (
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/rulecat/rulecat/catalog"
)

// A suppressor silences the findings that `# rulecat:ignore` comments and
// config suppressions accept, and remembers which of them were used.
type suppressor struct {
	cfg      *Config
	byFile   map[string][]int // file → indexes into comments
	comments []comment
	cfgUsed  []bool
	rel      map[string]string // file → path relative to the config's directory
}

// comment is one rule suppression with the lines it covers.
type comment struct {
	rule     *catalog.Rule
	s        catalog.Suppression
	from, to int
	used     bool
}

// newSuppressor collects the suppression comments of every rule of cat,
// each with the lines it covers, and the suppressions of cfg.
func newSuppressor(cat *catalog.Catalog, cfg *Config) *suppressor {
	s := &suppressor{cfg: cfg, byFile: map[string][]int{}, rel: map[string]string{}}
	if cfg != nil {
		s.cfgUsed = make([]bool, len(cfg.Suppress))
	}
	seen := map[string]bool{} // a file's comments, once even if it holds several rules
	for _, r := range cat.Rules {
		for _, sp := range r.Suppressions {
			key := r.File + "\x00" + sp.Check + "\x00" + strconv.Itoa(sp.Line)
			if seen[key] {
				continue
			}
			seen[key] = true
			from, to := sp.Line, keyEnd(r, sp.Line)
			if sp.Line > 0 && sp.Line == firstKeyLine(r) {
				from = 1 // findings about the whole file are reported before the first key
			}
			s.byFile[r.File] = append(s.byFile[r.File], len(s.comments))
			s.comments = append(s.comments, comment{rule: r, s: sp, from: from, to: to})
		}
	}
	return s
}

// suppressed reports whether d is accepted, marking every suppression that
// accepts it as used.
func (s *suppressor) suppressed(d catalog.Diagnostic) bool {
	hit := false
	for _, i := range s.byFile[d.File] {
		c := &s.comments[i]
		if c.s.Check == d.Check && d.Line >= c.from && d.Line <= c.to {
			c.used, hit = true, true
		}
	}
	if s.cfg != nil {
		for i, ps := range s.cfg.Suppress {
			if ps.Check == d.Check && ps.Path.Match(s.relPath(d.File)) {
				s.cfgUsed[i], hit = true, true
			}
		}
	}
	return hit
}

// relPath is file relative to the config's directory, cached.
func (s *suppressor) relPath(file string) string {
	r, ok := s.rel[file]
	if !ok {
		r = s.cfg.rel(file)
		s.rel[file] = r
	}
	return r
}

// unused returns an unused-suppression finding for every suppression that
// accepted nothing and for every one that gives no reason.
func (s *suppressor) unused(c *Check) []catalog.Diagnostic {
	var ds []catalog.Diagnostic
	for _, cm := range s.comments {
		sp := cm.s.Span
		d := catalog.Diagnostic{
			File: cm.rule.File, Line: max(sp.Line, 1), Col: max(sp.Col, 1), EndLine: sp.EndLine, EndCol: sp.EndCol,
			Severity: c.Severity, Check: c.ID, RuleID: cm.rule.ID.Text,
		}
		if !cm.used {
			d.Message = unusedMessage(cm.s.Check)
			ds = append(ds, d)
		}
		if cm.s.Reason == "" && cm.s.Check != "" {
			d.Message = noReasonMessage(cm.s.Check)
			ds = append(ds, d)
		}
	}
	if s.cfg == nil {
		return ds
	}
	for i, ps := range s.cfg.Suppress {
		d := catalog.Diagnostic{File: s.cfg.File, Line: ps.Line, Col: ps.Col, Severity: c.Severity, Check: c.ID}
		if !s.cfgUsed[i] {
			d.Message = unusedMessage(ps.Check)
			ds = append(ds, d)
		}
		if ps.Reason == "" {
			d.Message = noReasonMessage(ps.Check)
			ds = append(ds, d)
		}
	}
	return ds
}

// unusedMessage says that a suppression of check accepted nothing.
func unusedMessage(check string) string {
	if check == "" {
		return "suppression names no check; write \"rulecat:ignore CHECK-ID reason\""
	}
	return "suppression of \"" + check + "\" matches no finding; remove it"
}

// noReasonMessage says that a suppression of check gives no reason.
func noReasonMessage(check string) string {
	return "suppression of \"" + check + "\" gives no reason; say why the finding is acceptable"
}

// keyEnd returns the last line covered by a suppression aimed at line: in
// YAML, the whole value of the key (or list entry) that starts there, up to
// the line before the next key; in a .kql file or a markdown page, the rest
// of the query that holds line or whose fence opens on it. Otherwise a
// suppression covers its line only.
func keyEnd(r *catalog.Rule, line int) int {
	if r.Root == nil {
		for _, q := range r.Queries {
			if q.Span.EndLine > 0 && line >= q.Span.Line-1 && line <= q.Span.EndLine {
				return q.Span.EndLine
			}
		}
		return line
	}
	last := len(r.Lines)
	if end, ok := extent(r.Root, line, max(last, line)); ok {
		return max(end, line)
	}
	return line
}

// firstKeyLine is the line of the first key of a YAML rule's top-level
// mapping, or 0.
func firstKeyLine(r *catalog.Rule) int {
	n := r.Root
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n == nil || n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return 0
	}
	return n.Content[0].Line
}

// extent finds the node that starts on line among n and its descendants,
// where end is the last line n may span; it returns the last line of that
// node's entry.
func extent(n *yaml.Node, line, end int) (int, bool) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			if e, ok := extent(c, line, end); ok {
				return e, true
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			next := end
			if i+2 < len(n.Content) {
				next = n.Content[i+2].Line - 1
			}
			if n.Content[i].Line == line {
				return next, true
			}
			if e, ok := extent(n.Content[i+1], line, next); ok {
				return e, true
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			next := end
			if i+1 < len(n.Content) {
				next = n.Content[i+1].Line - 1
			}
			if c.Line == line {
				return next, true
			}
			if e, ok := extent(c, line, next); ok {
				return e, true
			}
		}
	}
	return 0, false
}
