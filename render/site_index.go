package render

import (
	"cmp"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strings"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/analyze/attack"
)

// queryAnalysis puts the analysis of one query variant on its view and
// records the rule in the corpus index of tables and indicators.
func (b *builder) queryAnalysis(v *ruleView, qv *queryView, qa *analyze.QueryAnalysis) {
	qv.Analyzed = true
	qv.SyntaxErrors = qa.SyntaxErrors
	for _, t := range slices.Compact(slices.Sorted(slices.Values(qa.Tables))) {
		g := b.group(b.tables, "table", t)
		qv.Tables = append(qv.Tables, g)
	}
	qv.Lookbacks = qa.Lookbacks
	for _, p := range qa.Parameters {
		qv.Parameters = append(qv.Parameters, parameterView{Name: p.Name, Line: p.Line,
			Code: b.highlight(letText(p))})
	}
	qv.Stages = b.stageViews(qa.Stages, stageErrors(qa))
	for _, in := range qa.Indicators {
		if in == nil {
			continue
		}
		fv, ok := b.fields[in.Field]
		if !ok {
			fv = &fieldView{Field: in.Field, entries: map[string]*indicatorView{}}
			b.fields[in.Field] = fv
		}
		entry := func(value, norm string) *indicatorView {
			key := indicatorKey(in.Field, in.Kind, norm)
			iv, ok := fv.entries[key]
			if !ok {
				iv = &indicatorView{Field: in.Field, Kind: in.Kind, Value: value}
				fv.entries[key] = iv
			}
			if len(iv.rules) == 0 || iv.rules[len(iv.rules)-1] != v {
				iv.rules = append(iv.rules, v)
			}
			return iv
		}
		row := indicatorRow{Field: in.Field, Kind: in.Kind, CaseSensitive: in.CaseSensitive, Page: fv}
		if len(in.Values) == 0 {
			row.NoValue = entry("", "")
		}
		for _, val := range in.Values {
			norm := analyze.NormalizeValue(val.Value, in.CaseSensitive)
			iv := entry(val.Value, norm)
			v.indicators = append(v.indicators, indicatorKey(in.Field, in.Kind, norm))
			row.Values = append(row.Values, valueView{Value: val.Value, Corpus: val.Corpus, Indicator: iv})
		}
		qv.Indicators = append(qv.Indicators, row)
	}
	qv.Outputs = qa.Outputs
	qv.OutputsComplete = qa.OutputsComplete
}

// stageViews turns a pipeline's stages into views. The substages of a stage
// are its nested pipelines, each a node naming its role (the right side of
// a join, a union leg, ...) whose own substages are that pipeline's stages;
// a role node is headed by its role, and its text, which its stages repeat,
// is not shown again.
func (b *builder) stageViews(ss []*analyze.Stage, errs map[*analyze.Stage][]string) []*stageView {
	var out []*stageView
	for _, s := range ss {
		if s == nil {
			continue
		}
		out = append(out, &stageView{Index: s.Index, Label: s.Label(), Line: s.Line, Errors: errs[s],
			Code: b.highlight(s.Text), Substages: b.roleViews(s.Substages, errs)})
	}
	return out
}

func (b *builder) roleViews(ss []*analyze.Stage, errs map[*analyze.Stage][]string) []*stageView {
	var out []*stageView
	for _, s := range ss {
		if s == nil {
			continue
		}
		v := &stageView{Label: roleLabel(s.Operator), Line: s.Line, Errors: errs[s], Substages: b.stageViews(s.Substages, errs)}
		if len(v.Substages) == 0 {
			v.Code = b.highlight(s.Text)
		}
		out = append(out, v)
	}
	return out
}

