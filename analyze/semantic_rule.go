package analyze

import (
	"regexp"
	"slices"
	"strings"

	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/catalog"
)

// readNames returns every name the rule's queries read as a table, a
// workspace function or a parser, as written, with the first place each
// is read: for comparing with requiredDataConnectors.
func readNames(p *Pass, qas []*QueryAnalysis) (names []string, at map[string]catalog.Span) {
	at = map[string]catalog.Span{}
	add := func(name string, span catalog.Span) {
		if _, ok := at[name]; !ok {
			at[name] = span
			names = append(names, name)
		}
	}
	for _, qa := range qas {
		for _, id := range tableRefs(p.nodes(qa)) {
			add(id.Name, nodeSpan(qa.Query, id))
		}
		for _, n := range p.nodes(qa) {
			if c, ok := n.(*kql.CallExpr); ok && c.Fun != nil && isTableCall(c) {
				add(c.Fun.Name, nodeSpan(qa.Query, c.Fun))
			}
		}
		for _, t := range qa.Tables {
			add(t, catalog.Span{Line: qa.Query.Span.Line, Col: qa.Query.Span.Col})
		}
	}
	return names, at
}

// isTableCall reports whether a call reads a function of the workspace
// (ASimDnsActivityLogs(), _Im_Dns(), Cisco_Umbrella()): a name starting
// with an upper-case letter or "_", which Kusto's own functions never do.
func isTableCall(c *kql.CallExpr) bool {
	name := c.Fun.Name
	return name != "" && (name[0] >= 'A' && name[0] <= 'Z' || name[0] == '_' && name != "_GetWatchlist") && !strings.Contains(name, ".")
}

// outputSet is the columns the rule's query variants emit, and whether
// they are completely known for every variant.
func outputSet(qas []*QueryAnalysis) (cols []string, complete bool) {
	complete = len(qas) > 0
	for _, qa := range qas {
		complete = complete && qa.OutputsComplete && len(qa.Errors) == 0
		for _, o := range qa.Outputs {
			if !slices.Contains(cols, o.Field) {
				cols = append(cols, o.Field)
			}
		}
	}
	return cols, complete
}

// placeholderRe finds the {{Column}} placeholders of alert format strings.
var placeholderRe = regexp.MustCompile(`\{\{\s*([^{}\s]+)\s*\}\}`)

// mappedColumn is a column name a rule's mappings refer to.
type mappedColumn struct {
	what string // "entityMappings", "customDetails", "alertDetailsOverride"
	name string
	span catalog.Span
}

// mappedColumns returns every column the rule's entityMappings,
// customDetails and alertDetailsOverride refer to.
func mappedColumns(r *catalog.Rule) []mappedColumn {
	var out []mappedColumn
	for _, em := range r.EntityMappings {
		for _, fm := range em.FieldMappings {
			if c := strings.TrimSpace(fm.ColumnName.Text); c != "" {
				out = append(out, mappedColumn{"entityMappings", c, fm.ColumnName.Span})
			}
		}
	}
	for _, kv := range r.CustomDetails {
		if c := strings.TrimSpace(kv.Value.Text); c != "" {
			out = append(out, mappedColumn{"customDetails", c, kv.Value.Span})
		}
	}
	for _, kv := range r.AlertDetailsOverride {
		v := kv.Value.Text
		if strings.HasSuffix(kv.Key.Text, "Format") {
			for _, m := range placeholderRe.FindAllStringSubmatchIndex(v, -1) {
				out = append(out, mappedColumn{"alertDetailsOverride", v[m[2]:m[3]], placeholderSpan(kv.Value, m[0], m[1])})
			}
			continue
		}
		if c := strings.TrimSpace(v); c != "" {
			out = append(out, mappedColumn{"alertDetailsOverride", c, kv.Value.Span})
		}
	}
	return out
}

// customEntitySpan is where the query names column name last (the extend
// or project that makes it), or the query's start.
func customEntitySpan(qa *QueryAnalysis, nodes []kql.Node, name string) catalog.Span {
	var last *kql.Ident
	for _, n := range nodes {
		if id, ok := n.(*kql.Ident); ok && id.Name == name {
			last = id
		}
	}
	if last == nil {
		return catalog.Span{Line: qa.Query.Span.Line, Col: qa.Query.Span.Col}
	}
	return nodeSpan(qa.Query, last)
}

// placeholderSpan is where bytes start..end of v's text lie in the file:
// exact when v is a plain or quoted scalar on one line whose text is its
// source less the quotes (no escapes), else v's whole span, since block
// scalars, folded lines and escapes move text away from its offset.
func placeholderSpan(v catalog.Value, start, end int) catalog.Span {
	sp := v.Span
	if sp.EndLine != sp.Line {
		return sp
	}
	quote := 0
	switch sp.EndCol - sp.Col - len(v.Text) {
	case 0: // plain
	case 2: // "..." or '...'
		quote = 1
	default:
		return sp
	}
	col := sp.Col + quote
	return catalog.Span{Line: sp.Line, Col: col + start, EndLine: sp.Line, EndCol: col + end}
}
