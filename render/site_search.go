package render

import (
	"slices"
	"strings"
)

// searchDoc is one rule in the search index, as MiniSearch reads it.
type searchDoc struct {
	ID          int    `json:"id"`
	Name        string `json:"name"`
	URL         string `json:"url"`
	Severity    string `json:"severity,omitempty"`
	Summary     string `json:"summary,omitempty"`
	Description string `json:"description,omitempty"`
	Fields      string `json:"fields,omitempty"`
	Values      string `json:"values,omitempty"`
	Techniques  string `json:"techniques,omitempty"`
	Tactics     string `json:"tactics,omitempty"`
	Tables      string `json:"tables,omitempty"`
}

// maxSummary bounds the description excerpt shown under a search hit.
const maxSummary = 180

// searchData is the search page's index: names, descriptions, indicator
// fields and values, output fields, technique ids and names, tactics and
// tables of every rule. The template embeds it as JSON, so search works from
// file:// without fetching anything.
func (b *builder) searchData() any {
	docs := make([]searchDoc, len(b.rules))
	for i, r := range b.rules {
		d := searchDoc{ID: i, Name: r.Name, URL: r.Path, Severity: r.Severity,
			Description: r.Rule.Description.Text, Summary: summary(r.Rule.Description.Text)}
		var fields, values, techs []string
		for _, q := range r.Queries {
			for _, in := range q.Indicators {
				fields = append(fields, in.Field)
				for _, v := range in.Values {
					values = append(values, v.Value)
				}
			}
			for _, o := range q.Outputs {
				fields = append(fields, o.Field)
			}
		}
		for _, e := range r.Entities {
			fields = append(fields, e.Column)
		}
		for _, row := range r.Coverage {
			for _, t := range row.Techniques {
				techs = append(techs, t.ID, t.Name)
			}
		}
		d.Fields = joinDistinct(fields)
		d.Values = joinDistinct(values)
		d.Techniques = joinDistinct(techs)
		d.Tactics = joinDistinct(r.TacticText)
		d.Tables = joinDistinct(r.tableNames)
		docs[i] = d
	}
	return struct{ Index []searchDoc }{docs}
}

func joinDistinct(ss []string) string {
	ss = slices.Compact(slices.Sorted(slices.Values(ss)))
	return strings.TrimSpace(strings.Join(ss, " "))
}

// summary is the start of a description as one line of plain text.
func summary(s string) string {
	s = strings.Join(strings.Fields(strings.Trim(s, "'\" \n")), " ")
	if len(s) <= maxSummary {
		return s
	}
	cut := strings.LastIndexByte(s[:maxSummary], ' ')
	if cut < maxSummary/2 {
		cut = maxSummary
	}
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func isRuneStart(c byte) bool { return c&0xC0 != 0x80 }
