package analyze

import (
	"slices"
	"testing"

	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/catalog"
)

func TestStatsHelpers(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want int
	}{{"5m", 5}, {"1h", 60}, {"14d", 14 * 24 * 60}, {"PT1H", 60}, {"P1D", 24 * 60}, {"1w", -1}, {"", -1}, {"h", -1}} {
		if got := minutes(tt.in); got != tt.want {
			t.Errorf("minutes(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
	got := durations(counter{"1d": 3, "5m": 1, "1h": 9, "weekly": 2, "24h": 1})
	var names []string
	for _, c := range got {
		names = append(names, c.Name)
	}
	if want := []string{"5m", "1h", "1d", "24h", "weekly"}; !slices.Equal(names, want) {
		t.Errorf("durations order = %v, want %v", names, want)
	}
	for _, tt := range []struct{ in, want string }{
		{"CommonSecurityLog (Fortinet)", "CommonSecurityLog"}, {" SigninLogs ", "SigninLogs"}, {"Syslog", "Syslog"},
	} {
		if got := dataType(tt.in); got != tt.want {
			t.Errorf("dataType(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"rules/Solutions/Okta/Analytic Rules/x.yaml", "Solutions/Okta"}, {"rules/x.yaml", ""}, {"Solutions/x.yaml", ""},
	} {
		if got := solutionOf(tt.in); got != tt.want {
			t.Errorf("solutionOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{{"scheduled", "Scheduled"}, {"nrt", "NRT"}, {"hunting", "hunting"}} {
		if got := canonicalType(tt.in); got != tt.want {
			t.Errorf("canonicalType(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	c := &catalog.Catalog{Rules: []*catalog.Rule{{File: "../corpus/a/x.yaml"}, {File: "../corpus/a/b/y.yaml"}, {File: "../corpus/c/z.kql"}}}
	if root := commonDir(c); root != "../corpus" {
		t.Errorf("commonDir = %q, want ../corpus", root)
	}
	for _, tt := range []struct{ root, file, want string }{
		{"../corpus", "../corpus/a/b/y.yaml", "a/b"}, {"../corpus", "../corpus/x.yaml", "."}, {".", "a/x.yaml", "a"}, {"/", "/a/x.yaml", "a"},
	} {
		if got := relDir(tt.root, tt.file); got != tt.want {
			t.Errorf("relDir(%q, %q) = %q, want %q", tt.root, tt.file, got, tt.want)
		}
	}
}

func TestAttackStats(t *testing.T) {
	t.Parallel()
	ad, err := attack.Load()
	if err != nil {
		t.Fatal(err)
	}
	vals := func(ss ...string) []catalog.Value {
		var out []catalog.Value
		for _, s := range ss {
			out = append(out, catalog.Value{Text: s})
		}
		return out
	}
	c := &catalog.Catalog{Rules: []*catalog.Rule{
		{File: "a.yaml", Tactics: vals("InitialAccess"), Techniques: vals("T1566.001", "t1566.002")},
		{File: "b.md", Format: catalog.FormatMarkdown, Techniques: vals("T1110")}, // tactic from the technique
		{File: "c.yaml", Tactics: vals("Execution"), Techniques: vals("T1086", "T1043", "T9999")},
		{File: "d.kql", Format: catalog.FormatKQL},
	}}
	s := attackStats(c, ad)
	if s.Mapped != 3 || s.Unmapped != 1 || s.UnmappedRules[0].File != "d.kql" {
		t.Errorf("mapped %d, unmapped %d (%v); want 3, 1 (d.kql)", s.Mapped, s.Unmapped, s.UnmappedRules)
	}
	if s.Covered != 2 { // T1566 (through two sub-techniques, case fixed) and T1110
		t.Errorf("covered = %d, want 2", s.Covered)
	}
	if len(s.TechniqueRules) != 2 || s.TechniqueRules[0].ID != "T1110" && s.TechniqueRules[0].ID != "T1566" {
		t.Errorf("technique_rules = %+v", s.TechniqueRules)
	}
	for _, tc := range s.TechniqueRules {
		if tc.ID == "T1566" && (tc.Rules != 1 || len(tc.Subtechniques) != 2) {
			t.Errorf("T1566 = %+v, want 1 rule and two sub-techniques", tc)
		}
	}
	rules := map[string]int{}
	for _, tc := range s.Tactics {
		rules[tc.Sentinel] = tc.Rules
		gap := slices.ContainsFunc(tc.Gaps, func(g TechniqueRef) bool { return g.ID == "T1566" })
		if tc.Sentinel == "InitialAccess" && gap {
			t.Errorf("T1566 listed as a gap of Initial Access")
		}
		if tc.Covered+len(tc.Gaps) != tc.Techniques {
			t.Errorf("%s: covered %d + gaps %d != techniques %d", tc.Name, tc.Covered, len(tc.Gaps), tc.Techniques)
		}
	}
	if rules["InitialAccess"] != 1 || rules["CredentialAccess"] != 1 || rules["Execution"] != 1 {
		t.Errorf("rules per tactic = %v; want one each for InitialAccess, CredentialAccess (from T1110) and Execution", rules)
	}
	if len(s.Revoked) != 1 || s.Revoked[0].ID != "T1086" || len(s.Deprecated) != 1 || s.Deprecated[0].ID != "T1043" ||
		len(s.Unknown) != 1 || s.Unknown[0].ID != "T9999" {
		t.Errorf("revoked %+v, deprecated %+v, unknown %+v", s.Revoked, s.Deprecated, s.Unknown)
	}
}
