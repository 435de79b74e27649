package analyze

import (
	"cmp"
	"strings"

	"github.com/rulecat/rulecat/analyze/kql"
)

// Indicators come from the predicates of where, filter, search and
// parse-where, wherever they are in the query: the body, join right sides,
// union legs, let and function bodies. A predicate is split on and/or;
// not(...) flips the kind of everything under it; isnotempty(X),
// isnotnull(X), isempty(X) and isnull(X) test X for null; a bare boolean
// column is "eq true". Comparisons with ago() or now() are lookbacks, not
// indicators.

// indKey identifies an indicator within one query variant.
type indKey struct {
	field, kind string
	cs          bool
}

// opKind is the indicator kind of a binary operator and whether it
// compares case-sensitively.
type opKind struct {
	kind string
	cs   bool
}

// binaryKinds maps the comparison operators, as the parser spells them, to
// indicator kinds.
var binaryKinds = map[string]opKind{
	"==": {KindEq, true}, "!=": {KindNe, true}, "<>": {KindNe, true},
	"=~": {KindEq, false}, "!~": {KindNe, false},
	"<": {KindLt, true}, "<=": {KindLe, true}, ">": {KindGt, true}, ">=": {KindGe, true},
	"between": {KindBetween, true}, "!between": {KindNotBetween, true},
	"in": {KindIn, true}, "!in": {KindNotIn, true}, "in~": {KindIn, false}, "!in~": {KindNotIn, false},
	"contains": {KindContains, false}, "!contains": {KindNotContains, false},
	"contains_cs": {KindContains, true}, "!contains_cs": {KindNotContains, true},
	"containscs": {KindContains, true}, "notcontains": {KindNotContains, false},
	"notcontainscs": {KindNotContains, true}, "!containscs": {KindNotContains, true},
	"has": {KindHas, false}, "!has": {KindNotHas, false}, "has_cs": {KindHas, true}, "!has_cs": {KindNotHas, true},
	"has_any": {KindHasAny, false}, "has_all": {KindHasAll, false},
	"hasprefix": {KindHasPrefix, false}, "!hasprefix": {KindNotHasPrefix, false},
	"hasprefix_cs": {KindHasPrefix, true}, "!hasprefix_cs": {KindNotHasPrefix, true},
	"hassuffix": {KindHasSuffix, false}, "!hassuffix": {KindNotHasSuffix, false},
	"hassuffix_cs": {KindHasSuffix, true}, "!hassuffix_cs": {KindNotHasSuffix, true},
	"startswith": {KindStartsWith, false}, "!startswith": {KindNotStartsWith, false},
	"startswith_cs": {KindStartsWith, true}, "!startswith_cs": {KindNotStartsWith, true},
	"endswith": {KindEndsWith, false}, "!endswith": {KindNotEndsWith, false},
	"endswith_cs": {KindEndsWith, true}, "!endswith_cs": {KindNotEndsWith, true},
	"matches regex": {KindMatches, true},
	"like":          {KindMatches, false}, "notlike": {KindNotMatches, false},
	"likecs": {KindMatches, true}, "notlikecs": {KindNotMatches, true},
}

// negation maps each kind to the kind not(...) turns it into. not(has_any)
// means none of the values occurs, which is not_has over each of them;
// not(has_all) is approximated the same way.
var negation = map[string]string{
	KindEq: KindNe, KindNe: KindEq,
	KindLt: KindGe, KindGe: KindLt, KindLe: KindGt, KindGt: KindLe,
	KindBetween: KindNotBetween, KindNotBetween: KindBetween,
	KindIn: KindNotIn, KindNotIn: KindIn,
	KindContains: KindNotContains, KindNotContains: KindContains,
	KindHas: KindNotHas, KindNotHas: KindHas, KindHasAny: KindNotHas, KindHasAll: KindNotHas,
	KindHasPrefix: KindNotHasPrefix, KindNotHasPrefix: KindHasPrefix,
	KindHasSuffix: KindNotHasSuffix, KindNotHasSuffix: KindHasSuffix,
	KindStartsWith: KindNotStartsWith, KindNotStartsWith: KindStartsWith,
	KindEndsWith: KindNotEndsWith, KindNotEndsWith: KindEndsWith,
	KindMatches: KindNotMatches, KindNotMatches: KindMatches,
	KindIsNull: KindIsNotNull, KindIsNotNull: KindIsNull,
}

// mirror is the kind of a comparison written the other way round
// ("5 < X" is "X > 5").
var mirror = map[string]string{KindLt: KindGt, KindGt: KindLt, KindLe: KindGe, KindGe: KindLe}

