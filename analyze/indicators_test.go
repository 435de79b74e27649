package analyze

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rulecat/rulecat/catalog"
)

// analyzeText analyzes query text as if it started on line 1 of a file.
func analyzeText(t *testing.T, src string) *QueryAnalysis {
	t.Helper()
	q := &catalog.Query{Text: src, Span: catalog.Span{Line: 1, Col: 1}}
	for i, l := range catalog.NewLines([]byte(src)) {
		q.Map = append(q.Map, catalog.Segment{Off: l, Line: i + 1, Col: 1})
	}
	return AnalyzeQuery(q, schemaForTest(t))
}

// indicatorString renders indicators compactly: "Field kind[cs] v1|v2; ...".
func indicatorString(q *QueryAnalysis) string {
	var parts []string
	for _, ind := range q.Indicators {
		var vs []string
		for _, v := range ind.Values {
			vs = append(vs, v.Value)
		}
		cs := ""
		if ind.CaseSensitive {
			cs = "[cs]"
		}
		parts = append(parts, strings.TrimSpace(fmt.Sprintf("%s %s%s %s", ind.Field, ind.Kind, cs, strings.Join(vs, "|"))))
	}
	return strings.Join(parts, "; ")
}

func TestIndicators(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"eq and ne", `T | where A == "x" and B != 2`, `A eq[cs] x; B ne[cs] 2`},
		{"case-insensitive eq", `T | where A =~ "X" or A !~ "Y"`, `A eq X; A ne Y`},
		{"order comparisons", `T | where A < 1 and B <= 2 and C > 3 and D >= 4`, `A lt[cs] 1; B le[cs] 2; C gt[cs] 3; D ge[cs] 4`},
		{"constant first is mirrored", `T | where 5 < A`, `A gt[cs] 5`},
		{"between", `T | where A between (1 .. 5) and B !between (2 .. 3)`, `A between[cs] 1|5; B not_between[cs] 2|3`},
		{"in lists", `T | where A in ("a", "b") and B !in ("c") and C in~ ("D") and E !in~ ("f")`,
			`A in[cs] a|b; B not_in[cs] c; C in D; E not_in f`},
		{"string operators", `T | where A contains "a" and B !contains_cs "b" and C has "c" and D !has "d" and E has_cs "e"`,
			`A contains a; B not_contains[cs] b; C has c; D not_has d; E has[cs] e`},
		{"prefixes and suffixes", `T | where A startswith "a" and B !startswith "b" and C endswith_cs "c" and D !endswith "d" and E hasprefix "e" and F hassuffix_cs "f"`,
			`A starts_with a; B not_starts_with b; C ends_with[cs] c; D not_ends_with d; E has_prefix e; F has_suffix[cs] f`},
		{"has_any and has_all", `T | where A has_any ("a", "b") and B has_all ("c", "d")`, `A has_any a|b; B has_all c|d`},
		{"matches regex", `T | where A matches regex "^a+$"`, `A matches[cs] ^a+$`},
		{"null tests", `T | where isnotempty(A) and isnotnull(B) and isempty(C) and isnull(D)`,
			`A is_not_null; B is_not_null; C is_null; D is_null`},
		{"bare boolean column", `T | where IsActive`, `IsActive eq[cs] true`},
		{"not flips", `T | where not(A == 1) and not(B has_any ("x")) and not(isempty(C)) and not(D)`,
			`A ne[cs] 1; B not_has x; C is_not_null; D ne[cs] true`},
		{"double not", `T | where not(not(A in ("x")))`, `A in[cs] x`},
		{"not of a conjunction", `T | where not(A == 1 or B < 2)`, `A ne[cs] 1; B ge[cs] 2`},
		{"values merge per field and kind", `T | where A == "x" or A == "y" or A == "x"`, `A eq[cs] x|y`},
		{"case-insensitive duplicates merge", `T | where A has "Foo" or A has "foo"`, `A has Foo`},
		{"let-bound constants", "let n = 10;\nlet name = \"svc\";\nT | where A > n and B == name", `A gt[cs] 10; B eq[cs] svc`},
		{"let-bound lists", "let l = dynamic([\"a\", \"b\"]);\nT | where A in~ (l) and B has_any (l)", `A in a|b; B has_any a|b`},
		{"mixed list keeps the constants", "T | where A in (\"a\", B)", `A in[cs] a`},
		{"comparison with a column has no values", `T | where A < B`, `A lt[cs]`},
		{"comparison with a computation has no values", `T | where A == strcat(B, "x")`, `A eq[cs]`},
		{"strcat of constants is a value", "let d = \"contoso\";\nT | where A == strcat(d, \".com\")", `A eq[cs] contoso.com`},
		{"conversions are looked through", `T | where tostring(A) == "x" and tolower(B) has "y"`, `A eq[cs] x; B has y`},
		{"member fields keep their text", `T | where tostring(Props.user.name) == "x"`, `Props.user.name eq[cs] x`},
		{"renames are followed back", `T | extend U = UserName | project-rename V = U | where V == "x"`, `UserName eq[cs] x`},
		{"project renames are followed back", `T | project Who = Account | where Who == "x"`, `Account eq[cs] x`},
		{"renames survive arg_max(*)", `T | extend U = UserName | summarize arg_max(Time, *) by K | where U == "x"`, `UserName eq[cs] x`},
		{"renames survive arg_max arguments", `T | extend U = UserName | summarize arg_max(Time, U) by K | where U == "x"`, `UserName eq[cs] x`},
		{"computed columns are not renames", `T | extend U = tolower(UserName) | where U == "x"`, `U eq[cs] x`},
		{"join right side renames stay there", `T | join (U | extend X = Y) on K | where X == 1`, `X eq[cs] 1`},
		{"inside join right side", `T | join kind=inner (U | where B == "b") on K | where A == "a"`, `A eq[cs] a; B eq[cs] b`},
		{"inside union legs", `union (T | where A == 1), (U | where B == 2)`, `A eq[cs] 1; B eq[cs] 2`},
		{"inside let bodies", "let x = T | where A == 1;\nx | where B == 2", `A eq[cs] 1; B eq[cs] 2`},
		{"inside functions with bound parameters", "let f = (v:string) { T | where A == v };\nf(\"z\")", `A eq[cs] z`},
		{"uncalled functions still count", "let f = (v:string) { T | where A == v and B == 1 };\nprint 1", `A eq[cs]; B eq[cs] 1`},
		{"invoke binds the input and the arguments", "let f = (T:(*), v:string) { T | where A == v };\nU | invoke f(\"z\")", `A eq[cs] z`},
		{"in subquery", `T | where A in ((U | where B == 1 | project A))`, `A in[cs]; B eq[cs] 1`},
		{"toscalar", "let m = toscalar(U | where B == 1 | summarize max(C));\nT | where A > m", `A gt[cs]; B eq[cs] 1`},
		{"search terms", `search "evil" and A == 1`, `* has evil; A eq[cs] 1`},
		{"star has", `T | where * has "evil"`, `* has evil`},
		{"filter is where", `T | filter A == 1`, `A eq[cs] 1`},
		{"let-bound flags are not fields", "let enabled = true;\nT | where enabled and A == 1", `A eq[cs] 1`},
		{"parse-where", `T | parse-where Msg with "user=" U " from " *`, `Msg contains[cs] user=| from`},
		{"time filters are not indicators", `T | where TimeGenerated > ago(1d) and Expires > now() and A == 1`, `A eq[cs] 1`},
		{"absolute times are", `T | where TimeGenerated > datetime(2024-01-01)`, `TimeGenerated gt[cs] 2024-01-01`},
		{"datetime null is no value", `T | where A > datetime(null)`, `A gt[cs]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := indicatorString(analyzeText(t, tt.src)); got != tt.want {
				t.Errorf("indicators of %q\n got %s\nwant %s", tt.src, got, tt.want)
			}
		})
	}
}

func TestLookbacks(t *testing.T) {
	tests := []struct {
		name, src string
		want      []Lookback
	}{
		{"ago", `SigninLogs | where TimeGenerated > ago(1d)`, []Lookback{{"SigninLogs", "TimeGenerated", "1d"}}},
		{"let-bound window", "let w = 14d;\nSigninLogs | where TimeGenerated >= ago(w)", []Lookback{{"SigninLogs", "TimeGenerated", "14d"}}},
		{"let-bound time", "let since = ago(2h);\nSigninLogs | where TimeGenerated >= since", []Lookback{{"SigninLogs", "TimeGenerated", "2h"}}},
		{"now", `ThreatIntelligenceIndicator | where ExpirationDateTime > now()`, []Lookback{{"ThreatIntelligenceIndicator", "ExpirationDateTime", "0s"}}},
		{"now minus", `SigninLogs | where TimeGenerated > now() - 3d`, []Lookback{{"SigninLogs", "TimeGenerated", "3d"}}},
		{"now with offset", `SigninLogs | where TimeGenerated > now(-5h)`, []Lookback{{"SigninLogs", "TimeGenerated", "5h"}}},
		{"between ago and now", `SigninLogs | where TimeGenerated between (ago(7d) .. now())`, []Lookback{{"SigninLogs", "TimeGenerated", "7d"}}},
		{"startofday", `SigninLogs | where TimeGenerated > startofday(ago(1d))`, []Lookback{{"SigninLogs", "TimeGenerated", "1d"}}},
		{"hunting template", "let s = todatetime('{{StartTimeISO}}');\nSigninLogs | where TimeGenerated >= s",
			[]Lookback{{"SigninLogs", "TimeGenerated", "todatetime('{{StartTimeISO}}')"}}},
		{"per union leg", `union (SigninLogs | where TimeGenerated > ago(1d)), (AuditLogs | where TimeGenerated > ago(2d))`,
			[]Lookback{{"AuditLogs", "TimeGenerated", "2d"}, {"SigninLogs", "TimeGenerated", "1d"}}},
		{"after a union, every leg", `union SigninLogs, AuditLogs | where TimeGenerated > ago(1h)`,
			[]Lookback{{"AuditLogs", "TimeGenerated", "1h"}, {"SigninLogs", "TimeGenerated", "1h"}}},
		{"through a let", "let s = SigninLogs | where A == 1;\ns | where TimeGenerated > ago(1h)", []Lookback{{"SigninLogs", "TimeGenerated", "1h"}}},
		{"renamed column", `SigninLogs | extend T = TimeGenerated | where T > ago(1h)`, []Lookback{{"SigninLogs", "TimeGenerated", "1h"}}},
		{"ingestion time", `SigninLogs | where ingestion_time() between (ago(2h) .. ago(1h))`, []Lookback{{"SigninLogs", "ingestion_time()", "2h"}}},
		{"make-series from", `SigninLogs | make-series n = count() on TimeGenerated from ago(7d) to now() step 1h`,
			[]Lookback{{"SigninLogs", "TimeGenerated", "7d"}}},
		{"make-series in range", `SigninLogs | make-series n = count() on TimeGenerated in range(ago(30d), now(), 1d)`,
			[]Lookback{{"SigninLogs", "TimeGenerated", "30d"}}},
		{"no table", `datatable(T: datetime) [datetime(2024-01-01)] | where T > ago(1d)`, []Lookback{{"", "T", "1d"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q := analyzeText(t, tt.src)
			if !equal(q.Lookbacks, tt.want) {
				t.Errorf("lookbacks of %q = %v, want %v", tt.src, q.Lookbacks, tt.want)
			}
			if len(q.Indicators) > 0 && strings.Contains(tt.name, "leg") {
				t.Errorf("time filters of %q became indicators: %s", tt.src, indicatorString(q))
			}
		})
	}
}

func TestLookbackDuration(t *testing.T) {
	tests := []struct {
		window string
		want   time.Duration
		ok     bool
	}{
		{"14d", 14 * 24 * time.Hour, true},
		{"1h", time.Hour, true},
		{"1.5h", 90 * time.Minute, true},
		{"30min", 30 * time.Minute, true},
		{"0s", 0, true},
		{"-2d", -48 * time.Hour, true},
		{"timespan(2d)", 48 * time.Hour, true},
		{"1.02:00:00", 26 * time.Hour, true},
		{"00:30", 30 * time.Minute, true},
		{"lookback * 2", 0, false},
		{"todatetime('{{StartTimeISO}}')", 0, false},
		{"d", 0, false},
		{"5x", 0, false},
	}
	for _, tt := range tests {
		got, ok := Lookback{Window: tt.window}.Duration()
		if got != tt.want || ok != tt.ok {
			t.Errorf("Lookback{Window: %q}.Duration() = %v, %v; want %v, %v", tt.window, got, ok, tt.want, tt.ok)
		}
	}
}