// stageErrors files each syntax error of a query under the stage that holds
// it, innermost first, as a message with its file position. An error just
// past a stage's text (a trailing "and" missing its operand) or between two
// stages belongs to the stage before it.
func stageErrors(qa *analyze.QueryAnalysis) map[*analyze.Stage][]string {
	if len(qa.Errors) == 0 || qa.Query == nil {
		return nil
	}
	out := map[*analyze.Stage][]string{}
	text := qa.Query.Text
	for _, e := range qa.Errors {
		if e == nil {
			continue
		}
		if s := stageAt(text, qa.Stages, 0, len(text), int(e.Pos), true); s != nil {
			line, col := qa.Query.Position(int(e.Pos))
			out[s] = append(out[s], fmt.Sprintf("line %d, column %d: %s", line, col, e.Msg))
		}
	}
	return out
}

// stageAt returns the innermost stage of ss, whose texts lie in order in
// text[from:to], that holds offset off. Stages know their text but not
// their offsets, so each is looked for after the one before. With after
// set, an offset past the stages' texts belongs to the last stage starting
// before it.
func stageAt(text string, ss []*analyze.Stage, from, to, off int, after bool) *analyze.Stage {
	var found *analyze.Stage
	start, end := 0, 0
	for pos := from; ; {
		var s *analyze.Stage
		for len(ss) > 0 && s == nil {
			s, ss = ss[0], ss[1:]
		}
		if s == nil || s.Text == "" || pos > to {
			break
		}
		i := strings.Index(text[pos:to], s.Text)
		if i < 0 || pos+i > off {
			break
		}
		found, start, end = s, pos+i, pos+i+len(s.Text)
		if off <= end {
			break
		}
		pos = end
	}
	if found == nil || off > end && !after {
		return nil
	}
	if inner := stageAt(text, found.Substages, start, end, off, false); inner != nil {
		return inner
	}
	return found
}

// roleLabel names the role of a nested pipeline.
func roleLabel(op string) string {
	switch op {
	case "right":
		return "right side"
	case "leg":
		return "union leg"
	case "mv-apply":
		return "mv-apply subquery"
	case "in":
		return "in (subquery)"
	case "toscalar":
		return "toscalar subquery"
	}
	return op
}

// ruleLinks lists rules by name, then page.
func ruleLinks(rs []*ruleView) []link {
	rs = slices.Clone(rs)
	slices.SortFunc(rs, func(a, b *ruleView) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.Path, b.Path))
	})
	rs = slices.Compact(rs)
	out := make([]link, len(rs))
	for i, r := range rs {
		out[i] = link{Href: r.Path, Text: r.Name, Note: r.Severity}
	}
	return out
}

