package analyze

import (
	"strings"

	"github.com/rulecat/rulecat/analyze/kql"
)

// op analyzes one pipe step applied to in: it returns the step's output
// relation and its stage (with the step's nested pipelines as substages),
// and records the step's indicators and lookbacks.
func (a *analyzer) op(o kql.Operator, in *relation, env *scope) (*relation, *Stage) {
	st := a.stage(opName(o), o)
	a.res.recordStep(o, in, env)
	out := in
	switch o := o.(type) {
	case *kql.WhereOp:
		st.Substages = a.nested(o.Pred, env)
		a.predicate(o.Pred, in, env, false, false)
	case *kql.SearchOp:
		st.Substages = a.nested(o.Pred, env)
		if len(o.In) > 0 {
			legs := make([]*relation, 0, len(o.In))
			for _, t := range o.In {
				legs = append(legs, a.tab(t, env).rel)
			}
			out = union(legs)
			out.set(column{name: "$table", source: "search"})
		} else if st.first {
			out = unknownRelation() // every table of the database
		}
		a.predicate(o.Pred, out, env, false, true)
	case *kql.ParseWhereOp:
		st.Substages = a.nested(o.Source, env)
		a.parseWhere(o, in, env)
		out = in.clone()
		a.parseColumns(out, o.Pattern, "parse-where")
	case *kql.ParseOp:
		st.Substages = a.nested(o.Source, env)
		out = in.clone()
		a.parseColumns(out, o.Pattern, "parse")
	case *kql.ParseKvOp:
		st.Substages = a.nested(o.Source, env)
		out = in.clone()
		for _, d := range o.Schema {
			if d != nil && d.Name != nil {
				out.set(column{name: d.Name.Name, source: "parse-kv"})
			}
		}
	case *kql.ExtendOp:
		st.Substages = a.nested(o, env)
		out = in.clone()
		out.extend(o.Exprs, "extend", env)
	case *kql.SerializeOp:
		st.Substages = a.nested(o, env)
		out = in.clone()
		out.extend(o.Exprs, "serialize", env)
	case *kql.ProjectOp:
		st.Substages = a.nested(o, env)
		out = in.project(o.Exprs, env)
	case *kql.ProjectAwayOp:
		out = in.clone()
		out.away(o.Cols)
	case *kql.ProjectKeepOp:
		out = in.clone()
		out.keep(o.Cols)
	case *kql.ProjectRenameOp:
		out = in.clone()
		out.rename(o.Exprs)
	case *kql.ProjectReorderOp:
		out = in.clone()
		out.reorder(o.Cols)
	case *kql.SummarizeOp:
		st.Substages = a.nested(o, env)
		out = in.summarize(o.Aggs, o.By, "summarize", env)
	case *kql.DistinctOp:
		st.Substages = a.nested(o, env)
		if len(o.Exprs) == 1 && isStar(o.Exprs[0].Value) {
			out = in.clone()
		} else {
			out = in.summarize(nil, o.Exprs, "distinct", env)
		}
	case *kql.CountOp:
		name := "Count"
		if o.As != nil {
			name = o.As.Name
		}
		out = &relation{complete: true, tables: in.tables, cols: []column{{name: name, source: "count"}}}
	case *kql.TakeOp, *kql.SortOp, *kql.TopOp, *kql.SampleOp, *kql.RenderOp, *kql.AsOp:
		st.Substages = a.nested(o, env)
	case *kql.JoinOp:
		right := a.tab(o.Right, env)
		st.Substages = append([]*Stage{a.wrap("right", o.Right, right)}, a.nested(o.Where, env)...)
		out = join(in, right.rel, a.joinKind(o.Params))
	case *kql.LookupOp:
		right := a.tab(o.Right, env)
		st.Substages = []*Stage{a.wrap("right", o.Right, right)}
		out = lookup(in, right.rel, joinKeys(o.On))
	case *kql.UnionOp:
		out = a.unionOp(o, in, env, st)
	case *kql.MvExpandOp:
		st.Substages = a.nested(o, env)
		out = in.clone()
		a.expandItems(out, o.Items, o.Params, "mv-expand")
	case *kql.MvApplyOp:
		out = a.mvApply(o, in, env, st)
	case *kql.MakeSeriesOp:
		st.Substages = a.nested(o, env)
		// "on T from ago(7d) to now()" and "on T in range(ago(7d), now(), 1h)"
		// bound the series' axis like a time filter.
		from := o.From
		if r, ok := o.InRange.(*kql.CallExpr); ok && len(r.Args) > 0 {
			from = r.Args[0]
		}
		if from != nil && o.On != nil {
			if w, ok := a.timeWindow(from, env, 0); ok {
				a.lookback(o.On, w, in)
			}
		}
		out = &relation{complete: true, tables: in.tables}
		var nm namer
		for _, b := range o.By {
			if b != nil {
				for _, n := range namedColumns(b, &nm) {
					out.set(column{name: n, source: "make-series"})
				}
			}
		}
		if o.On != nil {
			if n := implicitName(o.On); n != "" {
				out.set(column{name: n, source: "make-series"})
			}
		}
		for _, ag := range o.Aggs {
			if ag != nil && ag.Expr != nil {
				for _, n := range namedColumns(ag.Expr, &nm) {
					out.set(column{name: n, source: "make-series"})
				}
			}
		}
	case *kql.GetSchemaOp:
		out = &relation{complete: true, tables: in.tables}
		for _, n := range []string{"ColumnName", "ColumnOrdinal", "DataType", "ColumnType"} {
			out.set(column{name: n, source: "getschema"})
		}
	case *kql.PrintOp:
		st.Substages = a.nested(o, env)
		out = &relation{complete: true}
		out.extend(o.Exprs, "print", env)
	case *kql.RangeOp:
		out = &relation{complete: true}
		if o.Name != nil {
			out.set(column{name: o.Name.Name, source: "range"})
		}
	case *kql.SampleDistinctOp:
		out = &relation{complete: true, tables: in.tables}
		if n := implicitName(o.Of); n != "" {
			out.set(column{name: n, source: "sample-distinct"})
		} else {
			out.complete = false
		}
	case *kql.ReduceOp:
		out = &relation{complete: true, tables: in.tables}
		for _, n := range []string{"Pattern", "Count", "Representative"} {
			out.set(column{name: n, source: "reduce"})
		}
	case *kql.PartitionOp:
		out = in.clone()
		if body, ok := unparen(o.Body).(*kql.Pipeline); ok && body.Source == nil {
			t := a.applyOps(body, in, env)
			st.Substages = []*Stage{a.wrapStages("partition", o.Body, t.stages)}
			out = t.rel
		} else {
			out.complete = false
			st.Substages = a.nested(o.Body, env)
		}
	case *kql.ForkOp:
		for _, br := range o.Branches {
			if br == nil || br.Body == nil {
				continue
			}
			if body, ok := unparen(br.Body).(*kql.Pipeline); ok && body.Source == nil {
				t := a.applyOps(body, in, env)
				st.Substages = append(st.Substages, a.wrapStages("fork", br.Body, t.stages))
			}
		}
		out = in.clone()
		out.complete = false
	case *kql.TopNestedOp:
		// Each clause gives its "of" column and its aggregate, named
		// aggregated_<of> unless written.
		st.Substages = a.nested(o, env)
		out = &relation{complete: true, tables: in.tables}
		var nm namer
		for _, c := range o.Clauses {
			if c == nil || c.Of == nil {
				out.complete = false
				continue
			}
			of := namedColumns(c.Of, &nm)
			for _, n := range of {
				out.set(column{name: n, source: "top-nested"})
			}
			switch {
			case c.By != nil && len(c.By.Names) > 0:
				out.set(column{name: c.By.Names[0].Name, source: "top-nested"})
			case len(of) == 1:
				out.set(column{name: "aggregated_" + of[0], source: "top-nested"})
			}
		}
	case *kql.TopHittersOp:
		out = &relation{complete: true, tables: in.tables}
		of := implicitName(o.Of)
		if of == "" {
			out.complete = false
			break
		}
		out.set(column{name: of, source: "top-hitters"})
		if o.By == nil {
			out.set(column{name: "approximate_count_" + of, source: "top-hitters"})
		} else if by := implicitName(o.By); by != "" {
			out.set(column{name: "approximate_sum_" + by, source: "top-hitters"})
		} else {
			out.complete = false
		}
	case *kql.InvokeOp:
		// "T | invoke f(args)" calls a let-defined function with T as its
		// first argument.
		out = in.clone()
		out.complete = false
		c, ok := o.Call.(*kql.CallExpr)
		if !ok {
			st.Substages = a.nested(o, env)
			break
		}
		b := env.lookup(c.Fun.Name)
		if b == nil || b.fn == nil {
			st.Substages = a.nested(o, env)
			break
		}
		b.called = true
		if t := a.callBody(b, c, env, &tabular{rel: in.clone()}); t != nil {
			st.Substages = []*Stage{a.wrapStages("invoke", c, t.stages)}
			out = t.rel
		}
	case *kql.EvaluateOp:
		// Plugins add or reshape columns in ways rulecat does not model.
		st.Substages = a.nested(o, env)
		out = in.clone()
		out.complete = false
	default:
		// top-nested, top-hitters, invoke, facet, find, scan, graph
		// operators, partial parses: columns unknown.
		st.Substages = a.nested(o, env)
		out = in.clone()
		out.complete = false
	}
	return out, st
}

