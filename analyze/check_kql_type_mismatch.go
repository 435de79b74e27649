package analyze

import (
	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/analyze/tables"
	"github.com/rulecat/rulecat/catalog"
)

func kqlTypeMismatch() *Check {
	return &Check{
		ID:       "kql-type-mismatch",
		Severity: catalog.Warning,
		Title:    "time compared with a string column",
		Doc: "Comparing a `string` column with `ago()` or `now()` (`where EventTime_s > ago(1d)`) does not compare " +
			"times: Kusto either rejects the query (\"cannot compare values of types string and datetime\") or, " +
			"in some contexts, compares text, so the time filter keeps the wrong rows. Custom-log fields named " +
			"`..._s` are strings even when they hold a time.\n\nConvert the column first: " +
			"`where todatetime(EventTime_s) > ago(1d)`, or filter on `TimeGenerated`. rulecat reports this only " +
			"where the column is read straight from a table whose schema gives its type.",
		Bad: exampleRule("f5a6b7c8-d9e0-4f5c-81d2-0c1d2e3f4a01", "Recent storage events",
			"AzureDiagnostics\n| where TimeGenerated > ago(1h)\n| where time_s > ago(1h)\n"),
		Good: exampleRule("f5a6b7c8-d9e0-4f5c-81d2-0c1d2e3f4a01", "Recent storage events",
			"AzureDiagnostics\n| where TimeGenerated > ago(1h)\n| where todatetime(time_s) > ago(1h)\n"),
		Run: func(p *Pass) {
			schema := p.Env.Tables
			if schema == nil {
				return
			}
			for _, qa := range p.queries() {
				for _, n := range p.nodes(qa) {
					w, ok := n.(*kql.WhereOp)
					if !ok {
						continue
					}
					ins := qa.stepInputs(w)
					if len(ins) == 0 {
						continue
					}
					kql.Inspect(w.Pred, func(m kql.Node) bool {
						b, ok := m.(*kql.BinaryExpr)
						if !ok {
							return true
						}
						if id, ok := timeCompared(b); ok {
							if t, ok := stringColumn(ins, id.Name, schema); ok {
								p.Reportf(nodeSpan(qa.Query, id), "column %q of %s is a string compared with a time; convert it with todatetime(%s)",
									id.Name, t, id.Name)
							}
						}
						return true
					})
				}
			}
		},
	}
}

// timeCompared returns the name b compares with ago() or now():
// X > ago(1d), now() >= X, X between (ago(1d) .. now()).
func timeCompared(b *kql.BinaryExpr) (*kql.Ident, bool) {
	op, x, y := b.Op, b.X, b.Y
	if r, ok := y.(*kql.RangeExpr); ok && (op == "between" || op == "!between") && (isNowCall(r.Lo) || isNowCall(r.Hi)) {
		op, y = ">=", r.Lo
		if !isNowCall(r.Lo) {
			y = r.Hi
		}
	}
	if !isComparison(op) {
		return nil, false
	}
	col, other := x, y
	if _, ok := plainIdent(col); !ok {
		col, other = y, x
	}
	if !isNowCall(other) {
		return nil, false
	}
	id, ok := unparen(col).(*kql.Ident)
	return id, ok
}

func isComparison(op string) bool {
	switch op {
	case "<", "<=", ">", ">=", "==", "!=":
		return true
	}
	return false
}

// isNowCall reports whether e is ago(...) or now(...), the time functions
// of lookbacks.
func isNowCall(e kql.Expr) bool {
	c, ok := unparen(e).(*kql.CallExpr)
	return ok && c.Fun != nil && (c.Fun.Name == "ago" || c.Fun.Name == "now")
}

// stringColumn reports whether name is, in every input of a step, a
// column read unchanged from the one source table (or a column its listing
// leaves out, such as AzureDiagnostics' Name_s) that the schema types
// string; it returns that table.
func stringColumn(ins []stepInput, name string, schema *tables.Schema) (string, bool) {
	table := ""
	for _, in := range ins {
		if in.env.lookup(name) != nil || len(in.rel.tables) != 1 {
			return "", false
		}
		if i := in.rel.find(name); i >= 0 && in.rel.cols[i].source != "table" || i < 0 && !in.rel.complete {
			return "", false
		}
		table = in.rel.tables[0]
		if typ, ok := schema.ColumnType(table, name); !ok || typ != "string" {
			return "", false
		}
	}
	return table, table != ""
}