// index names every page of the corpus index and fills in its rule lists,
// once every rule is known.
func (b *builder) index() {
	// Tables and connectors.
	for dir, m := range map[string]map[string]*groupView{"tables/": b.tables, "connectors/": b.connectors} {
		names := slices.Sorted(maps.Keys(m))
		bases := make([]string, len(names))
		for i, n := range names {
			bases[i] = slug(n)
		}
		for i, s := range uniqueSlugs(bases, names) {
			g := m[names[i]]
			g.Path = dir + s + ".html"
		}
	}
	for _, m := range []map[string]*groupView{b.tables, b.connectors} {
		for _, g := range m {
			g.Rules = ruleLinks(g.rules)
		}
	}
	for _, g := range b.tables {
		for _, id := range slices.Sorted(maps.Keys(g.also)) {
			g.Also = append(g.Also, link{Href: b.connectors[id].Path, Text: id})
		}
	}
	for _, g := range b.connectors {
		for _, t := range slices.Sorted(maps.Keys(g.also)) {
			g.Also = append(g.Also, link{Href: b.tables[t].Path, Text: t})
		}
	}

	// Techniques: a used sub-technique gets its parent's page too, so
	// matrix cells can link to it.
	if ad := b.site.Attack; ad != nil {
		for _, id := range slices.Sorted(maps.Keys(b.techniques)) {
			if p := attack.ParentID(id); p != id && b.techniques[id].Known {
				b.technique(p)
			}
		}
	}
	ids := slices.Sorted(maps.Keys(b.techniques))
	bases := make([]string, len(ids))
	for i, id := range ids {
		bases[i] = slug(id)
	}
	for i, s := range uniqueSlugs(bases, ids) {
		b.techniques[ids[i]].Path = "techniques/" + s + ".html"
	}
	for _, id := range ids {
		t := b.techniques[id]
		t.count = len(t.rules)
		t.Rules = ruleLinks(slices.Collect(maps.Keys(t.rules)))
		if p := attack.ParentID(id); p != id {
			if pt, ok := b.techniques[p]; ok {
				t.Parent = &link{Href: pt.Path, Text: pt.ID + " " + pt.Name}
			}
		}
		if ad := b.site.Attack; ad != nil {
			if at, ok := ad.Technique(id); ok {
				for _, ts := range at.Tactics {
					if tc := b.tacticByShort(at.Domain, ts); tc != nil {
						t.Tactics = append(t.Tactics, link{Href: tc.Path, Text: tc.Name})
					} else if tac, ok := ad.Tactic(ts); ok {
						t.Tactics = append(t.Tactics, link{Text: tac.Name})
					}
				}
			}
		}
	}
	for _, id := range ids {
		t := b.techniques[id]
		if p := attack.ParentID(id); p != id {
			if pt, ok := b.techniques[p]; ok {
				pt.Subs = append(pt.Subs, link{Href: t.Path, Text: t.ID + " " + t.Name, Note: plural(len(t.rules), "rule")})
				var only []*ruleView
				for r := range t.rules {
					if !pt.rules[r] {
						only = append(only, r)
					}
				}
				pt.SubRules = append(pt.SubRules, ruleLinks(only)...)
			}
		}
	}
	for _, id := range ids {
		t := b.techniques[id]
		all := maps.Clone(t.rules)
		for _, s := range t.Subs {
			for r := range b.techniques[strings.Fields(s.Text)[0]].rules {
				all[r] = true
			}
		}
		t.count = len(all)
		t.SubRules = slices.CompactFunc(sortLinks(t.SubRules), func(a, b link) bool { return a.Href == b.Href })
	}

	for _, t := range b.tactics {
		t.Rules = ruleLinks(t.rules)
	}

	// Indicators: a page per field, a section per kind and value.
	fields := slices.Sorted(maps.Keys(b.fields))
	bases = make([]string, len(fields))
	for i, f := range fields {
		bases[i] = slug(f)
	}
	for i, s := range uniqueSlugs(bases, fields, "index") {
		fv := b.fields[fields[i]]
		fv.Path = "indicators/" + s + ".html"
		keys := slices.Sorted(maps.Keys(fv.entries))
		anchors := make([]string, len(keys))
		for j, k := range keys {
			in := fv.entries[k]
			anchors[j] = slug(in.Kind + " " + in.Value)
		}
		rules := map[*ruleView]bool{}
		for j, a := range uniqueSlugs(anchors, keys) {
			in := fv.entries[keys[j]]
			in.Anchor = a
			in.Path = fv.Path + "#" + a
			in.Rules = ruleLinks(in.rules)
			for _, r := range in.rules {
				rules[r] = true
			}
			fv.Entries = append(fv.Entries, in)
		}
		fv.Rules = len(rules)
		slices.SortStableFunc(fv.Entries, func(x, y *indicatorView) int {
			return cmp.Or(strings.Compare(x.Kind, y.Kind), cmp.Compare(len(y.Rules), len(x.Rules)), strings.Compare(x.Value, y.Value))
		})
	}
	for _, r := range b.rules {
		r.indicators = slices.Compact(slices.Sorted(slices.Values(r.indicators)))
		for _, q := range r.Queries {
			// Rule pages are one level down; their hottest links are
			// spelled out here rather than joined in the template.
			for i := range q.Indicators {
				row := &q.Indicators[i]
				row.FieldHref = "../" + row.Page.Path
				if row.NoValue != nil {
					row.NoValueHref = "../" + row.NoValue.Path
				}
				for j := range row.Values {
					vv := &row.Values[j]
					vv.Href = "../" + vv.Indicator.Path
					if vv.Corpus == 0 {
						vv.Corpus = len(vv.Indicator.Rules)
					}
				}
			}
		}
	}
}

