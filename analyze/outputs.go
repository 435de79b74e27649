package analyze

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/rulecat/rulecat/analyze/kql"
)

// Output lineage: a relation is the list of columns a pipeline has at one
// step, each with the kind of step that produced it. Operators edit it as
// Kusto does: project defines the set, extend adds or replaces, summarize
// yields its by-columns and aggregates under their implicit names, join
// merges both sides with the "1" suffix on clashes, and so on. Where the
// columns cannot be known (a table missing from the schema, a plugin), the
// relation is marked incomplete and keeps the columns it does know.

// column is one column of a relation.
type column struct {
	name   string
	source string // Output.Source
	// origin is the column this one is a plain rename of (extend A = B,
	// project A = B, project-rename A = B) within the same pipeline, for
	// indicator fields; "" when it is the column itself or computed.
	origin string
}

// relation is the columns of a pipeline at one step.
type relation struct {
	cols     []column
	complete bool
	// tables are the source tables of the pipeline (through lets and union
	// legs, not join right sides), for lookbacks.
	tables []string
	// joined are the source tables of join and lookup right sides, whose
	// unlisted columns (AzureDiagnostics' resource-specific fields, the
	// standard columns) may also appear in the rows.
	joined []string
}

func unknownRelation() *relation { return &relation{} }

func (r *relation) clone() *relation {
	return &relation{cols: slices.Clone(r.cols), complete: r.complete, tables: slices.Clone(r.tables), joined: slices.Clone(r.joined)}
}

// addJoined records the tables of a right side merged into r.
func (r *relation) addJoined(right *relation) {
	for _, t := range slices.Concat(right.tables, right.joined) {
		if !slices.Contains(r.joined, t) {
			r.joined = append(r.joined, t)
		}
	}
}

func (r *relation) find(name string) int {
	for i, c := range r.cols {
		if c.name == name {
			return i
		}
	}
	return -1
}

// set replaces the column of the same name in place, or appends c.
func (r *relation) set(c column) {
	if i := r.find(c.name); i >= 0 {
		r.cols[i] = c
		return
	}
	r.cols = append(r.cols, c)
}

// origin follows name back through plain renames.
func (r *relation) origin(name string) string {
	if i := r.find(name); i >= 0 && r.cols[i].origin != "" {
		return r.cols[i].origin
	}
	return name
}

// outputs lists the relation's columns sorted by name, as rule pages show
// them.
func (r *relation) outputs() []Output {
	out := make([]Output, 0, len(r.cols))
	for _, c := range r.cols {
		out = append(out, Output{Field: c.name, Source: c.source})
	}
	slices.SortStableFunc(out, func(x, y Output) int { return strings.Compare(x.Field, y.Field) })
	return out
}

// declRelation is the relation of a declared schema (datatable,
// externaldata, parse-kv).
func declRelation(decls []*kql.ColumnDecl, source string) *relation {
	r := &relation{complete: true}
	for _, d := range decls {
		if d != nil && d.Name != nil {
			r.set(column{name: d.Name.Name, source: source})
		}
	}
	return r
}

// match reports whether column name matches a project-away / project-keep /
// project-reorder item: a name or a wildcard pattern.
func match(item kql.Expr, name string) bool {
	switch x := item.(type) {
	case *kql.Ident:
		return x.Name == name
	case *kql.WildName:
		ok, err := path.Match(x.Pattern, name)
		return err == nil && ok
	case *kql.SortExpr:
		return match(x.X, name)
	}
	return false
}

// isWild reports whether a project-away / project-keep / project-reorder
// item is a wildcard.
func isWild(item kql.Expr) bool {
	if s, ok := item.(*kql.SortExpr); ok {
		item = s.X
	}
	_, ok := item.(*kql.WildName)
	return ok
}

// namer gives unnamed expression columns Kusto's Column1, Column2, ...
type namer struct{ n int }

func (nm *namer) next() string {
	nm.n++
	return "Column" + strconv.Itoa(nm.n)
}

// resultKind says how a function names its result column.
type resultKind uint8

const (
	nameFirstArg          resultKind = iota + 1 // tostring(x) -> x
	nameFuncAndFirstArg                         // strlen(x) -> strlen_x
	namePrefixAndFirstArg                       // count(x) -> count_x, count() -> count_
	namePrefixOnly                              // ingestion_time() -> $IngestionTime
	nameOnlyArg                                 // make_datetime(x) -> x, only with one argument
	namePrefixAndOnlyArg                        // prefix_x, only with one argument
	nameFirstArgValue                           // column_ifexists("c", d) -> c
)

// resultName is one entry of resultNames.
type resultName struct {
	kind   resultKind
	prefix string
}

