package analyze

import (
	"strings"

	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/analyze/tables"
)

// tableRefs returns the names script reads as tables: the names in
// tabular positions (see sourceIdents) that no let, parameter or "as"
// binds anywhere in the script, each once.
func tableRefs(nodes []kql.Node) []*kql.Ident {
	bound := boundNames(nodes)
	var out []*kql.Ident
	for _, id := range sourceIdents(nodes, false) {
		if !bound[id.Name] {
			out = append(out, id)
		}
	}
	return out
}

// sourceIdents returns the plain names of script in tabular positions:
// pipeline sources, bare query and let bodies, union, find and search
// legs, and join or lookup right sides; with lists, also the single name
// of "x in (T)". Braced client parameters are left out.
func sourceIdents(nodes []kql.Node, lists bool) []*kql.Ident {
	var out []*kql.Ident
	seen := map[*kql.Ident]bool{}
	add := func(e kql.Expr) {
		e = unparen(e)
		if pl, ok := e.(*kql.Pipeline); ok {
			e = pl.Source
		}
		id, ok := e.(*kql.Ident)
		if !ok || id.Name == "" || seen[id] || strings.HasPrefix(id.Raw, "{") {
			return
		}
		seen[id] = true
		out = append(out, id)
	}
	for _, n := range nodes {
		switch n := n.(type) {
		case *kql.Pipeline:
			add(n.Source)
		case *kql.QueryStmt:
			add(n.Body)
		case *kql.LetStmt:
			add(n.Value)
		case *kql.UnionOp:
			for _, l := range n.Legs {
				add(l)
			}
		case *kql.FindOp:
			for _, l := range n.In {
				add(l)
			}
		case *kql.SearchOp:
			for _, l := range n.In {
				add(l)
			}
		case *kql.JoinOp:
			add(n.Right)
		case *kql.LookupOp:
			add(n.Right)
		case *kql.ListExpr:
			if lists && len(n.Elems) == 1 {
				add(n.Elems[0])
			}
		}
	}
	return out
}

// connectorTable reports whether name is a table the schemas know as one
// of Log Analytics or Defender XDR, which a data connector fills. Other
// names are functions or parsers whose tables rulecat cannot see, among
// them parser outputs that Sentinel's CI lists as custom tables.
func connectorTable(schema *tables.Schema, name string) bool {
	t, ok := schema.Table(name)
	return ok && (t.HasSource(tables.SourceAzureMonitor) || t.HasSource(tables.SourceDefenderXDR))
}

// dataTypeTable is the table a requiredDataConnectors dataType names:
// "SecurityEvent", "Syslog (CiscoASA)" → "Syslog", "CommonSecurityLog
// (Fortinet)", "Event ('Microsoft-Windows-Sysmon')", "ThreatIntelligenceIndicator".
func dataTypeTable(dt string) string {
	dt = strings.TrimSpace(dt)
	if i := strings.IndexAny(dt, " (:"); i > 0 {
		dt = dt[:i]
	}
	if t, ok := dataTypeAliases[dt]; ok {
		return t
	}
	return dt
}

// dataTypeAliases are the data type names Sentinel's connectors use for a
// table of another name.
var dataTypeAliases = map[string]string{
	"SecurityEvents": "SecurityEvent",
	"KeyVaultData":   "AzureDiagnostics",
}