func sortLinks(ls []link) []link {
	slices.SortFunc(ls, func(a, b link) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Text), strings.ToLower(b.Text)), strings.Compare(a.Href, b.Href))
	})
	return ls
}

// tacticByShort finds the view of a tactic by domain and short name, if a
// rule uses it.
func (b *builder) tacticByShort(dom attack.Domain, short string) *tacticView {
	key := short
	if dom != attack.Enterprise {
		key = strings.TrimSuffix(string(dom), "-attack") + "-" + short
	}
	return b.tactics[key]
}

// maxSimilar is how many similar rules a rule page lists.
const maxSimilar = 5

// similar finds for each rule the rules sharing the most indicators with it.
func (b *builder) similar() {
	byKey := map[string][]*ruleView{}
	for _, r := range b.rules {
		for _, k := range r.indicators {
			byKey[k] = append(byKey[k], r)
		}
	}
	for _, r := range b.rules {
		shared := map[*ruleView]int{}
		for _, k := range r.indicators {
			for _, o := range byKey[k] {
				if o != r {
					shared[o]++
				}
			}
		}
		cands := slices.Collect(maps.Keys(shared))
		slices.SortFunc(cands, func(x, y *ruleView) int {
			return cmp.Or(cmp.Compare(shared[y], shared[x]), strings.Compare(x.Name, y.Name), strings.Compare(x.Path, y.Path))
		})
		for _, o := range cands[:min(len(cands), maxSimilar)] {
			r.Similar = append(r.Similar, link{Href: o.Path, Text: o.Name, Note: plural(shared[o], "shared indicator")})
		}
	}
}

// indexRow is one rule in the index table.
type indexRow struct {
	*ruleView
	Tables   []string
	Findings string
	FindKey  int
}

func (b *builder) indexData() any {
	rows := make([]indexRow, len(b.rules))
	sevs := map[string]bool{}
	for i, r := range b.rules {
		f := ""
		switch {
		case r.Errors > 0 && r.Warnings > 0:
			f = plural(r.Errors, "error") + ", " + plural(r.Warnings, "warning")
		case r.Errors > 0:
			f = plural(r.Errors, "error")
		case r.Warnings > 0:
			f = plural(r.Warnings, "warning")
		case len(r.Diags) > 0:
			f = plural(len(r.Diags), "note")
		}
		rows[i] = indexRow{ruleView: r, Tables: r.tableNames, Findings: f, FindKey: r.Errors*10000 + r.Warnings*100 + len(r.Diags)}
		if r.SevClass != "x" {
			sevs[r.SevClass] = true
		}
	}
	order := []string{"critical", "high", "medium", "low", "informational"}
	var sevList []string
	for _, s := range order {
		if sevs[s] {
			sevList = append(sevList, s)
			delete(sevs, s)
		}
	}
	sevList = append(sevList, slices.Sorted(maps.Keys(sevs))...)
	return struct {
		Rows       []indexRow
		Severities []string
	}{rows, sevList}
}

// matrixCell is one technique of a matrix column.
type matrixCell struct {
	ID, Name string
	Path     string // our page, "" when no rule covers it
	Count    int
	Level    int // 0..4, shading
	Subs     []link
}

type matrixColumn struct {
	Name, Path string
	Cells      []matrixCell
}

type matrix struct {
	Domain  string
	Key     string
	Columns []matrixColumn
	Covered int // techniques with at least one rule, as attack.Data.Coverage counts them
	Total   int
	Max     int
}

// matrixData is the ATT&CK page.
type matrixData struct {
	Matrices []matrix
	Unknown  []*techniqueView
	Attack   bool
}

