package render

import (
	"cmp"
	"html/template"
	"maps"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/catalog"
)

// link is an <a> with an optional note after it ("3 rules").
type link struct {
	Href, Text, Note string
}

// ruleView is everything a rule page shows. Links in it are relative to the
// rule page (one directory down).
type ruleView struct {
	Rule     *catalog.Rule
	Path     string // "rules/<slug>.html"
	Name     string
	Severity string
	SevClass string
	SevRank  int
	Type     string

	Description, FalsePositives, Risk template.HTML
	References                        []string

	Coverage   []coverageRow
	TacticText []string // tactic names, for the index
	// TacticsDerived says that the rule lists no tactics (markdown, .kql)
	// and TacticText and Coverage hold those of its techniques in ATT&CK.
	TacticsDerived bool
	Techniques     []string // technique ids as written, for search
	Queries        []*queryView
	Tables         []tableRow
	Entities       []entityRow
	Details        []catalog.KeyValue // customDetails
	Overrides      []catalog.KeyValue // alertDetailsOverride

	Diags    []diagView
	Errors   int
	Warnings int

	Similar []link

	indicators []string // indicator keys, sorted, distinct
	tableNames []string
}

type coverageRow struct {
	Tactic     *tacticView // nil for techniques under none of the rule's tactics
	Techniques []*techniqueView
	Orphans    string // what a row without Tactic says in its place
}

type tableRow struct {
	Table      *groupView
	Connectors []*groupView
}

type entityRow struct {
	Entity      string
	Identifier  string
	Column      string
	FirstOfType bool
	Span        int
}

type diagView struct {
	catalog.Diagnostic
	CheckHref string
	SevClass  string
}

// queryView is one query variant on a rule page.
type queryView struct {
	Label    string
	Line     int
	Code     template.HTML
	Analyzed bool

	Tables          []*groupView
	Lookbacks       []analyze.Lookback
	Parameters      []parameterView
	Stages          []*stageView
	Indicators      []indicatorRow
	Outputs         []analyze.Output
	OutputsComplete bool
	SyntaxErrors    int
}

type parameterView struct {
	Name string
	Line int
	Code template.HTML
}

type stageView struct {
	Index     int
	Label     string
	Line      int
	Code      template.HTML
	Substages []*stageView
	Errors    []string // syntax errors in the stage's text, with their positions
}

type indicatorRow struct {
	Field, Kind   string
	CaseSensitive bool
	Values        []valueView
	Page          *fieldView
	NoValue       *indicatorView // the entry of an indicator without values
	FieldHref     string         // the field's page, from the rule page
	NoValueHref   string
}

type valueView struct {
	Value     string
	Corpus    int
	Indicator *indicatorView
	Href      string // the indicator's section, from the rule page
}

// techniqueView is a technique page.
type techniqueView struct {
	ID, Name string
	Path     string
	URL      string
	Known    bool
	Tactics  []link
	Parent   *link
	Subs     []link
	Rules    []link // rules listing exactly this id
	SubRules []link // rules listing one of its sub-techniques only
	count    int    // rules covering it, sub-techniques included
	rules    map[*ruleView]bool
}

// tacticView is a tactic page.
type tacticView struct {
	Name, ID, Domain string
	Path             string
	URL              string
	Rules            []link
	rules            []*ruleView
}

// groupView is a table or connector page.
type groupView struct {
	Kind  string // "table" or "connector"
	Name  string
	Path  string
	Rules []link
	Also  []link // connectors of a table, tables of a connector
	rules []*ruleView
	also  map[string]bool
}

// indicatorView is one indicator: a field, kind and value (Value "" for a
// kind with no literal value, such as is_not_null). It is a section of its
// field's page, so Path holds an anchor.
type indicatorView struct {
	Field, Kind, Value string
	Path               string // "indicators/<field>.html#<anchor>"
	Anchor             string
	Rules              []link
	rules              []*ruleView
}

// fieldView is the page of one field: every indicator on it.
type fieldView struct {
	Field   string
	Path    string
	Entries []*indicatorView
	Rules   int // distinct rules testing the field
	entries map[string]*indicatorView
}

func indicatorKey(field, kind, value string) string {
	return field + "\x00" + kind + "\x00" + value
}

