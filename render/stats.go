package render

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/rulecat/rulecat/analyze"
)

// StatsTable is one table of the statistics report. CSV output writes
// each to its own file, Name + ".csv"; markdown and HTML show the first
// rows of the ones they need.
type StatsTable struct {
	Name   string // file name without .csv: "by_severity"
	Title  string
	Header []string
	Rows   [][]string
}

// WriteStatsJSON writes the report as indented JSON with the keys
// documented in docs/stats.md.
func WriteStatsJSON(w io.Writer, s *analyze.Stats) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(s)
}

// WriteStatsCSV writes one table as CSV, header first.
func WriteStatsCSV(w io.Writer, t StatsTable) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	if err := cw.WriteAll(t.Rows); err != nil {
		return err
	}
	return cw.Error()
}

// StatsTableNames lists the names StatsTables returns, in order.
func StatsTableNames() []string {
	var names []string
	for _, t := range StatsTables(&analyze.Stats{}) {
		names = append(names, t.Name)
	}
	return names
}

// FindStatsTable returns the table of s named name.
func FindStatsTable(s *analyze.Stats, name string) (StatsTable, bool) {
	for _, t := range StatsTables(s) {
		if t.Name == name {
			return t, true
		}
	}
	return StatsTable{}, false
}

func itoa(n int) string { return strconv.Itoa(n) }

