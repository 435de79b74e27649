package analyze

import (
	"strings"
	"testing"

	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/catalog"
)

func TestRuleSelector(t *testing.T) {
	t.Parallel()
	r := &catalog.Rule{
		File: "rules/Solutions/Identity/Analytic Rules/tor.yaml", Format: catalog.FormatYAML,
		ID: catalog.Value{Text: "0001"}, Name: catalog.Value{Text: "Sign-in from TOR"},
		Severity: catalog.Value{Text: "High"}, Kind: catalog.Value{Text: "Scheduled"},
		Status:     catalog.Value{Text: "Available"},
		Tactics:    []catalog.Value{{Text: "InitialAccess"}},
		Techniques: []catalog.Value{{Text: "T1566.002"}},
		Connectors: []catalog.Connector{{ID: catalog.Value{Text: "AzureActiveDirectory"}}},
	}
	hunting := &catalog.Rule{File: "rules/hunting/x.yaml", Format: catalog.FormatYAML, Severity: catalog.Value{Text: "Low"}}
	md := &catalog.Rule{File: "rules/md/x.md", Format: catalog.FormatMarkdown}
	facts := func(r *catalog.Rule) ([]string, []string) {
		if r.ID.Text == "0001" {
			return []string{"SigninLogs"}, []string{"IPAddress"}
		}
		return nil, nil
	}
	tests := []struct {
		expr string
		want []bool // r, hunting, md
	}{
		{`id == "0001"`, []bool{true, false, false}},
		{`name ~ "*TOR"`, []bool{true, false, false}},
		{`path ~ "Solutions/Identity/**"`, []bool{true, false, false}},
		{`format == markdown`, []bool{false, false, true}},
		{`kind == hunting`, []bool{false, true, false}},
		{`kind in [Scheduled, NRT]`, []bool{true, false, false}},
		{`severity >= Low`, []bool{true, true, false}},
		{`status == Available`, []bool{true, false, false}},
		{`tactic == InitialAccess`, []bool{true, false, false}},
		{`technique == T1566`, []bool{true, false, false}},
		{`technique == T1566.002`, []bool{true, false, false}},
		{`connector == AzureActiveDirectory`, []bool{true, false, false}},
		{`table == SigninLogs`, []bool{true, false, false}},
		{`field == ipaddress`, []bool{true, false, false}},
		{`not table == SigninLogs`, []bool{false, true, true}},
	}
	for _, tt := range tests {
		s, err := CompileSelector(tt.expr)
		if err != nil {
			t.Fatalf("CompileSelector(%q): %v", tt.expr, err)
		}
		s.Facts = facts
		for i, rule := range []*catalog.Rule{r, hunting, md} {
			if got := s.Match(rule); got != tt.want[i] {
				t.Errorf("CompileSelector(%q).Match(%s) = %v, want %v", tt.expr, rule.File, got, tt.want[i])
			}
		}
	}
	c := &catalog.Catalog{Files: 3, Rules: []*catalog.Rule{r, hunting, md}}
	s, _ := CompileSelector(`severity >= Low`)
	if got := s.Filter(c); len(got.Rules) != 2 || got.Files != 3 {
		t.Errorf("Filter(severity >= Low) kept %d rules, want 2", len(got.Rules))
	}
	var none *RuleSelector
	if got := none.Filter(c); got != c || !none.Match(md) {
		t.Errorf("nil RuleSelector must keep everything")
	}
}

func TestFilterAnalyzed(t *testing.T) {
	t.Parallel()
	mk := func(file, query string) *catalog.Rule {
		return &catalog.Rule{File: file, Format: catalog.FormatKQL, Queries: []catalog.Query{{Text: query}}}
	}
	c := &catalog.Catalog{Files: 3, Rules: []*catalog.Rule{
		mk("a.kql", `SigninLogs | where IPAddress == "1.2.3.4"`),
		mk("b.kql", `AuditLogs | where OperationName == "Add member to role"`),
		mk("c.kql", `union SigninLogs, AADNonInteractiveUserSignInLogs | where ResultType == 50126`),
	}}
	a := AnalyzeCatalog(c, nil)
	tests := []struct {
		expr string
		want []string
	}{
		{`table == SigninLogs`, []string{"a.kql", "c.kql"}},
		{`field == OperationName`, []string{"b.kql"}},
		{`field in [IPAddress, ResultType] and not table == AADNonInteractiveUserSignInLogs`, []string{"a.kql"}},
	}
	for _, tt := range tests {
		s, err := CompileSelector(tt.expr)
		if err != nil {
			t.Fatal(err)
		}
		for name, got := range map[string]*catalog.Catalog{"FilterAnalyzed": s.FilterAnalyzed(c, a), "Filter": s.Filter(c)} {
			var files []string
			for _, r := range got.Rules {
				files = append(files, r.File)
			}
			if strings.Join(files, " ") != strings.Join(tt.want, " ") {
				t.Errorf("%s(%q) = %v, want %v", name, tt.expr, files, tt.want)
			}
		}
		var n int
		for _, ra := range a.Rules {
			if s.MatchAnalyzed(ra) {
				n++
			}
		}
		if n != len(tt.want) {
			t.Errorf("MatchAnalyzed(%q) matched %d rules, want %d", tt.expr, n, len(tt.want))
		}
	}
}

func TestRuleSelectorTacticsFromTechniques(t *testing.T) {
	t.Parallel()
	ad, err := attack.Load()
	if err != nil {
		t.Fatal(err)
	}
	md := &catalog.Rule{File: "x.md", Format: catalog.FormatMarkdown, Techniques: []catalog.Value{{Text: "T1566.001"}}}
	listed := &catalog.Rule{File: "y.yaml", Tactics: []catalog.Value{{Text: "Execution"}}, Techniques: []catalog.Value{{Text: "T1566.001"}}}
	s, err := CompileSelector(`tactic == "Initial Access"`)
	if err != nil {
		t.Fatal(err)
	}
	if s.Match(md) {
		t.Errorf("without ATT&CK data a markdown rule has no tactic")
	}
	s.UseAttack(ad)
	if !s.Match(md) || s.Match(listed) {
		t.Errorf("with ATT&CK data: Match(md) = %v, Match(listed) = %v; want true (from T1566.001), false (lists Execution)", s.Match(md), s.Match(listed))
	}
	var none *RuleSelector
	none.UseAttack(ad) // must not panic
}