// matrices builds the ATT&CK matrix of each domain rules use (Enterprise
// always), and lists techniques outside every matrix.
func (b *builder) matrices() matrixData {
	d := matrixData{}
	ad := b.site.Attack
	placed := map[string]bool{}
	if ad != nil {
		d.Attack = true
		used := map[attack.Domain]bool{attack.Enterprise: true}
		for id, t := range b.techniques {
			if at, ok := ad.Technique(id); ok && len(t.rules) > 0 {
				used[at.Domain] = true
			}
		}
		for _, t := range b.tactics {
			if t.Domain == "ICS" {
				used[attack.ICS] = true
			} else if t.Domain == "Mobile" {
				used[attack.Mobile] = true
			}
		}
		ids := b.coverageIDs()
		for _, dom := range ad.Domains() {
			if !used[dom] {
				continue
			}
			m := matrix{Domain: domainName(dom), Key: string(dom)}
			m.Covered, m.Total = ad.Coverage(dom, ids)
			for _, tac := range ad.Tactics(dom) {
				col := matrixColumn{Name: tac.Name}
				if tv := b.tacticByShort(dom, tac.ShortName); tv != nil {
					col.Path = tv.Path
				}
				for _, at := range ad.Techniques(dom, tac.ShortName) {
					c := matrixCell{ID: at.ID, Name: at.Name}
					if tv, ok := b.techniques[at.ID]; ok {
						c.Path, c.Count = tv.Path, tv.count
						c.Subs = tv.Subs
						placed[at.ID] = true
						for _, s := range tv.Subs {
							placed[strings.Fields(s.Text)[0]] = true
						}
					}
					m.Max = max(m.Max, c.Count)
					col.Cells = append(col.Cells, c)
				}
				m.Columns = append(m.Columns, col)
			}
			for i := range m.Columns {
				for j := range m.Columns[i].Cells {
					c := &m.Columns[i].Cells[j]
					if c.Count > 0 {
						c.Level = (4*c.Count + m.Max - 1) / m.Max
					}
				}
			}
			d.Matrices = append(d.Matrices, m)
		}
	}
	for _, t := range sortedValues(b.techniques) {
		if !placed[t.ID] && len(t.rules) > 0 {
			d.Unknown = append(d.Unknown, t)
		}
	}
	return d
}

// coverageIDs are the technique ids of every rule as the statistics count
// them for attack.Data.Coverage: upper-cased, known to ATT&CK, neither
// revoked nor deprecated.
func (b *builder) coverageIDs() []string {
	ad := b.site.Attack
	var ids []string
	for _, v := range b.rules {
		for _, id := range v.Techniques {
			id = strings.ToUpper(id)
			if t, ok := ad.Technique(id); ok && !t.Revoked && !t.Deprecated {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// groupList is the list page of tables or connectors.
func (b *builder) groupList(title, kind string, m map[string]*groupView) any {
	gs := sortedValues(m)
	slices.SortStableFunc(gs, func(x, y *groupView) int {
		return strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name))
	})
	return struct {
		Title, Kind string
		Groups      []*groupView
	}{title, kind, gs}
}

func (b *builder) indicatorList() any {
	fs := sortedValues(b.fields)
	slices.SortStableFunc(fs, func(x, y *fieldView) int {
		return cmp.Or(cmp.Compare(y.Rules, x.Rules), strings.Compare(x.Field, y.Field))
	})
	return fs
}

// checkView is a check page.
type checkView struct {
	ID, Title, Severity string
	Path                string
	Doc                 template.HTML
	Bad, Good           string
	Rules               []link // rules with a finding of this check
	Findings            int
}

func (b *builder) checkList() []*checkView {
	byCheck := map[string][]*ruleView{}
	count := map[string]int{}
	for _, r := range b.rules {
		for _, d := range r.Diags {
			count[d.Check]++
			if l := byCheck[d.Check]; len(l) == 0 || l[len(l)-1] != r {
				byCheck[d.Check] = append(byCheck[d.Check], r)
			}
		}
	}
	var out []*checkView
	for _, c := range b.site.Checks {
		out = append(out, &checkView{ID: c.ID, Title: c.Title, Severity: c.Severity.String(), Path: b.checks[c.ID],
			Doc: markdown(b.md, c.Doc), Bad: escapeInvalid(c.Bad), Good: escapeInvalid(c.Good), Rules: ruleLinks(byCheck[c.ID]), Findings: count[c.ID]})
	}
	return out
}