// opName is a step's operator keyword as written ("order" for order by).
func opName(o kql.Operator) string {
	if kw := o.Head().Keyword; kw != "" {
		return kw
	}
	return "operator"
}

// unionOp analyzes union: its input (when it follows a '|') and its legs.
func (a *analyzer) unionOp(o *kql.UnionOp, in *relation, env *scope, st *Stage) *relation {
	var legs []*relation
	if !st.first {
		legs = append(legs, in)
	}
	for _, leg := range o.Legs {
		if _, ok := leg.(*kql.WildName); ok {
			st.Substages = append(st.Substages, a.stage("leg", leg))
			legs = append(legs, unknownRelation())
			continue
		}
		t := a.tab(leg, env)
		st.Substages = append(st.Substages, a.wrap("leg", leg, t))
		legs = append(legs, t.rel)
	}
	out := union(legs)
	for _, p := range o.Params {
		if p == nil || p.Name == nil {
			continue
		}
		switch p.Name.Name {
		case "withsource", "with_source":
			if id, ok := p.Value.(*kql.Ident); ok {
				cols := append([]column{{name: id.Name, source: "union"}}, out.cols...)
				out.cols = cols
			}
		case "kind":
			if strings.EqualFold(a.text(p.Value), "inner") {
				// inner keeps only the columns every leg has; model the
				// common case of identical legs by marking it unknown
				// when they differ.
				for _, l := range legs {
					if len(l.cols) != len(out.cols) {
						out.complete = false
					}
				}
			}
		}
	}
	return out
}

