package analyze

import (
	"gopkg.in/yaml.v3"

	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/catalog"
)

func placeholder() *Check {
	return &Check{
		ID:       "placeholder",
		Severity: catalog.Warning,
		Title:    "query still holds a placeholder to fill in",
		Doc: "Rules published as templates often hold text for the user to replace: `\"<ipaddress>\"`, " +
			"`\"IP ADDRESS GOES HERE\"`, `<your-watchlist>`. Left in, the query compares with that text and " +
			"never matches anything, or does not parse at all, and nobody notices because a detection that " +
			"never fires looks like a quiet network.\n\nReplace the placeholder with the real value, or turn " +
			"it into a `let` at the top of the query with a comment saying what to put there. Markup such as " +
			"`\"<script>\"`, the text a `replace_regex()` writes and the `<Name>` tokens of entity exploration " +
			"queries, which Sentinel fills in, are not taken for placeholders.",
		Bad: exampleRule("e4f5a6b7-c8d9-4e4b-b0c1-9b0c1d2e3f01", "Sign-in from the jump host",
			"SigninLogs\n| where TimeGenerated > ago(1h)\n| where IPAddress == \"<jump host ip>\"\n"),
		Good: exampleRule("e4f5a6b7-c8d9-4e4b-b0c1-9b0c1d2e3f01", "Sign-in from the jump host",
			"SigninLogs\n| where TimeGenerated > ago(1h)\n| where IPAddress == \"203.0.113.7\"\n"),
		Run: func(p *Pass) {
			if explorationQuery(p.Rule) {
				return // Sentinel fills in <Name>, <Address>, ... from the entity page
			}
			for _, qa := range p.queries() {
				rewrites := rewriteArgs(qa, p.nodes(qa))
				for _, ph := range queryPlaceholders(p.Rule.File, qa.Query, kql.Lex(qa.Query.Text)) {
					if rewrites[[2]int{ph.Line, ph.Col}] {
						continue // the text a replace() writes, not a value to fill in
					}
					p.Reportf(catalog.Span{Line: ph.Line, Col: ph.Col}, "placeholder %s is still in the query; put the real value there", ph.Text)
				}
			}
		},
	}
}

// explorationQuery reports whether r is an entity exploration query, whose
// placeholders Sentinel fills in from the entity page.
func explorationQuery(r *catalog.Rule) bool {
	if r.Root == nil {
		return false
	}
	m := r.Root
	if m.Kind == yaml.DocumentNode && len(m.Content) > 0 {
		m = m.Content[0]
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "InputEntityType" {
			return true
		}
	}
	return false
}

// rewriteArgs returns the file positions (line, column) of the string
// literals that are text to match or write rather than values: the rewrite
// argument of replace, replace_regex or replace_string, and parse patterns.
func rewriteArgs(qa *QueryAnalysis, nodes []kql.Node) map[[2]int]bool {
	out := map[[2]int]bool{}
	mark := func(e kql.Expr) {
		if l, ok := e.(*kql.Literal); ok {
			line, col := qa.Query.Position(int(l.Pos()))
			out[[2]int{line, col}] = true
		}
	}
	for _, n := range nodes {
		switch n := n.(type) {
		case *kql.ParseOp: // parse ... with '<Tag>' Value '</Tag>': markup to match
			for _, e := range n.Pattern {
				mark(e)
			}
		case *kql.ParseWhereOp:
			for _, e := range n.Pattern {
				mark(e)
			}
		}
		c, ok := n.(*kql.CallExpr)
		if !ok || c.Fun == nil {
			continue
		}
		i := map[string]int{"replace": 1, "replace_regex": 2, "replace_string": 2}[c.Fun.Name]
		if i == 0 || i >= len(c.Args) {
			continue
		}
		mark(c.Args[i])
	}
	return out
}