// implicitName is the name Kusto gives the column of expression e when no
// name is written, or "" when it numbers it (Column1, ...).
func implicitName(e kql.Expr) string {
	switch e := e.(type) {
	case *kql.Ident:
		return e.Name
	case *kql.ParenExpr:
		return implicitName(e.X)
	case *kql.MemberExpr:
		x, sel := implicitName(e.X), ""
		if id, ok := e.Sel.(*kql.Ident); ok {
			sel = id.Name
		}
		if x == "" || sel == "" {
			return ""
		}
		return x + "_" + sel
	case *kql.IndexExpr:
		x := implicitName(e.X)
		if l, ok := e.Index.(*kql.Literal); ok && x != "" && l.Kind == kql.LitString {
			return x + "_" + l.Value
		}
		return ""
	case *kql.CallExpr:
		return callName(e)
	case *kql.NamedExpr: // arg_max(Last = TimeGenerated, Count = count_)
		if len(e.Names) == 1 {
			return e.Names[0].Name
		}
	}
	return ""
}

func callName(c *kql.CallExpr) string {
	rn, ok := resultNames[c.Fun.Name]
	if !ok {
		return ""
	}
	first := ""
	if len(c.Args) > 0 {
		first = implicitName(c.Args[0])
	}
	switch rn.kind {
	case nameFirstArg:
		return first
	case nameFuncAndFirstArg:
		if first == "" {
			return ""
		}
		return c.Fun.Name + "_" + first
	case namePrefixAndFirstArg:
		return rn.prefix + "_" + first
	case namePrefixOnly:
		return rn.prefix
	case nameOnlyArg:
		if len(c.Args) == 1 {
			return first
		}
	case namePrefixAndOnlyArg:
		if len(c.Args) == 1 && first != "" {
			return rn.prefix + "_" + first
		}
	case nameFirstArgValue:
		if len(c.Args) > 0 {
			if l, ok := c.Args[0].(*kql.Literal); ok && l.Kind == kql.LitString {
				return l.Value
			}
		}
	}
	return ""
}

// namedColumns are the columns one "[Name =] Expr" item defines: its
// written names, or its implicit name.
func namedColumns(n *kql.NamedExpr, nm *namer) []string {
	if len(n.Names) > 0 {
		out := make([]string, 0, len(n.Names))
		for _, id := range n.Names {
			out = append(out, id.Name)
		}
		return out
	}
	if name := implicitName(n.Value); name != "" {
		return []string{name}
	}
	return []string{nm.next()}
}

// plainColumn returns the column a value is, when it is a plain column
// reference rather than a let-bound name or a computation.
func plainColumn(e kql.Expr, env *scope) (string, bool) {
	id, ok := unparen(e).(*kql.Ident)
	if !ok || env.lookup(id.Name) != nil {
		return "", false
	}
	return id.Name, true
}

// extend adds or replaces the columns of items, with source src.
func (r *relation) extend(items []*kql.NamedExpr, src string, env *scope) {
	var nm namer
	for _, it := range items {
		if it == nil {
			continue
		}
		names := namedColumns(it, &nm)
		origin := ""
		if c, ok := plainColumn(it.Value, env); ok && len(names) == 1 && names[0] != c {
			origin = r.origin(c)
		}
		for _, n := range names {
			r.set(column{name: n, source: src, origin: origin})
		}
	}
}

// setItem sets the columns one "[Name =] Expr" item over relation in
// defines, with source src. An item that is a plain column of in keeps the
// column in follows it back to, unless that is the item's own name.
func (r *relation) setItem(it *kql.NamedExpr, src string, in *relation, nm *namer, env *scope) {
	names := namedColumns(it, nm)
	origin := ""
	if c, ok := plainColumn(it.Value, env); ok && len(names) == 1 {
		if origin = in.origin(c); origin == names[0] {
			origin = ""
		}
	}
	for _, n := range names {
		r.set(column{name: n, source: src, origin: origin})
	}
}

// project is the relation "project items" makes of r.
func (r *relation) project(items []*kql.NamedExpr, env *scope) *relation {
	out := &relation{complete: r.complete, tables: r.tables}
	var nm namer
	for _, it := range items {
		if it == nil {
			continue
		}
		if w, ok := it.Value.(*kql.WildName); ok && len(it.Names) == 0 {
			for _, c := range r.cols {
				if match(w, c.name) {
					out.set(column{name: c.name, source: "project", origin: c.origin})
				}
			}
			if !r.complete {
				out.complete = false
			}
			continue
		}
		if _, ok := it.Value.(*kql.StarExpr); ok {
			for _, c := range r.cols {
				out.set(column{name: c.name, source: "project", origin: c.origin})
			}
			continue
		}
		out.setItem(it, "project", r, &nm, env)
	}
	// project names its columns, so they are known even when the input's
	// were not.
	if !slices.ContainsFunc(items, func(it *kql.NamedExpr) bool { return it != nil && isWild(it.Value) }) {
		out.complete = true
	}
	return out
}

