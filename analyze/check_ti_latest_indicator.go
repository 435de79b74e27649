package analyze

import (
	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/catalog"
)

func tiLatestIndicator() *Check {
	return &Check{
		ID:       "ti-latest-indicator",
		Severity: catalog.Warning,
		Title:    "threat-intelligence query does not take each indicator's latest version",
		Doc: "ThreatIntelligenceIndicator keeps every version of an indicator: each update, including the one " +
			"that deactivates it or sets its expiry, is a new row. A query that matches on every row therefore " +
			"keeps alerting on indicators that were revoked or have expired. Sentinel's CI requires analytic " +
			"rules on the table to take the latest version of each indicator first, then keep the active, " +
			"unexpired ones:\n\n```kql\nThreatIntelligenceIndicator\n| where TimeGenerated >= ago(14d)\n" +
			"| summarize LatestIndicatorTime = arg_max(TimeGenerated, *) by IndicatorId\n" +
			"| where Active == true and ExpirationDateTime > now()\n```",
		Bad: "id: a4b5c6d7-e8f9-4a41-9627-9d0e1f2a3b01\nname: Sign-in from a TI address\nkind: Scheduled\nseverity: Medium\n" +
			"query: |\n  ThreatIntelligenceIndicator\n  | where isnotempty(NetworkIP)\n" +
			"  | join kind=inner SigninLogs on $left.NetworkIP == $right.IPAddress\n",
		Good: "id: a4b5c6d7-e8f9-4a41-9627-9d0e1f2a3b01\nname: Sign-in from a TI address\nkind: Scheduled\nseverity: Medium\n" +
			"query: |\n  ThreatIntelligenceIndicator\n  | where isnotempty(NetworkIP)\n" +
			"  | summarize arg_max(TimeGenerated, *) by IndicatorId\n  | where Active == true and ExpirationDateTime > now()\n" +
			"  | join kind=inner SigninLogs on $left.NetworkIP == $right.IPAddress\n",
		Run: func(p *Pass) {
			if p.Rule.Kind.Text == "" {
				return // only analytic rules make alerts
			}
			const table = "ThreatIntelligenceIndicator"
			for _, qa := range p.queries() {
				var ref *kql.Ident
				for _, id := range tableRefs(p.nodes(qa)) {
					if id.Name == table {
						ref = id
						break
					}
				}
				if ref == nil {
					continue
				}
				latest, active, expiry := false, false, false
				for _, n := range p.nodes(qa) {
					switch n := n.(type) {
					case *kql.SummarizeOp:
						if summarizesLatestBy(n, "IndicatorId") {
							latest = true
						}
					case *kql.WhereOp:
						kql.Inspect(n.Pred, func(m kql.Node) bool {
							if id, ok := m.(*kql.Ident); ok {
								active = active || id.Name == "Active"
								expiry = expiry || id.Name == "ExpirationDateTime"
							}
							return true
						})
					}
				}
				switch {
				case !latest:
					p.Reportf(nodeSpan(qa.Query, ref), "table %q is read without taking each indicator's latest version; "+
						"summarize arg_max(TimeGenerated, *) by IndicatorId first", table)
				case !active || !expiry:
					p.Reportf(nodeSpan(qa.Query, ref), "table %q is read without keeping only active, unexpired indicators; "+
						"filter on Active and ExpirationDateTime after arg_max", table)
				}
			}
		},
	}
}

// summarizesLatestBy reports whether s is "summarize arg_max(...) by key".
func summarizesLatestBy(s *kql.SummarizeOp, key string) bool {
	hasArgMax := false
	for _, ag := range s.Aggs {
		if ag == nil {
			continue
		}
		if c, ok := unparen(ag.Value).(*kql.CallExpr); ok && c.Fun != nil && (c.Fun.Name == "arg_max" || c.Fun.Name == "argmax") {
			hasArgMax = true
		}
	}
	if !hasArgMax {
		return false
	}
	for _, b := range s.By {
		if b == nil {
			continue
		}
		if id, ok := unparen(b.Value).(*kql.Ident); ok && id.Name == key {
			return true
		}
	}
	return false
}
