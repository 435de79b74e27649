package analyze

import (
	"fmt"
	"slices"
	"testing"

	"github.com/rulecat/rulecat/catalog"
)

// indexCatalog is a small catalog: two YAML rules and a markdown page whose
// two variants repeat the same indicators.
func indexCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	files := []struct{ name, src string }{
		{"rules/a.yaml", `id: 11111111-1111-4111-8111-111111111111
name: Rule A
severity: Low
requiredDataConnectors:
  - connectorId: AzureActiveDirectory
    dataTypes:
      - SigninLogs
tactics:
  - InitialAccess
relevantTechniques:
  - T1078
query: |
  SigninLogs
  | where ResultType == "0" and AppDisplayName has "Portal"
  | where UserAgent == "Mozilla"
version: 1.0.0
`},
		{"rules/b.yaml", `id: 22222222-2222-4222-8222-222222222222
name: Rule B
severity: Low
requiredDataConnectors:
  - connectorId: AzureActiveDirectory
    dataTypes:
      - SigninLogs
tactics:
  - InitialAccess
  - Persistence
relevantTechniques:
  - T1078
query: |
  SigninLogs
  | where ResultType == "0" and AppDisplayName has "portal"
  | where UserAgent == "mozilla"
  | join kind=inner (AuditLogs | where isnotempty(Identity)) on CorrelationId
version: 1.0.0
`},
		{"rules/c.md", "# Rule C\n\n## Defender XDR\n```KQL\nSigninLogs\n| where ResultType == \"0\"\n```\n\n" +
			"## Sentinel\n```KQL\nSigninLogs\n| where ResultType == \"0\"\n```\n"},
	}
	cat := &catalog.Catalog{Files: len(files)}
	for _, f := range files {
		cat.Rules = append(cat.Rules, catalog.LoadBytes(f.name, []byte(f.src))...)
	}
	if len(cat.Rules) != 3 {
		t.Fatalf("loaded %d rules, want 3", len(cat.Rules))
	}
	return cat
}

func TestIndexCounts(t *testing.T) {
	ca := AnalyzeCatalog(indexCatalog(t), schemaForTest(t))
	ix := ca.Index
	tests := []struct {
		key  IndicatorKey
		want int
	}{
		// A rule counts once however many variants repeat the key.
		{IndicatorKey{Field: "ResultType", Kind: "eq", Value: "0"}, 3},
		// has is case-insensitive: "Portal" and "portal" are one key.
		{IndicatorKey{Field: "AppDisplayName", Kind: "has", Value: "portal"}, 2},
		// == "Mozilla" and == "mozilla" look for the same thing: one key.
		{IndicatorKey{Field: "UserAgent", Kind: "eq", Value: "mozilla"}, 2},
		{IndicatorKey{Field: "UserAgent", Kind: "eq", Value: "Mozilla"}, 0},
		{IndicatorKey{Field: "Identity", Kind: "is_not_null", NoValue: true}, 1},
		{IndicatorKey{Field: "Identity", Kind: "is_not_null"}, 0},
		{IndicatorKey{Field: "Nothing", Kind: "eq", Value: "x"}, 0},
	}
	for _, tt := range tests {
		if got := ix.Count(tt.key); got != tt.want {
			t.Errorf("Count(%+v) = %d, want %d", tt.key, got, tt.want)
		}
	}
	var files []string
	for _, ra := range ix.RulesUsing(IndicatorKey{Field: "AppDisplayName", Kind: "has", Value: "portal"}) {
		files = append(files, ra.File)
	}
	if want := []string{"rules/a.yaml", "rules/b.yaml"}; !slices.Equal(files, want) {
		t.Errorf("RulesUsing = %q, want %q", files, want)
	}

	// Corpus counts are written on the values, with the rule's own case.
	b := ca.Rules[1].Queries[0]
	got := map[string]int{}
	for _, ind := range b.Indicators {
		for _, v := range ind.Values {
			got[ind.Field+" "+v.Value] = v.Corpus
		}
	}
	want := map[string]int{"ResultType 0": 3, "AppDisplayName portal": 2, "UserAgent mozilla": 2}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("corpus count of %s = %d, want %d", k, got[k], n)
		}
	}

	checkCounts(t, "Tables", ix.Tables(), []NameCount{{"SigninLogs", 3}, {"AuditLogs", 1}})
	checkCounts(t, "Tactics", ix.Tactics(), []NameCount{{"InitialAccess", 2}, {"Persistence", 1}})
	checkCounts(t, "Techniques", ix.Techniques(), []NameCount{{"T1078", 2}})
	checkCounts(t, "Connectors", ix.Connectors(), []NameCount{{"AzureActiveDirectory", 2}})

	top := ix.Indicators()
	if len(top) == 0 || top[0].Key != (IndicatorKey{Field: "ResultType", Kind: "eq", Value: "0"}) || top[0].Rules != 3 {
		t.Errorf("Indicators()[0] = %+v, want ResultType eq 0 used by 3 rules", top[0])
	}
}