// away drops the matching columns (project-away).
func (r *relation) away(items []kql.Expr) {
	r.cols = slices.DeleteFunc(r.cols, func(c column) bool {
		return slices.ContainsFunc(items, func(it kql.Expr) bool { return match(it, c.name) })
	})
}

// keep keeps only the matching columns (project-keep).
func (r *relation) keep(items []kql.Expr) {
	r.cols = slices.DeleteFunc(r.cols, func(c column) bool {
		return !slices.ContainsFunc(items, func(it kql.Expr) bool { return match(it, c.name) })
	})
	if !r.complete && !slices.ContainsFunc(items, isWild) {
		// The kept names are known even if the input's were not, but only
		// if they exist; keep what is listed.
		for _, it := range items {
			if id, ok := it.(*kql.Ident); ok && r.find(id.Name) < 0 {
				r.cols = append(r.cols, column{name: id.Name, source: "project-keep"})
			}
		}
	}
}

// rename applies project-rename items "New = Old".
func (r *relation) rename(items []*kql.NamedExpr) {
	for _, it := range items {
		if it == nil || len(it.Names) != 1 {
			continue
		}
		old, ok := unparen(it.Value).(*kql.Ident)
		if !ok {
			continue
		}
		c := column{name: it.Names[0].Name, source: "project-rename", origin: r.origin(old.Name)}
		if c.origin == c.name {
			c.origin = ""
		}
		if i := r.find(old.Name); i >= 0 {
			r.cols[i] = c
		} else {
			r.cols = append(r.cols, c)
		}
	}
}

// reorder moves the matching columns first, in the order listed
// (project-reorder; asc/desc orders among a wildcard's matches are not
// modelled: they keep their order).
func (r *relation) reorder(items []*kql.SortExpr) {
	var front []column
	rest := slices.Clone(r.cols)
	for _, it := range items {
		if it == nil {
			continue
		}
		for i := 0; i < len(rest); {
			if match(it.X, rest[i].name) {
				front = append(front, rest[i])
				rest = slices.Delete(rest, i, i+1)
				continue
			}
			i++
		}
	}
	r.cols = append(front, rest...)
}

// summarize is the relation "summarize aggs by by" makes of r: by-columns
// first, then the aggregates, under their implicit names where none is
// written. arg_max(x, *) and take_any(*) expand to the input's columns.
func (r *relation) summarize(aggs, by []*kql.NamedExpr, src string, env *scope) *relation {
	out := &relation{complete: true, tables: r.tables}
	var nm namer
	for _, b := range by {
		if b == nil {
			continue
		}
		out.setItem(b, src, r, &nm, env)
	}
	for _, ag := range aggs {
		if ag == nil {
			continue
		}
		c, isCall := unparen(ag.Value).(*kql.CallExpr)
		switch {
		case isCall && (isArgMinMax(c.Fun.Name) || isTakeAny(c.Fun.Name) && (len(c.Args) > 1 || len(c.Args) == 1 && !isStar(c.Args[0]))):
			// take_any(a, b) yields a column per argument named after it, like
			// arg_max.
			// The row's other columns keep their renames: a column that
			// extend A = B made is still B under arg_max(T, *).
			var names, origins []string
			for i, arg := range c.Args {
				if _, star := arg.(*kql.StarExpr); star {
					if !r.complete {
						out.complete = false
					}
					for _, col := range r.cols {
						names = append(names, col.name)
						origins = append(origins, col.origin)
					}
					continue
				}
				n := implicitName(arg)
				if i < len(ag.Names) {
					n = ag.Names[i].Name
				} else if n == "" {
					n = nm.next()
				}
				origin := ""
				if col, ok := plainColumn(arg, env); ok && (i > 0 || isTakeAny(c.Fun.Name)) {
					if origin = r.origin(col); origin == n {
						origin = ""
					}
				}
				names = append(names, n)
				origins = append(origins, origin)
			}
			for i, n := range names {
				switch {
				case out.find(n) < 0:
					out.cols = append(out.cols, column{name: n, source: src, origin: origins[i]})
				case i < len(c.Args) && !isStar(c.Args[i]) && len(names) == len(c.Args):
					// A named argument clashing with a column already made
					// gets a suffix: ReportId = arg_max(Timestamp, ReportId)
					// yields ReportId and ReportId1.
					out.cols = append(out.cols, column{name: freeName(out, n), source: src, origin: origins[i]})
				}
			}
		case isCall && (c.Fun.Name == "take_any" || c.Fun.Name == "any") && len(c.Args) == 1 && isStar(c.Args[0]):
			if !r.complete {
				out.complete = false
			}
			for _, col := range r.cols {
				if out.find(col.name) < 0 {
					out.cols = append(out.cols, column{name: col.name, source: src, origin: col.origin})
				}
			}
		case isCall && (c.Fun.Name == "percentile" || c.Fun.Name == "percentiles") && len(ag.Names) == 0:
			x := ""
			if len(c.Args) > 0 {
				x = implicitName(c.Args[0])
			}
			for _, p := range c.Args[min(1, len(c.Args)):] {
				l, ok := p.(*kql.Literal)
				if !ok {
					out.set(column{name: nm.next(), source: src})
					continue
				}
				out.set(column{name: "percentile_" + x + "_" + strings.ReplaceAll(l.Raw, ".", "_"), source: src})
			}
		default:
			for _, n := range namedColumns(ag, &nm) {
				out.set(column{name: n, source: src})
			}
		}
	}
	return out
}

