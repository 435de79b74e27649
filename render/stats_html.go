package render

import (
	"fmt"
	"html/template"
	"io"

	"github.com/rulecat/rulecat/analyze"
)

// The statistics page draws its charts as inline SVG from Go: no script,
// no web font, nothing fetched, so the page works offline and as a CI
// artifact. Everything from the catalog goes through html/template.

// statsTemplate is parsed once; a parsed template is safe for concurrent
// use and never modified.
var statsTemplate = template.Must(template.New("page").Parse(statsPageHTML))

// WriteStatsHTML writes the report as one self-contained HTML page.
func WriteStatsHTML(w io.Writer, s *analyze.Stats) error {
	return statsTemplate.ExecuteTemplate(w, "page", statsViewOf(s, ""))
}

// WriteStatsBody writes the report as an HTML fragment (a <div> with its
// own scoped style) for a page of the documentation site; root is the
// relative path from that page to the site root. It has the signature of
// render.Site.Statistics once s is bound.
func WriteStatsBody(w io.Writer, s *analyze.Stats, root string) error {
	return statsTemplate.ExecuteTemplate(w, "body", statsViewOf(s, root))
}

type statsView struct {
	Root      string
	Where     string
	Headlines [][2]string
	Sections  []sectionView
}

type sectionView struct {
	ID, Title string
	Intro     string
	Charts    []barChart
	Tables    []tableView
	Gaps      []gapView
}

type gapView struct {
	Tactic string
	IDs    []analyze.TechniqueRef
}

type tableView struct {
	Name, Title string
	Header      []string
	Numeric     []bool
	Rows        [][]string
	More        int
}

type barChart struct {
	Title         string
	Width, Height int
	LabelW        int
	Bars          []barView
}

type barView struct {
	Label, Value string
	Y, TextY     int
	W, Track     int // bar and track widths in pixels
	Title        string
}

const (
	barH       = 18
	barGap     = 6
	chartBarsW = 360
	chartW     = 640
)

// chart draws counts as horizontal bars scaled to the largest.
func chart(title string, cs []analyze.Count, limit int) barChart {
	if limit > 0 && len(cs) > limit {
		cs = cs[:limit]
	}
	maxV := 1
	for _, c := range cs {
		maxV = max(maxV, c.Count)
	}
	bc := barChart{Title: title, Width: chartW, LabelW: chartW - chartBarsW - 70}
	for i, c := range cs {
		y := 4 + i*(barH+barGap)
		bc.Bars = append(bc.Bars, barView{Label: clip(c.Name, 34), Value: itoa(c.Count), Y: y, TextY: y + barH - 5,
			W: max(1, c.Count*chartBarsW/maxV), Track: chartBarsW, Title: fmt.Sprintf("%s: %d", c.Name, c.Count)})
	}
	bc.Height = 8 + len(cs)*(barH+barGap)
	return bc
}

