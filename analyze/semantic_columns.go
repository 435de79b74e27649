package analyze

import (
	"slices"
	"strings"

	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/analyze/tables"
)

// colRefs calls f for each column a row expression reads: the identifiers
// of e that are not function names, member selectors, item names, let-bound
// names or $left/$right, outside nested pipelines (which have columns of
// their own).
func colRefs(e kql.Node, env *scope, f func(*kql.Ident)) {
	if nilNode(e) {
		return
	}
	kql.Inspect(e, func(n kql.Node) bool {
		switch n := n.(type) {
		case *kql.Pipeline, *kql.FuncLit, *kql.DatatableExpr, *kql.ExternalDataExpr, *kql.DynamicExpr,
			*kql.TypedName, *kql.BadExpr:
			return false
		case *kql.CallExpr:
			switch n.Fun.Name {
			case "toscalar", "materialize", "view", "table":
				return false
			case "ago":
				// ago(lookback): a name here is a parameter of a function
				// saved from the query, not a column.
				return false
			}
			for _, a := range n.Args {
				colRefs(a, env, f)
			}
			return false
		case *kql.MemberExpr:
			colRefs(n.X, env, f)
			return false
		case *kql.NamedExpr:
			colRefs(n.Value, env, f)
			return false
		case *kql.ListExpr:
			// "x in (T)" may name a table or a tabular let.
			if len(n.Elems) == 1 {
				if _, ok := n.Elems[0].(*kql.Ident); ok {
					return false
				}
			}
		case *kql.Ident:
			if !strings.HasPrefix(n.Name, "$") && env.lookup(n.Name) == nil && n.Raw == "" || n.Bracketed() && env.lookup(n.Name) == nil {
				f(n)
			}
		}
		return true
	})
}

// opRowExprs returns the row expressions of operator o whose columns must
// exist in its input, with the names that items of the same operator
// define (an extend may use a column an earlier item made).
func opRowExprs(o kql.Operator) (exprs []kql.Expr, named []*kql.NamedExpr) {
	switch o := o.(type) {
	case *kql.WhereOp:
		return []kql.Expr{o.Pred}, nil
	case *kql.ExtendOp:
		return nil, o.Exprs
	case *kql.ProjectOp:
		return nil, o.Exprs
	case *kql.SummarizeOp:
		return nil, append(append([]*kql.NamedExpr(nil), o.Aggs...), o.By...)
	case *kql.DistinctOp:
		return nil, o.Exprs
	case *kql.SortOp:
		for _, s := range o.By {
			if s != nil {
				exprs = append(exprs, s.X)
			}
		}
	case *kql.TopOp:
		for _, s := range o.By {
			if s != nil {
				exprs = append(exprs, s.X)
			}
		}
	}
	return exprs, nil
}

// unknownColumn is a column reference no input of its operator has.
type unknownColumn struct {
	id       *kql.Ident
	cands    []string // the columns of the first input, for a suggestion
	defender bool     // every source table is a Defender XDR one, whose schemas have known gaps
}

// unknownColumns returns the column references of the operators of qa that
// no input has, considering only operators whose every input has a
// completely known set of columns.
func unknownColumns(qa *QueryAnalysis, nodes []kql.Node, schema *tables.Schema) []unknownColumn {
	var out []unknownColumn
	seen := map[*kql.Ident]bool{}
	nested := nestedBodies(nodes)
	for _, n := range nodes {
		o, ok := n.(kql.Operator)
		if !ok || nested[o] {
			continue
		}
		ins := qa.stepInputs(o)
		if len(ins) == 0 || !allComplete(ins) {
			continue
		}
		exprs, named := opRowExprs(o)
		check := func(e kql.Expr, defined map[string]bool) {
			for _, in := range ins {
				colRefs(e, in.env, func(id *kql.Ident) {
					if seen[id] || defined[id.Name] {
						return
					}
					for _, in := range ins {
						if in.rel.find(id.Name) >= 0 || in.env.lookup(id.Name) != nil || hiddenColumn(in.rel, id.Name, schema) {
							return
						}
					}
					seen[id] = true
					out = append(out, unknownColumn{id: id, cands: colNames(ins[0].rel), defender: defenderOnly(ins[0].rel, schema)})
				})
			}
		}
		for _, e := range exprs {
			check(e, nil)
		}
		defined := map[string]bool{}
		for _, it := range named {
			if it == nil {
				continue
			}
			check(it.Value, defined)
			for _, id := range it.Names {
				defined[id.Name] = true
			}
			if len(it.Names) == 0 {
				if name := implicitName(it.Value); name != "" {
					defined[name] = true
				}
			}
		}
	}
	return out
}