func checkCounts(t *testing.T, what string, got, want []NameCount) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s() = %v, want %v", what, got, want)
	}
}

func TestIndexOrderFree(t *testing.T) {
	cat := indexCatalog(t)
	schema := schemaForTest(t)
	a := AnalyzeCatalog(cat, schema)
	rev := &catalog.Catalog{Files: cat.Files, Rules: slices.Clone(cat.Rules)}
	slices.Reverse(rev.Rules)
	b := AnalyzeCatalog(rev, schema)
	if !slices.Equal(a.Index.Indicators(), b.Index.Indicators()) {
		t.Errorf("Indicators() depends on rule order:\n%v\n%v", a.Index.Indicators(), b.Index.Indicators())
	}
	if !slices.Equal(a.Index.Tables(), b.Index.Tables()) {
		t.Errorf("Tables() depends on rule order")
	}
}

func TestRuleIndicatorKeys(t *testing.T) {
	ca := AnalyzeCatalog(indexCatalog(t), schemaForTest(t))
	got := ca.Rules[2].IndicatorKeys() // two variants, one key
	want := []IndicatorKey{{Field: "ResultType", Kind: "eq", Value: "0"}}
	if !slices.Equal(got, want) {
		t.Errorf("IndicatorKeys() = %v, want %v", got, want)
	}
	if got := ca.Rules[1].Tables(); !slices.Equal(got, []string{"AuditLogs", "SigninLogs"}) {
		t.Errorf("Tables() = %q", got)
	}
}

// TestIndexLetterCase checks that a value counts the rules looking for the
// same thing whatever the letter case and the operator's case flag (the QA
// repro: four one-line rules on "rclone.exe"), while a case-sensitive
// regex keeps its case.
func TestIndexLetterCase(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		rules []string
		want  []int // corpus count of each rule's one value
	}{
		{"rclone", []string{
			`T | where FileName =~ "RCLONE.EXE"`,
			`T | where FileName =~ "rclone.exe"`,
			`T | where FileName == "RCLONE.EXE"`,
			`T | where FileName == "rclone.exe"`,
		}, []int{4, 4, 4, 4}},
		{"has and has_cs", []string{
			`T | where CommandLine has "Invoke-Mimikatz"`,
			`T | where CommandLine has_cs "invoke-mimikatz"`,
			`T | where CommandLine has_cs "Invoke-Mimikatz"`,
		}, []int{3, 3, 3}},
		{"regex case is meaning", []string{
			`T | where CommandLine matches regex @"\d+"`,
			`T | where CommandLine matches regex @"\D+"`,
			`T | where CommandLine matches regex @"\d+"`,
		}, []int{2, 1, 2}},
		{"other kind, other field", []string{
			`T | where FileName == "rclone.exe"`,
			`T | where FileName has "rclone.exe"`,
			`T | where ProcessName == "RCLONE.EXE"`,
		}, []int{1, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cat := &catalog.Catalog{Files: len(tt.rules)}
			for i, src := range tt.rules {
				cat.Rules = append(cat.Rules, catalog.LoadBytes(fmt.Sprintf("r%d.kql", i), []byte(src))...)
			}
			ca := AnalyzeCatalog(cat, nil)
			var got []int
			for _, ra := range ca.Rules {
				for _, q := range ra.Queries {
					for _, ind := range q.Indicators {
						for _, v := range ind.Values {
							got = append(got, v.Corpus)
						}
					}
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("corpus counts of %q = %v, want %v", tt.rules, got, tt.want)
			}
		})
	}
}