// conversions are the functions a field is looked through: tostring(X) is
// the field X.
var conversions = map[string]bool{
	"tostring": true, "tolower": true, "toupper": true, "toint": true, "tolong": true, "toreal": true,
	"todouble": true, "todecimal": true, "tobool": true, "toboolean": true, "todatetime": true,
	"totimespan": true, "toguid": true, "todynamic": true, "toobject": true, "parse_json": true,
	"parsejson": true,
}

// predicate records the indicators and lookbacks of predicate e, evaluated
// on relation rel; neg is set under an odd number of not(...). In the
// predicate of search, a bare string term means "* has term".
func (a *analyzer) predicate(e kql.Expr, rel *relation, env *scope, neg, search bool) {
	switch e := e.(type) {
	case *kql.Literal:
		if search && e.Kind == kql.LitString {
			a.add("*", flip(KindHas, neg), false, []literal{{text: e.Value}}, e.Pos())
		}
	case *kql.ParenExpr:
		a.predicate(e.X, rel, env, neg, search)
	case *kql.Ident:
		if env.lookup(e.Name) != nil {
			return // a let-bound flag, not a column
		}
		a.add(rel.origin(e.Name), flip(KindEq, neg), true, []literal{{"true", true}}, e.Pos())
	case *kql.CallExpr:
		switch e.Fun.Name {
		case "not":
			if len(e.Args) == 1 {
				a.predicate(e.Args[0], rel, env, !neg, search)
			}
		case "isnotempty", "isnotnull":
			if len(e.Args) == 1 && a.columnish(e.Args[0], env) {
				a.add(a.field(e.Args[0], rel), flip(KindIsNotNull, neg), false, nil, e.Pos())
			}
		case "isempty", "isnull":
			if len(e.Args) == 1 && a.columnish(e.Args[0], env) {
				a.add(a.field(e.Args[0], rel), flip(KindIsNull, neg), false, nil, e.Pos())
			}
		}
	case *kql.BinaryExpr:
		if e.Op == "and" || e.Op == "or" {
			a.predicate(e.X, rel, env, neg, search)
			a.predicate(e.Y, rel, env, neg, search)
			return
		}
		a.comparison(e, rel, env, neg)
	}
}

// comparison records one comparison predicate.
func (a *analyzer) comparison(e *kql.BinaryExpr, rel *relation, env *scope, neg bool) {
	ok, known := binaryKinds[e.Op]
	if !known {
		return
	}
	x, y := e.X, e.Y
	kind := ok.kind
	var vals []literal
	if rng, isRange := y.(*kql.RangeExpr); isRange {
		for _, bound := range []kql.Expr{rng.Lo, rng.Hi} {
			if w, rel2 := a.timeWindow(bound, env, 0); rel2 {
				a.lookback(x, w, rel)
				return
			}
		}
		if !a.columnish(x, env) {
			return
		}
		lo, okLo := a.values(rng.Lo, env, 0)
		hi, okHi := a.values(rng.Hi, env, 0)
		if okLo && okHi && len(lo) == 1 && len(hi) == 1 {
			vals = []literal{lo[0], hi[0]}
		}
	} else {
		if w, isTime := a.timeWindow(y, env, 0); isTime {
			a.lookback(x, w, rel)
			return
		}
		if w, isTime := a.timeWindow(x, env, 0); isTime {
			a.lookback(y, w, rel)
			return
		}
		xCol, yCol := a.columnish(x, env), a.columnish(y, env)
		switch {
		case !xCol && !yCol:
			return // let-bound names and constants only
		case !xCol:
			x, y = y, x
			kind = cmp.Or(mirror[kind], kind)
		}
		vals, _ = a.values(y, env, 0)
	}
	a.add(a.field(x, rel), flip(kind, neg), ok.cs, vals, e.Pos())
}

// columnish reports whether e is about the rows rather than a let-bound
// name or a constant: the field side of a comparison.
func (a *analyzer) columnish(e kql.Expr, env *scope) bool {
	switch x := unparen(e).(type) {
	case *kql.Ident:
		return env.lookup(x.Name) == nil
	case *kql.CallExpr:
		if conversions[x.Fun.Name] && len(x.Args) >= 1 {
			return a.columnish(x.Args[0], env)
		}
	case *kql.Literal, *kql.DynamicExpr, *kql.ListExpr:
		return false
	}
	_, isConst := a.values(e, env, 0)
	return !isConst
}