func pct(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func counts(name, title, what string, cs []analyze.Count) StatsTable {
	t := StatsTable{Name: name, Title: title, Header: []string{what, "count"}}
	for _, c := range cs {
		t.Rows = append(t.Rows, []string{c.Name, itoa(c.Count)})
	}
	return t
}

func rules(name, title string, rs []analyze.RuleRef) StatsTable {
	t := StatsTable{Name: name, Title: title, Header: []string{"file", "id", "name"}}
	for _, r := range rs {
		t.Rows = append(t.Rows, []string{r.File, r.ID, r.Name})
	}
	return t
}

func files(rs []analyze.RuleRef) string {
	var fs []string
	for _, r := range rs {
		fs = append(fs, r.File)
	}
	return strings.Join(fs, " ")
}

// StatsTables returns every table of the report, in a fixed order, with
// all their rows.
func StatsTables(s *analyze.Stats) []StatsTable {
	a := s.Attack
	summary := StatsTable{Name: "summary", Title: "Summary", Header: []string{"metric", "value"}, Rows: [][]string{
		{"rules", itoa(s.Rules)},
		{"queries", itoa(s.Queries)},
		{"rules_with_lint_errors", itoa(s.Size.LintErrors)},
		{"rules_with_parse_errors", itoa(s.Size.ParseErrors)},
		{"attack_version", a.Version},
		{"techniques", itoa(a.Techniques)},
		{"techniques_covered", itoa(a.Covered)},
		{"coverage_percent", pct(a.Coverage)},
		{"rules_unmapped", itoa(a.Unmapped)},
		{"indicators_distinct", itoa(s.Indicators.Distinct)},
		{"exact_duplicate_groups", itoa(len(s.Duplicates.Exact))},
		{"near_duplicate_pairs", itoa(len(s.Duplicates.Near))},
		{"jaccard", strconv.FormatFloat(s.Duplicates.Jaccard, 'f', -1, 64)},
		{"queries_over_limit", itoa(len(s.Shape.OverLimit))},
		{"rules_with_placeholders", itoa(s.Hygiene.PlaceholderRules)},
	}}
	tactics := StatsTable{Name: "tactics", Title: "Coverage by tactic",
		Header: []string{"id", "tactic", "sentinel", "rules", "techniques", "covered", "coverage_percent", "gaps"}}
	gaps := StatsTable{Name: "gaps", Title: "Technique–tactic cells with no rule", Header: []string{"tactic", "technique", "name"}}
	for _, t := range a.Tactics {
		tactics.Rows = append(tactics.Rows, []string{t.ID, t.Name, t.Sentinel, itoa(t.Rules), itoa(t.Techniques), itoa(t.Covered), pct(t.Coverage), itoa(len(t.Gaps))})
		for _, g := range t.Gaps {
			gaps.Rows = append(gaps.Rows, []string{t.Name, g.ID, g.Name})
		}
	}
	techniques := StatsTable{Name: "techniques", Title: "Rules by technique", Header: []string{"id", "name", "rules", "subtechniques"}}
	for _, t := range a.TechniqueRules {
		var subs []string
		for _, c := range t.Subtechniques {
			subs = append(subs, fmt.Sprintf("%s (%d)", c.Name, c.Count))
		}
		techniques.Rows = append(techniques.Rows, []string{t.ID, t.Name, itoa(t.Rules), strings.Join(subs, ", ")})
	}
	mappings := func(name, title string, ms []analyze.MappingInUse) StatsTable {
		t := StatsTable{Name: name, Title: title, Header: []string{"id", "name", "replacement", "rules", "files"}}
		for _, m := range ms {
			t.Rows = append(t.Rows, []string{m.ID, m.Name, m.Replacement, itoa(len(m.Rules)), files(m.Rules)})
		}
		return t
	}
	mismatch := func(name, title string, ms []analyze.TableMismatch) StatsTable {
		t := StatsTable{Name: name, Title: title, Header: []string{"file", "name", "tables"}}
		for _, m := range ms {
			t.Rows = append(t.Rows, []string{m.File, m.Name, strings.Join(m.Tables, " ")})
		}
		return t
	}
	in := s.Indicators
	indicators := StatsTable{Name: "indicators", Title: "Most reused indicators", Header: []string{"field", "kind", "value", "rules"}}
	for _, c := range in.TopReused {
		indicators.Rows = append(indicators.Rows, []string{c.Field, c.Kind, c.Value, itoa(c.Rules)})
	}
	specificity := StatsTable{Name: "indicator_specificity", Title: "Rules by indicator specificity", Header: []string{"rules", "count"}, Rows: [][]string{
		{"every indicator unique to the rule", itoa(in.AllUnique)},
		{"mixed", itoa(in.Mixed)},
		{"every indicator shared (generic)", itoa(in.AllGeneric)},
		{"no indicator", itoa(in.NoIndicators)},
	}}
	exact := StatsTable{Name: "exact_duplicates", Title: "Exact duplicate queries", Header: []string{"group", "file", "name", "query", "label", "line"}}
	for i, g := range s.Duplicates.Exact {
		for _, q := range g.Queries {
			exact.Rows = append(exact.Rows, []string{itoa(i + 1), q.File, q.Name, itoa(q.Query), q.Label, itoa(q.Line)})
		}
	}
	near := StatsTable{Name: "near_duplicates", Title: "Near-duplicate rules", Header: []string{"jaccard", "shared", "file_a", "name_a", "size_a", "file_b", "name_b", "size_b"}}
	for _, p := range s.Duplicates.Near {
		near.Rows = append(near.Rows, []string{strconv.FormatFloat(p.Jaccard, 'f', 3, 64), itoa(p.Shared), p.A.File, p.A.Name, itoa(p.SizeA), p.B.File, p.B.Name, itoa(p.SizeB)})
	}
	ext := StatsTable{Name: "externaldata", Title: "externaldata sources", Header: []string{"url", "rules", "files"}}
	for _, e := range s.Shape.ExternalData {
		ext.Rows = append(ext.Rows, []string{e.URL, itoa(len(e.Rules)), files(e.Rules)})
	}
	lengths := func(name, title string, qs []analyze.QueryLength) StatsTable {
		t := StatsTable{Name: name, Title: title, Header: []string{"file", "name", "query", "chars"}}
		for _, q := range qs {
			t.Rows = append(t.Rows, []string{q.File, q.Name, itoa(q.Query), itoa(q.Chars)})
		}
		return t
	}
	ph := StatsTable{Name: "placeholders", Title: "Placeholders left in queries", Header: []string{"file", "line", "column", "text"}}
	for _, p := range s.Hygiene.Placeholders {
		ph.Rows = append(ph.Rows, []string{p.File, itoa(p.Line), itoa(p.Col), p.Text})
	}
	return []StatsTable{
		summary,
		counts("by_type", "Rules by type", "type", s.Size.ByType),
		counts("by_format", "Rules by format", "format", s.Size.ByFormat),
		counts("by_severity", "Rules by severity", "severity", s.Size.BySeverity),
		counts("by_folder", "Rules by folder", "folder", s.Size.ByFolder),
		counts("by_solution", "Rules by solution", "solution", s.Size.BySolution),
		rules("lint_errors", "Rules with lint errors", s.Size.LintErrorRules),
		rules("parse_errors", "Rules with parse errors", s.Size.ParseErrorRules),
		tactics,
		gaps,
		techniques,
		rules("unmapped", "Rules with no ATT&CK mapping", a.UnmappedRules),
		mappings("revoked", "Revoked techniques still mapped", a.Revoked),
		mappings("deprecated", "Deprecated techniques still mapped", a.Deprecated),
		mappings("unknown_techniques", "Technique ids ATT&CK does not know", a.Unknown),
		counts("tables", "Rules by table", "table", s.Data.Tables),
		counts("connectors", "Rules by data connector", "connector", s.Data.Connectors),
		mismatch("read_not_declared", "Tables read but not in requiredDataConnectors", s.Data.ReadNotDeclared),
		mismatch("declared_not_read", "dataTypes no query reads", s.Data.DeclaredNotRead),
		indicators,
		counts("fields", "Most filtered fields", "field", in.TopFields),
		counts("indicator_kinds", "Indicator kinds", "kind", in.Kinds),
		specificity,
		rules("generic_rules", "Rules whose every indicator is shared", in.GenericRules),
		exact,
		near,
		counts("stages", "Queries by number of stages", "stages", s.Shape.Stages),
		counts("operators", "Queries by operator", "operator", s.Shape.Operators),
		ext,
		counts("length", "Queries by length (characters)", "length", s.Shape.Length),
		lengths("over_limit", "Queries over the 10,000-character limit", s.Shape.OverLimit),
		lengths("near_limit", "Queries near the limit", s.Shape.NearLimit),
		counts("query_frequency", "Analytic rules by queryFrequency", "queryFrequency", s.Shape.Frequency),
		counts("query_period", "Analytic rules by queryPeriod", "queryPeriod", s.Shape.Period),
		ph,
		rules("no_description", "Rules without description", s.Hygiene.NoDescription),
		rules("no_version", "YAML rules without version", s.Hygiene.NoVersion),
		rules("no_entity_mappings", "Analytic rules without entity mappings", s.Hygiene.NoEntityMappings),
	}
}