func isArgMinMax(name string) bool {
	switch name {
	case "arg_max", "arg_min", "argmax", "argmin":
		return true
	}
	return false
}

func isTakeAny(name string) bool { return name == "take_any" }

func isStar(e kql.Expr) bool { _, ok := e.(*kql.StarExpr); return ok }

// joinKind is the kind=... parameter of a join, lowercase, or Kusto's
// default "innerunique" when absent.
func (a *analyzer) joinKind(params []*kql.OpParam) string {
	for _, p := range params {
		if p != nil && p.Name != nil && p.Name.Name == "kind" {
			return strings.ToLower(a.text(p.Value))
		}
	}
	return "innerunique"
}

// join merges left and right as "join kind=k" does: semi and anti joins keep
// one side; the others keep both, a right column whose name is taken
// getting the suffix 1 (or 2, ...). Right-side columns get source "join".
func join(left, right *relation, kind string) *relation {
	switch kind {
	case "leftsemi", "leftanti", "leftantisemi", "anti":
		return left.clone()
	case "rightsemi", "rightanti", "rightantisemi":
		out := right.clone()
		out.tables = left.tables
		for i := range out.cols {
			out.cols[i].origin = ""
		}
		return out
	}
	out := left.clone()
	out.complete = left.complete && right.complete
	out.addJoined(right)
	for _, c := range right.cols {
		out.cols = append(out.cols, column{name: freeName(out, c.name), source: "join"})
	}
	return out
}

// lookup merges right into left as "lookup" does: the key columns named in
// on appear once; other right columns are appended, renamed with a suffix
// on a clash.
func lookup(left, right *relation, keys []string) *relation {
	out := left.clone()
	out.complete = left.complete && right.complete
	out.addJoined(right)
	for _, c := range right.cols {
		if slices.Contains(keys, c.name) {
			continue
		}
		out.cols = append(out.cols, column{name: freeName(out, c.name), source: "lookup"})
	}
	return out
}

// freeName is name, or name with the first numeric suffix not taken in r.
func freeName(r *relation, name string) string {
	if r.find(name) < 0 {
		return name
	}
	for i := 1; ; i++ {
		n := name + strconv.Itoa(i)
		if r.find(n) < 0 {
			return n
		}
	}
}

// union merges the legs' columns by name, in first-seen order.
func union(legs []*relation) *relation {
	out := &relation{complete: true}
	for _, l := range legs {
		out.complete = out.complete && l.complete
		for _, c := range l.cols {
			if out.find(c.name) < 0 {
				out.cols = append(out.cols, column{name: c.name, source: c.source})
			}
		}
		for _, t := range l.tables {
			if !slices.Contains(out.tables, t) {
				out.tables = append(out.tables, t)
			}
		}
	}
	return out
}

// joinKeys are the right-side key column names of "on" conditions: a plain
// name (on A), or the $right side of $left.A == $right.B.
func joinKeys(on []kql.Expr) []string {
	var keys []string
	for _, e := range on {
		switch e := unparen(e).(type) {
		case *kql.Ident:
			keys = append(keys, e.Name)
		case *kql.BinaryExpr:
			for _, side := range []kql.Expr{e.X, e.Y} {
				if m, ok := side.(*kql.MemberExpr); ok {
					if x, ok := m.X.(*kql.Ident); ok && x.Name == "$right" {
						if s, ok := m.Sel.(*kql.Ident); ok {
							keys = append(keys, s.Name)
						}
					}
				}
			}
		}
	}
	return keys
}