// parseWhere records the filter parse-where applies: rows whose source
// holds the pattern's literal parts (contains, case-sensitive), or matches
// it for kind=regex.
func (a *analyzer) parseWhere(o *kql.ParseWhereOp, rel *relation, env *scope) {
	var vals []literal
	for _, p := range o.Pattern {
		if l, ok := p.(*kql.Literal); ok && l.Value != "" {
			vals = append(vals, literal{text: l.Value})
		} else if id, ok := p.(*kql.Ident); ok {
			if v, ok := a.constValue(id, env); ok && v != "" {
				vals = append(vals, literal{text: v})
			}
		}
	}
	kind := KindContains
	for _, p := range o.Params {
		if p != nil && p.Name != nil && p.Name.Name == "kind" && a.text(p.Value) == "regex" {
			kind = KindMatches
		}
	}
	a.add(a.field(o.Source, rel), kind, true, vals, o.Pos())
}

func flip(kind string, neg bool) string {
	if neg {
		return negation[kind]
	}
	return kind
}

// add merges one indicator into the query's set.
func (a *analyzer) add(field, kind string, cs bool, vals []literal, pos kql.Pos) {
	if field == "" || kind == "" {
		return
	}
	if kind == KindIsNull || kind == KindIsNotNull {
		cs = false
	}
	k := indKey{field, kind, cs}
	ind := a.inds[k]
	if ind == nil {
		ind = &Indicator{Field: field, Kind: kind, CaseSensitive: cs, Values: []IndicatorValue{}, Line: a.line(pos)}
		a.inds[k] = ind
		a.indOrder = append(a.indOrder, k)
	}
outer:
	for _, v := range vals {
		nv := NormalizeValue(v.text, cs)
		for _, have := range ind.Values {
			if NormalizeValue(have.Value, cs) == nv {
				continue outer
			}
		}
		ind.Values = append(ind.Values, IndicatorValue{Value: v.text, Bare: v.bare})
	}
}

// NormalizeValue is the form in which two values of one indicator are the
// same value: lower-cased when the test is case-insensitive. (The corpus
// index compares values across rules by IndexValue.)
func NormalizeValue(v string, caseSensitive bool) string {
	if caseSensitive {
		return v
	}
	return strings.ToLower(v)
}

func compareIndicators(x, y *Indicator) int {
	return cmp.Or(
		strings.Compare(x.Field, y.Field),
		strings.Compare(x.Kind, y.Kind),
		boolCompare(x.CaseSensitive, y.CaseSensitive),
	)
}

func boolCompare(x, y bool) int {
	switch {
	case x == y:
		return 0
	case !x:
		return -1
	}
	return 1
}

// field names the field an expression tests: a column followed back
// through plain renames, looked through conversions, or the expression's
// text.
func (a *analyzer) field(e kql.Expr, rel *relation) string {
	switch e := unparen(e).(type) {
	case *kql.Ident:
		return rel.origin(e.Name)
	case *kql.CallExpr:
		if conversions[e.Fun.Name] && len(e.Args) >= 1 {
			return a.field(e.Args[0], rel)
		}
	case *kql.StarExpr:
		return "*"
	}
	return compact(a.text(e))
}