// expandItems applies the items of mv-expand or mv-apply to r: a named item
// adds (or replaces) its column, a plain column is replaced in place by its
// expanded values; with_itemindex adds the index column.
func (a *analyzer) expandItems(r *relation, items []*kql.ExpandItem, params []*kql.OpParam, src string) []string {
	var names []string
	var nm namer
	for _, it := range items {
		if it == nil || it.Expr == nil {
			continue
		}
		for _, n := range namedColumns(it.Expr, &nm) {
			r.set(column{name: n, source: src})
			names = append(names, n)
		}
	}
	for _, p := range params {
		if p != nil && p.Name != nil && p.Name.Name == "with_itemindex" {
			if id, ok := p.Value.(*kql.Ident); ok {
				r.set(column{name: id.Name, source: src})
			}
		}
	}
	return names
}

// mvApply analyzes mv-apply: its items are expanded, and its body runs on
// the subtable of the expanded columns; the output is the input's other
// columns with the body's columns.
func (a *analyzer) mvApply(o *kql.MvApplyOp, in *relation, env *scope, st *Stage) *relation {
	for _, it := range o.Items {
		if it != nil && it.Expr != nil {
			st.Substages = append(st.Substages, a.nested(it.Expr, env)...)
		}
	}
	sub := &relation{complete: true, tables: in.tables}
	names := a.expandItems(sub, o.Items, o.Params, "mv-apply")
	out := in.clone()
	for _, n := range names {
		if i := out.find(n); i >= 0 {
			out.cols = append(out.cols[:i], out.cols[i+1:]...)
		}
	}
	body, ok := unparen(o.Body).(*kql.Pipeline)
	if !ok || body.Source != nil {
		out.complete = false
		return out
	}
	t := a.applyOps(body, sub, env)
	st.Substages = append(st.Substages, a.wrapStages("mv-apply", o.Body, t.stages))
	for _, c := range t.rel.cols {
		c.source = "mv-apply"
		c.origin = ""
		out.set(c)
	}
	out.complete = out.complete && t.rel.complete
	return out
}

// applyOps runs the operators of a source-less pipeline on input in.
func (a *analyzer) applyOps(p *kql.Pipeline, in *relation, env *scope) *tabular {
	rel := in.clone()
	var stages []*Stage
	for _, op := range p.Ops {
		var st *Stage
		rel, st = a.op(op, rel, env)
		stages = append(stages, st)
	}
	return &tabular{rel: rel, stages: mergeStages(stages)}
}

// wrapStages is wrap for stages already computed.
func (a *analyzer) wrapStages(role string, n kql.Node, stages []*Stage) *Stage {
	st := a.stage(role, n)
	st.Substages = stages
	return st
}

// parseColumns adds the columns a parse pattern extracts.
func (a *analyzer) parseColumns(r *relation, pattern []kql.Expr, src string) {
	for _, p := range pattern {
		if tn, ok := p.(*kql.TypedName); ok && tn.Name != nil {
			r.set(column{name: tn.Name.Name, source: src})
		}
	}
}