// sortedValues returns a map's values in key order.
func sortedValues[V any](m map[string]V) []V {
	out := make([]V, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}

var severityRank = map[string]int{"informational": 1, "low": 2, "medium": 3, "high": 4, "critical": 5}

// model builds every view from the Site.
func (b *builder) model() {
	s := b.site
	b.techniques = map[string]*techniqueView{}
	b.tactics = map[string]*tacticView{}
	b.tables = map[string]*groupView{}
	b.connectors = map[string]*groupView{}
	b.fields = map[string]*fieldView{}
	b.checks = map[string]string{}
	for _, c := range s.Checks {
		b.checks[c.ID] = "checks/" + slug(c.ID) + ".html"
	}

	var rules []*catalog.Rule
	if s.Catalog != nil {
		rules = s.Catalog.Rules
	}
	b.analysis = map[*catalog.Rule]*analyze.RuleAnalysis{}
	if s.Analysis != nil {
		for _, ra := range s.Analysis.Rules {
			if ra != nil && ra.Rule != nil {
				b.analysis[ra.Rule] = ra
			}
		}
	}
	b.prehighlight(rules)
	bases := make([]string, len(rules))
	keys := make([]string, len(rules))
	seen := map[string]int{}
	for i, r := range rules {
		bases[i] = slug(ruleName(r))
		keys[i] = r.File + "#" + strconv.Itoa(seen[r.File])
		seen[r.File]++
	}
	slugs := uniqueSlugs(bases, keys)

	var findings map[string][]catalog.Diagnostic
	if s.Lint != nil {
		findings = map[string][]catalog.Diagnostic{}
		for _, d := range s.Lint.Diagnostics {
			findings[d.File] = append(findings[d.File], d)
		}
	}

	b.rules = make([]*ruleView, len(rules))
	for i, r := range rules {
		ds := r.Diagnostics
		if findings != nil {
			ds = findings[r.File]
		}
		b.rules[i] = b.ruleView(r, "rules/"+slugs[i]+".html", ds)
	}
	b.index()
	b.similar()
}

// ruleName is the name a rule is listed under: its name, else its file's
// base name.
func ruleName(r *catalog.Rule) string {
	if n := strings.TrimSpace(r.Name.Text); n != "" {
		return n
	}
	return path.Base(r.File)
}

func (b *builder) ruleView(r *catalog.Rule, p string, findings []catalog.Diagnostic) *ruleView {
	v := &ruleView{Rule: r, Path: p, Name: ruleName(r), Severity: r.Severity.Text, Type: r.Type()}
	v.SevClass = slug(strings.ToLower(v.Severity))
	v.SevRank = severityRank[strings.ToLower(v.Severity)]
	v.Description = markdown(b.md, unquoteDescription(r.Description.Text))
	v.FalsePositives = markdown(b.md, r.FalsePositives)
	v.Risk = markdown(b.md, r.Risk)
	v.References = r.References

	// Findings about this rule (a file may hold several rules).
	var ds []catalog.Diagnostic
	for _, d := range findings {
		if d.RuleID == "" || r.ID.Text == "" || d.RuleID == r.ID.Text {
			ds = append(ds, d)
		}
	}
	for _, d := range catalog.SortDiagnostics(ds) {
		dv := diagView{Diagnostic: d, SevClass: d.Severity.String()}
		if h, ok := b.checks[d.Check]; ok {
			dv.CheckHref = h
		}
		switch d.Severity {
		case catalog.Error:
			v.Errors++
		case catalog.Warning:
			v.Warnings++
		}
		v.Diags = append(v.Diags, dv)
	}

	b.coverage(v)

	// Queries and their analysis.
	an := b.analysis[r]
	tables := map[string]bool{}
	for i := range r.Queries {
		q := &r.Queries[i]
		qv := &queryView{Label: q.Label, Line: q.Span.Line, Code: b.highlight(q.Text)}
		if an != nil && i < len(an.Queries) && an.Queries[i] != nil {
			qa := an.Queries[i]
			b.queryAnalysis(v, qv, qa)
			for _, t := range qa.Tables {
				tables[t] = true
			}
		}
		v.Queries = append(v.Queries, qv)
	}

	// Connectors and the tables they provide.
	byTable := map[string][]string{}
	for _, c := range r.Connectors {
		id := strings.TrimSpace(c.ID.Text)
		if id == "" {
			continue
		}
		if g := b.group(b.connectors, "connector", id); !slices.Contains(g.rules, v) {
			g.rules = append(g.rules, v)
		}
		for _, dt := range c.DataTypes {
			if t := strings.TrimSpace(dt.Text); t != "" {
				tables[t] = true
				byTable[t] = append(byTable[t], id)
			}
		}
	}
	v.tableNames = slices.Sorted(maps.Keys(tables))
	for _, t := range v.tableNames {
		row := tableRow{Table: b.group(b.tables, "table", t)}
		row.Table.rules = append(row.Table.rules, v)
		ids := slices.Compact(slices.Sorted(slices.Values(byTable[t])))
		for _, id := range ids {
			row.Connectors = append(row.Connectors, b.connectors[id])
			row.Table.also[id] = true
			b.connectors[id].also[t] = true
		}
		v.Tables = append(v.Tables, row)
	}

	for _, em := range r.EntityMappings {
		for j, fm := range em.FieldMappings {
			v.Entities = append(v.Entities, entityRow{Entity: em.EntityType.Text, Identifier: fm.Identifier.Text,
				Column: fm.ColumnName.Text, FirstOfType: j == 0, Span: len(em.FieldMappings)})
		}
		if len(em.FieldMappings) == 0 {
			v.Entities = append(v.Entities, entityRow{Entity: em.EntityType.Text, FirstOfType: true, Span: 1})
		}
	}
	v.Details = r.CustomDetails
	v.Overrides = r.AlertDetailsOverride
	return v
}

// group returns the view of a table or connector, creating it; its Path is
// set by index once every name is known.
func (b *builder) group(m map[string]*groupView, kind, name string) *groupView {
	g, ok := m[name]
	if !ok {
		g = &groupView{Kind: kind, Name: name, also: map[string]bool{}}
		m[name] = g
	}
	return g
}

// coverage fills the MITRE ATT&CK table: one row per tactic the rule lists,
// with the techniques it lists that belong to that tactic.
func (b *builder) coverage(v *ruleView) {
	r := v.Rule
	ad := b.site.Attack
	type row struct {
		order int
		coverageRow
		short string
	}
	var rows []*row
	byShort := map[string]*row{}
	for i, t := range r.Tactics {
		name := strings.TrimSpace(t.Text)
		if name == "" {
			continue
		}
		tv := b.tactic(name)
		if slices.ContainsFunc(rows, func(rw *row) bool { return rw.Tactic == tv }) {
			continue
		}
		v.TacticText = append(v.TacticText, tv.Name)
		tv.rules = append(tv.rules, v)
		rw := &row{order: 1000 + i, coverageRow: coverageRow{Tactic: tv}}
		if ad != nil {
			if at, ok := ad.Tactic(name); ok {
				rw.order = at.Order
				if at.Domain != attack.Enterprise {
					rw.order += 100
				}
				rw.short = string(at.Domain) + "/" + at.ShortName
				byShort[rw.short] = rw
				// Sentinel names ICS tactics as enterprise ones ("Execution"),
				// so an ICS technique also matches by short name alone.
				if _, ok := byShort[at.ShortName]; !ok {
					byShort[at.ShortName] = rw
				}
			}
		}
		rows = append(rows, rw)
	}
	// A rule that lists no tactics (markdown, .kql) is filed under the
	// tactics of its techniques, marked as derived.
	derive := len(rows) == 0 && ad != nil
	byID := map[string]*row{}
	var orphans []*techniqueView
	for _, t := range r.Techniques {
		id := strings.TrimSpace(t.Text)
		if id == "" {
			continue
		}
		if slices.Contains(v.Techniques, id) {
			continue
		}
		v.Techniques = append(v.Techniques, id)
		tv := b.technique(id)
		tv.rules[v] = true
		ref := tv
		placed := false
		if derive {
			for _, at := range ad.TacticsOf(id) {
				rw := byID[at.ID]
				if rw == nil {
					tv := b.tactic(at.ID)
					tv.rules = append(tv.rules, v)
					rw = &row{order: at.Order, coverageRow: coverageRow{Tactic: tv}}
					if at.Domain != attack.Enterprise {
						rw.order += 100
					}
					byID[at.ID] = rw
					rows = append(rows, rw)
				}
				if !slices.Contains(rw.Techniques, ref) {
					rw.Techniques = append(rw.Techniques, ref)
				}
				placed = true
			}
		} else if ad != nil {
			if at, ok := ad.Technique(id); ok {
				for _, ts := range at.Tactics {
					rw := byShort[string(at.Domain)+"/"+ts]
					if rw == nil {
						rw = byShort[ts]
					}
					if rw != nil && !slices.Contains(rw.Techniques, ref) {
						rw.Techniques = append(rw.Techniques, ref)
						placed = true
					}
				}
			}
		}
		if !placed {
			orphans = append(orphans, ref)
		}
	}
	slices.SortStableFunc(rows, func(a, b *row) int { return cmp.Compare(a.order, b.order) })
	for _, rw := range rows {
		v.Coverage = append(v.Coverage, rw.coverageRow)
		if derive {
			v.TacticText = append(v.TacticText, rw.Tactic.Name)
		}
	}
	v.TacticsDerived = derive && len(rows) > 0
	if len(orphans) > 0 {
		label := "(none of the rule's tactics)"
		if derive || len(rows) == 0 {
			label = "(tactic not known)"
		}
		v.Coverage = append(v.Coverage, coverageRow{Techniques: orphans, Orphans: label})
	}
}

// tactic returns the view of a tactic named as a rule names it.
func (b *builder) tactic(name string) *tacticView {
	key := "x-" + slug(name)
	tv := &tacticView{Name: name}
	if ad := b.site.Attack; ad != nil {
		if at, ok := ad.Tactic(name); ok {
			key = at.ShortName
			if at.Domain != attack.Enterprise {
				key = strings.TrimSuffix(string(at.Domain), "-attack") + "-" + at.ShortName
			}
			tv = &tacticView{Name: at.Name, ID: at.ID, Domain: domainName(at.Domain),
				URL: "https://attack.mitre.org/tactics/" + at.ID + "/"}
		}
	}
	if old, ok := b.tactics[key]; ok {
		return old
	}
	tv.Path = "tactics/" + slug(key) + ".html"
	b.tactics[key] = tv
	return tv
}

// technique returns the view of a technique id as a rule writes it.
func (b *builder) technique(id string) *techniqueView {
	if tv, ok := b.techniques[id]; ok {
		return tv
	}
	tv := &techniqueView{ID: id, Name: "", rules: map[*ruleView]bool{}}
	if ad := b.site.Attack; ad != nil {
		if at, ok := ad.Technique(id); ok {
			tv.Name, tv.URL, tv.Known = at.Name, at.URL(), true
		}
	}
	b.techniques[id] = tv
	return tv
}

func domainName(d attack.Domain) string {
	switch d {
	case attack.Enterprise:
		return "Enterprise"
	case attack.ICS:
		return "ICS"
	case attack.Mobile:
		return "Mobile"
	}
	return string(d)
}

// letText is a parameter as the page shows it: its let statement.
func letText(p analyze.Parameter) string { return "let " + p.Name + " = " + p.Text + ";" }

// prehighlight highlights every query, parameter and stage text of the
// catalog on a bounded pool, ahead of the (sequential) model.
func (b *builder) prehighlight(rules []*catalog.Rule) {
	seen := map[string]bool{}
	var texts []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			texts = append(texts, s)
		}
	}
	var stages func([]*analyze.Stage)
	stages = func(ss []*analyze.Stage) {
		for _, s := range ss {
			if s != nil {
				add(s.Text)
				stages(s.Substages)
			}
		}
	}
	for _, r := range rules {
		for _, q := range r.Queries {
			add(q.Text)
		}
		if ra := b.analysis[r]; ra != nil {
			for _, qa := range ra.Queries {
				if qa == nil {
					continue
				}
				for _, p := range qa.Parameters {
					add(letText(p))
				}
				stages(qa.Stages)
			}
		}
	}
	out := make([]template.HTML, len(texts))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	const chunk = 64 // texts per task: most are short
	for lo := 0; lo < len(texts); lo += chunk {
		hi := min(lo+chunk, len(texts))
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			var toks []HighlightToken // reused: the tokens are dropped once the HTML is made
			for i := lo; i < hi; i++ {
				toks = kqlTokens(toks[:0], texts[i])
				out[i] = Highlight(texts[i], toks)
			}
		})
	}
	wg.Wait()
	b.hl = make(map[string]template.HTML, len(texts))
	for i, t := range texts {
		b.hl[t] = out[i]
	}
}

// highlight returns the highlighted HTML of a query text.
func (b *builder) highlight(src string) template.HTML {
	if h, ok := b.hl[src]; ok {
		return h
	}
	return highlightKQL(src)
}

// unquoteDescription drops the single quotes many Sentinel rules wrap their
// description in ("'Detects ...'"), a habit of the official templates.
func unquoteDescription(s string) string {
	t := strings.TrimSpace(s)
	if len(t) >= 2 && t[0] == '\'' && t[len(t)-1] == '\'' && !strings.Contains(t[1:len(t)-1], "\n\n") {
		return t[1 : len(t)-1]
	}
	return s
}