// hiddenColumn reports whether name may be a column of the relation that
// its listing leaves out: a standard Log Analytics column (_ResourceId,
// TimeGenerated on a Defender XDR table streamed to Sentinel) or an
// AzureDiagnostics suffixed column, of one of its source tables.
func hiddenColumn(r *relation, name string, schema *tables.Schema) bool {
	if schema == nil {
		return false
	}
	for _, t := range slices.Concat(r.tables, r.joined) {
		if schema.HasColumn(t, name) {
			return true
		}
		// Custom logs of the legacy HTTP API name their fields with a type
		// suffix (Domain_s) where the listings of some built-in _CL tables
		// give the bare name (Domain). A table from --schemas is the
		// user's own listing, so its names are taken exactly.
		if stem, ok := suffixStem(name); ok && strings.HasSuffix(t, "_CL") {
			if tb, ok := schema.Table(t); ok && !tb.HasSource(tables.SourceCustom) && schema.HasColumn(t, stem) {
				return true
			}
		}
		if tb, ok := schema.Table(t); ok && tb.HasSource(tables.SourceDefenderXDR) && standardColumn(schema, name) {
			return true
		}
	}
	return false
}

// standardColumn reports whether name is one of the columns every Log
// Analytics table has (TimeGenerated, _ResourceId, ...), which table
// listings and query outputs leave out.
func standardColumn(schema *tables.Schema, name string) bool {
	return schema != nil && slices.ContainsFunc(schema.Standard(), func(c tables.Column) bool { return c.Name == name })
}

// suffixStem returns name without the type suffix a custom-log field
// name carries (_s, _d, _g, _b, _t), and whether it has one.
func suffixStem(name string) (string, bool) {
	i := strings.LastIndexByte(name, '_')
	if i <= 0 || i != len(name)-2 || !strings.ContainsRune("sdgbt", rune(name[i+1])) {
		return "", false
	}
	return name[:i], true
}

// nestedBodies returns the operators of the pipelines nested in an
// operator that sees the outer row (mv-apply, fork, facet, partition):
// the analyzer gives their first step only part of the row's columns.
func nestedBodies(nodes []kql.Node) map[kql.Operator]bool {
	out := map[kql.Operator]bool{}
	mark := func(n kql.Node) {
		if nilNode(n) {
			return
		}
		for m := range kql.Preorder(n) {
			if o, ok := m.(kql.Operator); ok {
				out[o] = true
			}
		}
	}
	for _, n := range nodes {
		switch n := n.(type) {
		case *kql.MvApplyOp:
			mark(n.Body)
		case *kql.ForkOp:
			for _, b := range n.Branches {
				if b != nil {
					mark(b.Body)
				}
			}
		case *kql.FacetOp:
			mark(n.With)
		case *kql.PartitionOp:
			mark(n.Body)
		}
	}
	return out
}

// lowerName reports whether name has no upper-case letter: table columns
// are PascalCase, so such a name that no step defines is most likely a
// parameter of a function or parser saved from the query.
func lowerName(name string) bool { return strings.ToLower(name) == name }

func allComplete(ins []stepInput) bool {
	for _, in := range ins {
		if !in.rel.complete || len(in.rel.cols) == 0 {
			return false
		}
	}
	return true
}

func colNames(r *relation) []string {
	out := make([]string, 0, len(r.cols))
	for _, c := range r.cols {
		out = append(out, c.name)
	}
	return out
}

// defenderOnly reports whether the relation's source tables are all
// Defender XDR advanced hunting tables.
func defenderOnly(r *relation, schema *tables.Schema) bool {
	if schema == nil || len(r.tables) == 0 {
		return false
	}
	for _, name := range r.tables {
		t, ok := schema.Table(name)
		if !ok || !t.HasSource(tables.SourceDefenderXDR) || t.HasSource(tables.SourceAzureMonitor) {
			return false
		}
	}
	return true
}
