package analyze

import (
	"slices"
	"strings"
	"time"

	"github.com/rulecat/rulecat/analyze/kql"

	"github.com/rulecat/rulecat/catalog"
)

func lookbackBlindSpot() *Check {
	return &Check{
		ID:       "lookback-blind-spot",
		Severity: catalog.Warning,
		Title:    "query looks back less than the time between runs",
		Doc: "A scheduled rule runs every `queryFrequency`. When its query only looks at the last hour " +
			"(`ago(1h)`) but runs once a day, the other 23 hours of every day are never examined: a blind spot " +
			"an attacker does not even need to know about.\n\n" +
			"Each event table the query reads is checked on its own, so a rule that joins 14 days of threat " +
			"intelligence with the last hour of sign-ins is reported for the sign-ins. The finding gives the " +
			"size of the blind spot per day. Make each table's longest lookback at least `queryFrequency` " +
			"(and `queryPeriod` at least that), or run the rule as often as it looks back. A table with a " +
			"window rulecat cannot evaluate is left alone, and so are tables of state or reference data " +
			"(Heartbeat, IdentityInfo, DeviceInfo, threat-intelligence indicators) that queries read recent " +
			"rows of on purpose.",
		Bad: "id: d18293a4-b5c6-4d1e-a3f4-6a7b8c9d0e01\nname: Password spray\nkind: Scheduled\nseverity: Low\n" +
			"queryFrequency: 1d\nqueryPeriod: 1d\nquery: |\n  SigninLogs\n  | where TimeGenerated > ago(1h)\n" +
			"  | where ResultType == \"50126\"\n  | summarize dcount(UserPrincipalName) by IPAddress\n",
		Good: "id: d18293a4-b5c6-4d1e-a3f4-6a7b8c9d0e01\nname: Password spray\nkind: Scheduled\nseverity: Low\n" +
			"queryFrequency: 1h\nqueryPeriod: 1h\nquery: |\n  SigninLogs\n  | where TimeGenerated > ago(1h)\n" +
			"  | where ResultType == \"50126\"\n  | summarize dcount(UserPrincipalName) by IPAddress\n",
		Run: func(p *Pass) {
			if p.Rule.Kind.Text != "Scheduled" {
				return
			}
			freq, ok := parseSpan(p.Rule.QueryFrequency.Text)
			if !ok || freq <= 0 {
				return
			}
			for _, qa := range p.queries() {
				if len(qa.Errors) > 0 {
					continue
				}
				for _, w := range tableWindows(qa) {
					if w.window >= freq {
						continue
					}
					gap := freq - w.window
					perDay := time.Duration(float64(gap) * float64(24*time.Hour) / float64(freq))
					p.Reportf(querySpan(qa.Query, w.pos, identEnd(qa.Query.Text, w.pos)),
						"longest lookback on %q is %s, shorter than queryFrequency %q; %s of its events a day are never examined",
						w.table, formatSpan(w.window), p.Rule.QueryFrequency.Text, formatSpan(perDay.Round(time.Minute)))
				}
			}
		},
	}
}

// referenceTables hold state snapshots or reference data rather than a
// stream of events: a query reads their recent rows on purpose, so a short
// window on them leaves nothing unexamined.
var referenceTables = map[string]bool{
	"Heartbeat": true, "IdentityInfo": true, "DeviceInfo": true, "DeviceNetworkInfo": true,
	"Watchlist": true, "ThreatIntelligenceIndicator": true, "ThreatIntelIndicators": true,
	"ThreatIntelObjects": true,
}

// tableWindow is the longest lookback a query applies to one table.
type tableWindow struct {
	table  string
	window time.Duration
	pos    kql.Pos // the filtered column of that window
}

// tableWindows returns, per event table, the longest lookback of the query,
// in table order. A table with a window rulecat cannot evaluate is left
// out, and so are windows bounded at now() alone and the sources that are
// not tables (stored functions, ASIM parsers).
func tableWindows(qa *QueryAnalysis) []tableWindow {
	byTable := map[string]*tableWindow{}
	unknown := map[string]bool{}
	for _, lb := range qa.Lookbacks {
		if lb.Table == "" || referenceTables[lb.Table] || !slices.Contains(qa.Tables, lb.Table) {
			// not a table (a function's output, a datatable), or a reference table
			continue
		}
		d, ok := lb.Duration()
		if !ok {
			unknown[lb.Table] = true
			continue
		}
		if d <= 0 {
			continue
		}
		if w := byTable[lb.Table]; w == nil || d > w.window {
			byTable[lb.Table] = &tableWindow{table: lb.Table, window: d, pos: qa.lookbackPos[lb]}
		}
	}
	out := make([]tableWindow, 0, len(byTable))
	for t, w := range byTable {
		if !unknown[t] {
			out = append(out, *w)
		}
	}
	slices.SortFunc(out, func(x, y tableWindow) int { return strings.Compare(x.table, y.table) })
	return out
}

// identEnd returns the end of the name that starts at pos in src.
func identEnd(src string, pos kql.Pos) kql.Pos {
	end := int(pos)
	for end < len(src) {
		c := src[end]
		if c != '_' && (c < '0' || c > '9') && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			break
		}
		end++
	}
	return kql.Pos(end)
}
