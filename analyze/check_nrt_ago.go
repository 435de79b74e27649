package analyze

import (
	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/catalog"
)

func nrtAgo() *Check {
	return &Check{
		ID:       "nrt-ago",
		Severity: catalog.Warning,
		Title:    "near-real-time rule filters on ago()",
		Doc: "A near-real-time (NRT) rule runs about every minute over exactly the events ingested since its last " +
			"run; Sentinel chooses the window by ingestion time. A filter such as `TimeGenerated > ago(5m)` on top " +
			"of that drops every event that arrives late, which for many connectors is most of them, so the rule " +
			"misses what it was written to catch.\n\nRemove the `ago()` filter from the NRT rule's query. Filters inside a `let`, " +
			"a `join` or `lookup` right side or a `union` leg, which read other data such as a baseline, are " +
			"not reported.",
		Bad: "id: e293a4b5-c6d7-4e2f-b405-7b8c9d0e1f01\nname: Sign-in from a blocked address\nkind: NRT\nseverity: High\n" +
			"query: |\n  SigninLogs\n  | where TimeGenerated > ago(5m)\n  | where IPAddress == \"203.0.113.7\"\n",
		Good: "id: e293a4b5-c6d7-4e2f-b405-7b8c9d0e1f01\nname: Sign-in from a blocked address\nkind: NRT\nseverity: High\n" +
			"query: |\n  SigninLogs\n  | where IPAddress == \"203.0.113.7\"\n",
		Run: func(p *Pass) {
			if p.Rule.Kind.Text != "NRT" {
				return
			}
			for _, qa := range p.queries() {
				side := sideRanges(p.nodes(qa))
				for _, c := range callsNamed(p.nodes(qa), "ago") {
					if inRanges(side, c.Pos()) {
						continue // a baseline or lookup over other data may look back
					}
					p.Reportf(nodeSpan(qa.Query, c), "near-real-time rule filters on %q; remove it, NRT rules see each event once as it arrives",
						qa.Query.Text[c.Pos():c.End()])
				}
			}
		},
	}
}

// sideRanges returns the source ranges of the parts of a query that read
// data besides the main pipeline: let values, join and lookup right sides
// and union legs.
func sideRanges(nodes []kql.Node) [][2]kql.Pos {
	var out [][2]kql.Pos
	add := func(n kql.Node) {
		if !nilNode(n) {
			out = append(out, [2]kql.Pos{n.Pos(), n.End()})
		}
	}
	for _, n := range nodes {
		switch n := n.(type) {
		case *kql.LetStmt:
			add(n.Value)
		case *kql.JoinOp:
			add(n.Right)
		case *kql.LookupOp:
			add(n.Right)
		case *kql.UnionOp:
			for _, l := range n.Legs {
				add(l)
			}
		}
	}
	return out
}

func inRanges(rs [][2]kql.Pos, pos kql.Pos) bool {
	for _, r := range rs {
		if r[0] <= pos && pos < r[1] {
			return true
		}
	}
	return false
}