// compact collapses runs of white space to one space.
func compact(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// lookback records a time filter on column expression col.
func (a *analyzer) lookback(col kql.Expr, window string, rel *relation) {
	c := unparen(col)
	for {
		call, ok := c.(*kql.CallExpr)
		if !ok || !conversions[call.Fun.Name] || len(call.Args) == 0 {
			break
		}
		c = unparen(call.Args[0])
	}
	var name string
	switch c := c.(type) {
	case *kql.Ident:
		name = rel.origin(c.Name)
	case *kql.CallExpr:
		if c.Fun.Name != "ingestion_time" || len(c.Args) != 0 {
			return
		}
		name = "ingestion_time()"
	default:
		return
	}
	at := func(lb Lookback) {
		if _, seen := a.lookbacks[lb]; !seen {
			a.lookbacks[lb] = col.Pos()
		}
	}
	if len(rel.tables) == 0 {
		at(Lookback{Column: name, Window: window})
		return
	}
	for _, t := range rel.tables {
		at(Lookback{Table: t, Column: name, Window: window})
	}
}

// timeWindow reports whether e is a time relative to the run (ago(),
// now(), or an expression of them) and how far back it reaches.
func (a *analyzer) timeWindow(e kql.Expr, env *scope, depth int) (string, bool) {
	if depth > maxDepth {
		return "", false
	}
	switch e := unparen(e).(type) {
	case *kql.CallExpr:
		switch e.Fun.Name {
		case "ago":
			if len(e.Args) == 1 {
				return a.duration(e.Args[0], env), true
			}
			return "", false
		case "now":
			if len(e.Args) == 1 {
				return strings.TrimPrefix(a.duration(e.Args[0], env), "-"), true
			}
			return "0s", true
		case "todatetime", "datetime":
			// Hunting queries take their run's window as a template:
			// todatetime('{{StartTimeISO}}').
			if v, ok := a.constValue(e, env); ok && strings.Contains(v, "{{") || len(e.Args) == 1 && isTemplate(e.Args[0]) {
				return compact(a.text(e)), true
			}
		}
		for _, arg := range e.Args { // startofday(ago(1d)), bin(now(), 1h), datetime_add(...)
			if w, ok := a.timeWindow(arg, env, depth+1); ok {
				return w, true
			}
		}
	case *kql.BinaryExpr:
		if e.Op != "-" && e.Op != "+" {
			return "", false
		}
		if w, ok := a.timeWindow(e.X, env, depth+1); ok {
			if w == "0s" && e.Op == "-" { // now() - 7d
				return a.duration(e.Y, env), true
			}
			return w, true
		}
		if w, ok := a.timeWindow(e.Y, env, depth+1); ok {
			return w, true
		}
	case *kql.Ident:
		if b := env.lookup(e.Name); b != nil && b.value != nil && b.tab == nil {
			return a.timeWindow(b.value, b.env, depth+1)
		}
	}
	return "", false
}

// isTemplate reports whether e is a string literal holding a "{{...}}"
// template placeholder.
func isTemplate(e kql.Expr) bool {
	l, ok := unparen(e).(*kql.Literal)
	return ok && l.Kind == kql.LitString && strings.Contains(l.Value, "{{")
}

// duration is the text of a timespan expression, with let-bound constants
// resolved.
func (a *analyzer) duration(e kql.Expr, env *scope) string {
	if v, ok := a.constValue(e, env); ok {
		return v
	}
	return compact(a.text(e))
}

// constValue is the single constant value of e, if it has one.
func (a *analyzer) constValue(e kql.Expr, env *scope) (string, bool) {
	vs, ok := a.values(e, env, 0)
	if !ok || len(vs) != 1 {
		return "", false
	}
	return vs[0].text, true
}

// literal is one constant value: its text, and whether the query writes it
// without quotes (a number, a bool, a timespan).
type literal struct {
	text string
	bare bool
}

// values lists the literal values of e, with let-bound constants and lists
// resolved; ok is false when e is not constant (a column, a computation, a
// subquery), though the constant elements of a list are still returned.
func (a *analyzer) values(e kql.Expr, env *scope, depth int) (vals []literal, ok bool) {
	if depth > maxDepth || e == nil {
		return nil, false
	}
	switch e := e.(type) {
	case *kql.Literal:
		if e.Kind == kql.LitNull || e.Kind == kql.LitTypeof || e.Value == "null" && e.Kind != kql.LitString {
			return nil, false
		}
		if e.Kind == kql.LitString || e.Kind == kql.LitDatetime || e.Kind == kql.LitGuid {
			return []literal{{text: e.Value}}, true
		}
		return []literal{{e.Raw, true}}, true
	case *kql.ParenExpr:
		return a.values(e.X, env, depth+1)
	case *kql.DynamicExpr:
		return a.values(e.Value, env, depth+1)
	case *kql.JSONArray:
		return a.list(e.Elems, env, depth)
	case *kql.ListExpr:
		return a.list(e.Elems, env, depth)
	case *kql.UnaryExpr:
		if v, ok := a.values(e.X, env, depth+1); ok && len(v) == 1 {
			if e.Op == "-" {
				return []literal{{"-" + v[0].text, v[0].bare}}, true
			}
			return v, true
		}
	case *kql.Ident:
		b := env.lookup(e.Name)
		if b == nil || b.value == nil || b.tab != nil || b.fn != nil {
			return nil, false
		}
		if a.isTabular(b.value, b.env) {
			return nil, false
		}
		return a.values(b.value, b.env, depth+1)
	case *kql.CallExpr:
		switch e.Fun.Name {
		case "pack_array":
			return a.list(e.Args, env, depth)
		case "strcat":
			var sb strings.Builder
			for _, arg := range e.Args {
				v, ok := a.values(arg, env, depth+1)
				if !ok || len(v) != 1 {
					return nil, false
				}
				sb.WriteString(v[0].text)
			}
			return []literal{{text: sb.String()}}, true
		case "dynamic":
			if len(e.Args) == 1 {
				return a.values(e.Args[0], env, depth+1)
			}
		}
	}
	return nil, false
}

// list is values over the elements of a list; it returns the constant
// elements even when some are not.
func (a *analyzer) list(elems []kql.Expr, env *scope, depth int) ([]literal, bool) {
	all := true
	var out []literal
	for _, el := range elems {
		v, ok := a.values(el, env, depth+1)
		if !ok {
			all = false
			continue
		}
		out = append(out, v...)
	}
	return out, all
}
