package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/rulecat/rulecat/analyze"
)

// mdLimit is how many rows a markdown or HTML table shows; CSV and JSON
// have them all.
const mdLimit = 15

// WriteStatsMarkdown writes the report as markdown for a pull-request
// comment or a wiki page: the headline figures, then one section per
// question with the first rows of each table.
func WriteStatsMarkdown(w io.Writer, s *analyze.Stats) error {
	ew := &errWriter{w: w}
	tables := map[string]StatsTable{}
	for _, t := range StatsTables(s) {
		tables[t.Name] = t
	}
	table := func(name string, limit int) {
		t := tables[name]
		ew.printf("**%s**\n\n", t.Title)
		mdTable(ew, t, limit)
	}
	ew.printf("# Catalog statistics\n\n")
	if s.Where != "" {
		ew.printf("Rules matching `%s`.\n\n", strings.ReplaceAll(s.Where, "`", "'"))
	}
	ew.printf("| | |\n|---|---:|\n")
	for _, h := range headlines(s) {
		ew.printf("| %s | %s |\n", mdCell(h[0]), mdCell(h[1]))
	}
	ew.printf("\n## Size\n\n")
	table("by_type", mdLimit)
	table("by_severity", mdLimit)
	table("by_format", mdLimit)
	table("by_solution", 10)
	table("by_folder", 10)

	ew.printf("## ATT&CK coverage\n\n")
	if s.Attack.Version != "" {
		ew.printf("%s of %d enterprise techniques have a rule (%s%%, ATT&CK v%s); a technique counts when a rule maps it or one of its sub-techniques.\n\n",
			itoa(s.Attack.Covered), s.Attack.Techniques, pct(s.Attack.Coverage), s.Attack.Version)
	}
	table("tactics", 0)
	if len(tables["gaps"].Rows) > 0 {
		ew.printf("<details><summary>Techniques with no rule: %d of %d techniques, in %d technique–tactic cells</summary>\n\n",
			s.Attack.Techniques-s.Attack.Covered, s.Attack.Techniques, len(tables["gaps"].Rows))
		for _, t := range s.Attack.Tactics {
			if len(t.Gaps) == 0 {
				continue
			}
			var ids []string
			for _, g := range t.Gaps {
				ids = append(ids, g.ID+" "+g.Name)
			}
			ew.printf("- **%s** (%d): %s\n", mdCell(t.Name), len(t.Gaps), mdCell(strings.Join(ids, ", ")))
		}
		ew.printf("\n</details>\n\n")
	}
	table("techniques", mdLimit)
	table("revoked", mdLimit)
	table("deprecated", mdLimit)
	table("unknown_techniques", mdLimit)

	ew.printf("## Data sources\n\n")
	table("tables", mdLimit)
	table("connectors", mdLimit)
	table("read_not_declared", 10)
	table("declared_not_read", 10)

	ew.printf("## Indicators\n\n")
	ew.printf("%d distinct (field, kind, value) indicators.\n\n", s.Indicators.Distinct)
	table("indicator_specificity", 0)
	table("indicators", mdLimit)
	table("fields", mdLimit)
	table("indicator_kinds", 0)

	ew.printf("## Duplicates\n\n")
	ew.printf("Exact duplicates compare queries once comments, whitespace, quoting and `let` names are normalised. Near-duplicates are rule pairs whose indicator sets have a Jaccard similarity of at least %s (rules with %d indicators or more).\n\n",
		fmt.Sprint(s.Duplicates.Jaccard), s.Duplicates.MinIndicators)
	table("exact_duplicates", 20)
	table("near_duplicates", 20)

	ew.printf("## Query shape\n\n")
	ew.printf("%d queries with a join, %d with a union; the longest has %d characters (limit %d).\n\n",
		s.Shape.Joins, s.Shape.Unions, s.Shape.Longest, s.Shape.Limit)
	table("stages", 0)
	table("operators", mdLimit)
	table("externaldata", mdLimit)
	table("length", 0)
	table("over_limit", mdLimit)
	table("near_limit", mdLimit)
	table("query_frequency", 0)
	table("query_period", 0)

	ew.printf("## Hygiene\n\n")
	table("placeholders", 20)
	table("no_description", 10)
	table("no_version", 10)
	table("no_entity_mappings", 10)
	return ew.err
}

// headlines are the figures the report opens with.
func headlines(s *analyze.Stats) [][2]string {
	cov := "n/a"
	if s.Attack.Version != "" {
		cov = fmt.Sprintf("%s%% (%d of %d techniques)", pct(s.Attack.Coverage), s.Attack.Covered, s.Attack.Techniques)
	}
	top := "none"
	if len(s.Data.Tables) > 0 {
		var ts []string
		for _, t := range s.Data.Tables[:min(3, len(s.Data.Tables))] {
			ts = append(ts, fmt.Sprintf("%s (%d)", t.Name, t.Count))
		}
		top = strings.Join(ts, ", ")
	}
	return [][2]string{
		{"Rules", fmt.Sprintf("%d (%d queries)", s.Rules, s.Queries)},
		{"ATT&CK coverage", cov},
		{"Rules with no ATT&CK mapping", itoa(s.Attack.Unmapped)},
		{"Top tables", top},
		{"Rules with lint errors", itoa(s.Size.LintErrors)},
		{"Rules with parse errors", itoa(s.Size.ParseErrors)},
		{"Exact duplicate query groups", itoa(len(s.Duplicates.Exact))},
		{fmt.Sprintf("Near-duplicate pairs (Jaccard ≥ %v)", s.Duplicates.Jaccard), itoa(len(s.Duplicates.Near))},
		{"Queries over 10,000 characters", itoa(len(s.Shape.OverLimit))},
		{"Rules with placeholders", itoa(s.Hygiene.PlaceholderRules)},
	}
}

// mdTable writes t with at most limit rows (all when limit is 0).
func mdTable(ew *errWriter, t StatsTable, limit int) {
	if len(t.Rows) == 0 {
		ew.printf("None.\n\n")
		return
	}
	ew.printf("|")
	for _, h := range t.Header {
		ew.printf(" %s |", mdCell(h))
	}
	ew.printf("\n|")
	for i := range t.Header {
		if i > 0 && numeric(t, i) {
			ew.printf("---:|")
		} else {
			ew.printf("---|")
		}
	}
	ew.printf("\n")
	rows := t.Rows
	if limit > 0 && len(rows) > limit {
		rows = rows[:limit]
	}
	for _, r := range rows {
		ew.printf("|")
		for _, c := range r {
			ew.printf(" %s |", mdCell(c))
		}
		ew.printf("\n")
	}
	if len(rows) < len(t.Rows) {
		ew.printf("\n_%d more: `rulecat stats --format csv --table %s`_\n", len(t.Rows)-len(rows), t.Name)
	}
	ew.printf("\n")
}

// numeric reports whether every cell of column i is a number, to align it
// right.
func numeric(t StatsTable, i int) bool {
	for _, r := range t.Rows {
		if i >= len(r) || strings.TrimLeft(r[i], "0123456789.") != "" || r[i] == "" {
			return false
		}
	}
	return true
}

// mdCell makes s safe in a markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "\\", "\\\\")
	s = strings.ReplaceAll(s, "|", "\\|")
	s = strings.ReplaceAll(s, "\r", "")
	s = strings.ReplaceAll(s, "\n", " ")
	s = strings.ReplaceAll(s, "<", "&lt;")
	return s
}