// coverageChart draws each tactic's coverage as a share of a full track.
func coverageChart(ts []analyze.TacticCoverage) barChart {
	bc := barChart{Title: "Techniques covered per tactic", Width: chartW, LabelW: chartW - chartBarsW - 70}
	for i, t := range ts {
		y := 4 + i*(barH+barGap)
		w := 0
		if t.Techniques > 0 {
			w = t.Covered * chartBarsW / t.Techniques
		}
		bc.Bars = append(bc.Bars, barView{Label: t.Name, Value: pct(t.Coverage) + "%", Y: y, TextY: y + barH - 5, W: w, Track: chartBarsW,
			Title: fmt.Sprintf("%s: %d of %d techniques", t.Name, t.Covered, t.Techniques)})
	}
	bc.Height = 8 + len(ts)*(barH+barGap)
	return bc
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func statsViewOf(s *analyze.Stats, root string) statsView {
	tables := map[string]StatsTable{}
	for _, t := range StatsTables(s) {
		tables[t.Name] = t
	}
	tv := func(name string, limit int) tableView {
		t := tables[name]
		v := tableView{Name: t.Name, Title: t.Title, Header: t.Header, Rows: t.Rows}
		for i := range t.Header {
			v.Numeric = append(v.Numeric, i > 0 && numeric(t, i))
		}
		if limit > 0 && len(v.Rows) > limit {
			v.More = len(v.Rows) - limit
			v.Rows = v.Rows[:limit]
		}
		return v
	}
	v := statsView{Root: root, Where: s.Where, Headlines: headlines(s)}
	v.Sections = append(v.Sections, sectionView{ID: "size", Title: "Size",
		Charts: []barChart{chart("Rules by type", s.Size.ByType, 0), chart("Rules by severity", s.Size.BySeverity, 0)},
		Tables: []tableView{tv("by_format", 0), tv("by_solution", 10), tv("by_folder", 10), tv("lint_errors", 10), tv("parse_errors", 10)}})
	att := sectionView{ID: "attack", Title: "ATT&CK coverage",
		Tables: []tableView{tv("tactics", 0), tv("techniques", mdLimit), tv("unmapped", 10), tv("revoked", mdLimit), tv("deprecated", mdLimit), tv("unknown_techniques", mdLimit)}}
	if s.Attack.Version != "" {
		att.Intro = fmt.Sprintf("%d of %d enterprise techniques have a rule (%s%%, ATT&CK v%s); a technique counts when a rule maps it or one of its sub-techniques.",
			s.Attack.Covered, s.Attack.Techniques, pct(s.Attack.Coverage), s.Attack.Version)
		att.Charts = []barChart{coverageChart(s.Attack.Tactics)}
	}
	for _, t := range s.Attack.Tactics {
		if len(t.Gaps) > 0 {
			att.Gaps = append(att.Gaps, gapView{Tactic: t.Name, IDs: t.Gaps})
		}
	}
	v.Sections = append(v.Sections, att)
	v.Sections = append(v.Sections, sectionView{ID: "data", Title: "Data sources",
		Charts: []barChart{chart("Rules by table", s.Data.Tables, mdLimit)},
		Tables: []tableView{tv("connectors", mdLimit), tv("read_not_declared", 10), tv("declared_not_read", 10)}})
	v.Sections = append(v.Sections, sectionView{ID: "indicators", Title: "Indicators",
		Intro:  fmt.Sprintf("%d distinct (field, kind, value) indicators.", s.Indicators.Distinct),
		Charts: []barChart{chart("Most filtered fields", s.Indicators.TopFields, mdLimit), chart("Indicator kinds", s.Indicators.Kinds, 0)},
		Tables: []tableView{tv("indicator_specificity", 0), tv("indicators", mdLimit), tv("generic_rules", 10)}})
	v.Sections = append(v.Sections, sectionView{ID: "duplicates", Title: "Duplicates",
		Intro: fmt.Sprintf("Exact duplicates compare queries once comments, whitespace, quoting and let names are normalised. Near-duplicates are rule pairs whose indicator sets have a Jaccard similarity of at least %v (rules with %d indicators or more).",
			s.Duplicates.Jaccard, s.Duplicates.MinIndicators),
		Tables: []tableView{tv("exact_duplicates", 20), tv("near_duplicates", 20)}})
	v.Sections = append(v.Sections, sectionView{ID: "shape", Title: "Query shape",
		Intro: fmt.Sprintf("%d queries with a join, %d with a union; the longest has %d characters (limit %d).",
			s.Shape.Joins, s.Shape.Unions, s.Shape.Longest, s.Shape.Limit),
		Charts: []barChart{chart("Queries by number of stages", s.Shape.Stages, 0), chart("Queries by length (characters)", s.Shape.Length, 0),
			chart("Queries by operator", s.Shape.Operators, mdLimit)},
		Tables: []tableView{tv("externaldata", mdLimit), tv("over_limit", mdLimit), tv("near_limit", mdLimit), tv("query_frequency", 0), tv("query_period", 0)}})
	v.Sections = append(v.Sections, sectionView{ID: "hygiene", Title: "Hygiene",
		Tables: []tableView{tv("placeholders", 20), tv("no_description", 10), tv("no_version", 10), tv("no_entity_mappings", 10)}})
	return v
}

const statsPageHTML = `{{define "page"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Catalog statistics</title>
</head>
<body>
{{template "body" .}}
</body>
</html>
{{end}}{{define "body"}}<div class="rulecat-stats">
<style>
.rulecat-stats{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;max-width:1100px;margin:0 auto;padding:0 16px}
.rulecat-stats h1{font-size:1.6em}.rulecat-stats h2{border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:2em}
.rulecat-stats h3{font-size:1em;margin:1.2em 0 .4em}
.rulecat-stats table{border-collapse:collapse;margin:.2em 0 1em;font-size:13px}
.rulecat-stats th,.rulecat-stats td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
.rulecat-stats th{background:#f6f8fa}.rulecat-stats td.n{text-align:right;font-variant-numeric:tabular-nums}
.rulecat-stats .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:8px;margin:1em 0}
.rulecat-stats .card{border:1px solid #d0d7de;border-radius:6px;padding:8px 10px;min-width:0;overflow-wrap:anywhere}
.rulecat-stats .card b{display:block;font-size:1.25em}.rulecat-stats .card span{color:#59636e;font-size:12px}
.rulecat-stats svg{display:block;max-width:100%;height:auto;margin:.2em 0 1em}
.rulecat-stats svg text{font:12px system-ui,sans-serif;fill:#1f2328}
.rulecat-stats .track{fill:#eef1f4}.rulecat-stats .bar{fill:#0969da}
.rulecat-stats .more{color:#59636e;font-style:italic}
.rulecat-stats code{font-size:12px}
</style>
<h1>Catalog statistics</h1>
{{if .Where}}<p>Rules matching <code>{{.Where}}</code>.</p>{{end}}
<div class="cards">{{range .Headlines}}<div class="card"><b>{{index . 1}}</b><span>{{index . 0}}</span></div>{{end}}</div>
<nav><ul>{{range .Sections}}<li><a href="#{{.ID}}">{{.Title}}</a></li>{{end}}</ul></nav>
{{range .Sections}}<section id="{{.ID}}">
<h2>{{.Title}}</h2>
{{if .Intro}}<p>{{.Intro}}</p>{{end}}
{{range .Charts}}{{template "chart" .}}{{end}}
{{if .Gaps}}<details><summary>Techniques with no rule, by tactic (a technique of several tactics is listed under each)</summary>
{{range .Gaps}}<h3>{{.Tactic}} ({{len .IDs}})</h3><p>{{range $i, $t := .IDs}}{{if $i}}, {{end}}<a href="https://attack.mitre.org/techniques/{{$t.ID}}/">{{$t.ID}}</a> {{$t.Name}}{{end}}</p>
{{end}}</details>{{end}}
{{range .Tables}}{{template "table" .}}{{end}}
</section>
{{end}}</div>
{{end}}{{define "chart"}}<h3>{{.Title}}</h3>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{{.Title}}" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}">
{{- $lw := .LabelW}}{{range .Bars}}
<g><title>{{.Title}}</title><text x="{{$lw}}" y="{{.TextY}}" text-anchor="end" dx="-6">{{.Label}}</text><rect class="track" x="{{$lw}}" y="{{.Y}}" width="{{.Track}}" height="18"/><rect class="bar" x="{{$lw}}" y="{{.Y}}" width="{{.W}}" height="18"/><text x="{{$lw}}" dx="{{.Track}}" y="{{.TextY}}"> {{.Value}}</text></g>
{{- end}}
</svg>
{{end}}{{define "table"}}<h3 id="{{.Name}}">{{.Title}}</h3>
{{if .Rows}}<table><thead><tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr></thead><tbody>
{{$num := .Numeric}}{{range .Rows}}<tr>{{range $i, $c := .}}<td{{if index $num $i}} class="n"{{end}}>{{$c}}</td>{{end}}</tr>
{{end}}</tbody></table>
{{if .More}}<p class="more">{{.More}} more: <code>rulecat stats --format csv --table {{.Name}}</code></p>{{end}}
{{else}}<p>None.</p>{{end}}
{{end}}`
