package kql

import (
	"strings"
)

// Print returns the canonical text of n: tokens separated by single spaces,
// pipeline steps of a statement on their own lines, literals and bracketed
// names as written. Parsing the text of an accepted query gives the same
// tree, positions aside. Nodes that did not parse print as "<bad>".
func Print(n Node) string {
	var pr printer
	pr.node(n)
	return pr.b.String()
}

type printer struct {
	b     strings.Builder
	depth int // pipeline nesting: only top-level pipelines break lines
}

func (pr *printer) s(s string) { pr.b.WriteString(s) }

func (pr *printer) node(n Node) {
	switch n := n.(type) {
	case nil:
	case *Script:
		for _, d := range n.Directives {
			pr.s(d.Text)
			pr.s("\n")
		}
		for i, s := range n.Stmts {
			if i > 0 {
				pr.s(";\n")
			}
			pr.node(s)
		}
	case *Directive:
		pr.s(n.Text)
	case *LetStmt:
		pr.s("let ")
		pr.node(n.Name)
		pr.s(" = ")
		pr.node(n.Value)
	case *QueryStmt:
		pr.node(n.Body)
	case *SetStmt:
		pr.s("set ")
		pr.node(n.Name)
		if n.Value != nil {
			pr.s(" = ")
			pr.node(n.Value)
		}
	case *DeclareStmt:
		pr.s("declare query_parameters (")
		printList(pr, n.Params)
		pr.s(")")
	case *AliasStmt:
		pr.s("alias database ")
		pr.node(n.Name)
		pr.s(" = ")
		pr.node(n.Value)
	case *PatternStmt:
		pr.s("declare pattern ")
		pr.node(n.Name)
		if n.Body != "" {
			pr.s(" ")
			pr.s(n.Body)
		}
	case *RestrictStmt:
		pr.s("restrict access to (")
		printList(pr, n.Tables)
		pr.s(")")
		pr.with(n.With)
	case *CommandStmt:
		pr.s(n.Text)
	case *BadStmt, *BadExpr:
		pr.s("<bad>")
	case *Pipeline:
		pr.depth++
		if n.Source != nil {
			pr.node(n.Source)
		}
		for i, op := range n.Ops {
			if i > 0 || n.Source != nil {
				if pr.depth == 1 {
					pr.s("\n")
				} else {
					pr.s(" ")
				}
			}
			pr.node(op)
		}
		pr.depth--
	case *FuncLit:
		if n.View.IsValid() {
			pr.s("view ")
		}
		pr.s("(")
		printList(pr, n.Params)
		pr.s(") ")
		pr.node(n.Body)
	case *Block:
		pr.s("{ ")
		for i, s := range n.Stmts {
			if i > 0 {
				pr.s("; ")
			}
			pr.nested(s)
		}
		pr.s(" }")
	case *Param:
		pr.node(n.Name)
		if n.Type != nil {
			pr.s(":")
			pr.node(n.Type)
		}
		if n.Default != nil {
			pr.s(" = ")
			pr.node(n.Default)
		}
	case *TypeRef:
		if !n.Schema {
			pr.s(n.Name)
			return
		}
		pr.s("(")
		if n.Star {
			pr.s("*")
			if len(n.Columns) > 0 {
				pr.s(", ")
			}
		}
		printList(pr, n.Columns)
		pr.s(")")
	case *ColumnDecl:
		pr.node(n.Name)
		pr.s(":")
		pr.node(n.Type)
	case *DatatableExpr:
		pr.s("datatable")
		pr.opParams(n.Params)
		pr.s(" (")
		printList(pr, n.Schema)
		pr.s(") [")
		printList(pr, n.Values)
		pr.s("]")
	case *ExternalDataExpr:
		pr.s(n.Keyword)
		pr.opParams(n.Params)
		pr.s(" (")
		printList(pr, n.Schema)
		pr.s(") [")
		printList(pr, n.URIs)
		pr.s("]")
		pr.with(n.With)
	case *Ident:
		if n.Raw != "" {
			pr.s(n.Raw)
		} else {
			pr.s(n.Name)
		}
	case *WildName:
		pr.s(n.Pattern)
	case *Literal:
		pr.s(n.Raw)
	case *DynamicExpr:
		pr.s("dynamic(")
		pr.node(n.Value)
		pr.s(")")
	case *JSONArray:
		pr.s("[")
		printList(pr, n.Elems)
		pr.s("]")
	case *JSONObject:
		pr.s("{")
		for i, k := range n.Keys {
			if i > 0 {
				pr.s(", ")
			}
			pr.node(k)
			pr.s(": ")
			pr.node(n.Values[i])
		}
		pr.s("}")
	case *BinaryExpr:
		pr.node(n.X)
		if n.Op == ":" {
			pr.s(":")
		} else {
			pr.s(" ")
			pr.s(n.Op)
			pr.s(" ")
		}
		pr.node(n.Y)
	case *UnaryExpr:
		pr.s(n.Op)
		if lit, ok := n.X.(*Literal); ok && lit.Kind != LitString {
			pr.s(" ") // -1 would be read back as one literal
		} else if u, ok := n.X.(*UnaryExpr); ok && u.Op == n.Op {
			pr.s(" ")
		}
		pr.node(n.X)
	case *RangeExpr:
		pr.s("(")
		pr.node(n.Lo)
		pr.s(" .. ")
		pr.node(n.Hi)
		pr.s(")")
	case *ListExpr:
		pr.s("(")
		pr.nestedExprs(n.Elems)
		pr.s(")")
	case *CallExpr:
		pr.node(n.Fun)
		if len(n.Params) > 0 {
			pr.opParams(n.Params)
			pr.s(" ")
		}
		if n.Brackets {
			pr.s(" [")
			pr.nestedExprs(n.Args)
			pr.s("]")
			return
		}
		pr.s("(")
		pr.nestedExprs(n.Args)
		pr.s(")")
	case *MemberExpr:
		pr.node(n.X)
		if lit, ok := n.X.(*Literal); ok && lit.Kind != LitString {
			pr.s(" ") // 0.x would be read back as a real
		} else if _, wild := n.Sel.(*WildName); wild && isNameChain(n.X) {
			pr.s(" ") // a.* would be read back as one wildcard name where tables are named
		}
		pr.s(".")
		pr.node(n.Sel)
	case *IndexExpr:
		pr.node(n.X)
		pr.s("[")
		pr.node(n.Index)
		pr.s("]")
	case *BracketExpr:
		pr.s("[")
		pr.nested(n.X)
		pr.s("]")
	case *ParenExpr:
		pr.s("(")
		pr.nested(n.X)
		pr.s(")")
	case *NamedExpr:
		if len(n.Names) > 0 {
			if n.Compound {
				pr.s("(")
			}
			for i, id := range n.Names {
				if i > 0 {
					pr.s(", ")
				}
				pr.node(id)
			}
			if n.Compound {
				pr.s(")")
			}
			pr.s(" = ")
		}
		pr.node(n.Value)
	case *StarExpr:
		pr.s("*")
	case *SortExpr:
		pr.node(n.X)
		if n.Order != "" {
			pr.s(" ")
			pr.s(n.Order)
		}
		if n.Nulls != "" {
			pr.s(" nulls ")
			pr.s(n.Nulls)
		}
	case *TypedName:
		pr.node(n.Name)
		if n.Type != nil {
			pr.s(":")
			pr.node(n.Type)
		}
	case *OpParam:
		pr.node(n.Name)
		pr.s("=")
		pr.node(n.Value)
	case *TopNestedClause:
		pr.s("top-nested")
		if n.Count != nil {
			pr.s(" ")
			pr.node(n.Count)
		}
		pr.s(" of ")
		pr.node(n.Of)
		if n.Others != nil {
			pr.s(" with others = ")
			pr.node(n.Others)
		}
		pr.s(" by ")
		pr.node(n.By)
		if n.Order != "" {
			pr.s(" ")
			pr.s(n.Order)
		}
	case *ExpandItem:
		pr.node(n.Expr)
		if n.To != nil {
			pr.s(" to ")
			pr.node(n.To)
		}
	case *SeriesAgg:
		pr.node(n.Expr)
		if n.Default != nil {
			pr.s(" default = ")
			pr.node(n.Default)
		}
	case *ForkBranch:
		if n.Name != nil {
			pr.node(n.Name)
			pr.s(" = ")
		}
		pr.node(n.Body)
	case Operator:
		pr.op(n)
	default:
		pr.s("<?>")
	}
}

// nested prints a node inside brackets, where pipelines stay on one line.
func (pr *printer) nested(n Node) {
	pr.depth++
	pr.node(n)
	pr.depth--
}

func (pr *printer) nestedExprs(es []Expr) {
	pr.depth++
	printList(pr, es)
	pr.depth--
}

// printList prints xs separated by ", ".
func printList[T Node](pr *printer, xs []T) {
	for i, x := range xs {
		if i > 0 {
			pr.s(", ")
		}
		pr.node(x)
	}
}

// with prints the properties of a with clause, if any.
func (pr *printer) with(ws []*NamedExpr) {
	if len(ws) > 0 {
		pr.s(" with (")
		printList(pr, ws)
		pr.s(")")
	}
}

func (pr *printer) opParams(ps []*OpParam) {
	for _, p := range ps {
		pr.s(" ")
		pr.node(p)
	}
}

func (pr *printer) op(op Operator) {
	h := op.Head()
	if h.Bar.IsValid() {
		pr.s("| ")
	}
	if _, ok := op.(*TopNestedOp); !ok {
		pr.s(h.Keyword)
	}
	if _, ok := op.(*RenderOp); !ok {
		pr.opParams(h.Params)
	}
	switch n := op.(type) {
	case *WhereOp:
		pr.s(" ")
		pr.node(n.Pred)
	case *ExtendOp:
		pr.s(" ")
		printList(pr, n.Exprs)
	case *ProjectOp:
		if len(n.Exprs) > 0 {
			pr.s(" ")
			printList(pr, n.Exprs)
		}
	case *ProjectAwayOp:
		pr.s(" ")
		printList(pr, n.Cols)
	case *ProjectKeepOp:
		pr.s(" ")
		printList(pr, n.Cols)
	case *ProjectRenameOp:
		pr.s(" ")
		printList(pr, n.Exprs)
	case *ProjectReorderOp:
		pr.s(" ")
		printList(pr, n.Cols)
	case *ProjectByNamesOp:
		if len(n.Exprs) > 0 {
			pr.s(" ")
			printList(pr, n.Exprs)
		}
	case *SummarizeOp:
		if len(n.Aggs) > 0 {
			pr.s(" ")
			printList(pr, n.Aggs)
		}
		if n.ByPos.IsValid() {
			pr.s(" by ")
			printList(pr, n.By)
		}
	case *DistinctOp:
		pr.s(" ")
		printList(pr, n.Exprs)
	case *CountOp:
		if n.As != nil {
			pr.s(" as ")
			pr.node(n.As)
		}
	case *TakeOp:
		pr.s(" ")
		pr.node(n.Count)
	case *TopOp:
		pr.s(" ")
		pr.node(n.Count)
		pr.s(" by ")
		printList(pr, n.By)
	case *TopNestedOp:
		printList(pr, n.Clauses)
	case *TopHittersOp:
		pr.s(" ")
		pr.node(n.Count)
		pr.s(" of ")
		pr.node(n.Of)
		if n.By != nil {
			pr.s(" by ")
			pr.node(n.By)
		}
	case *SortOp:
		pr.s(" by ")
		printList(pr, n.By)
	case *JoinOp:
		pr.s(" ")
		pr.nested(n.Right)
		if len(n.On) > 0 {
			pr.s(" on ")
			printList(pr, n.On)
		}
		if n.Where != nil {
			pr.s(" where ")
			pr.node(n.Where)
		}
	case *LookupOp:
		pr.s(" ")
		pr.nested(n.Right)
		pr.s(" on ")
		printList(pr, n.On)
	case *UnionOp:
		pr.s(" ")
		pr.nestedExprs(n.Legs)
	case *MvExpandOp:
		pr.s(" ")
		printList(pr, n.Items)
		if n.Limit != nil {
			pr.s(" limit ")
			pr.node(n.Limit)
		}
	case *MvApplyOp:
		pr.s(" ")
		printList(pr, n.Items)
		if n.Limit != nil {
			pr.s(" limit ")
			pr.node(n.Limit)
		}
		if n.ID != nil {
			pr.s(" id ")
			pr.node(n.ID)
		}
		pr.s(" on ")
		pr.nested(n.Body)
	case *ParseOp:
		pr.s(" ")
		pr.node(n.Source)
		pr.s(" with")
		pr.pattern(n.Pattern)
	case *ParseWhereOp:
		pr.s(" ")
		pr.node(n.Source)
		pr.s(" with")
		pr.pattern(n.Pattern)
	case *ParseKvOp:
		pr.s(" ")
		pr.node(n.Source)
		pr.s(" as (")
		printList(pr, n.Schema)
		pr.s(")")
		pr.with(n.With)
	case *MakeSeriesOp:
		pr.s(" ")
		printList(pr, n.Aggs)
		pr.s(" on ")
		pr.node(n.On)
		if n.InRange != nil {
			pr.s(" in ")
			pr.node(n.InRange)
		}
		if n.From != nil {
			pr.s(" from ")
			pr.node(n.From)
		}
		if n.To != nil {
			pr.s(" to ")
			pr.node(n.To)
		}
		if n.Step != nil {
			pr.s(" step ")
			pr.node(n.Step)
		}
		if len(n.By) > 0 {
			pr.s(" by ")
			printList(pr, n.By)
		}
	case *EvaluateOp:
		pr.s(" ")
		pr.node(n.Plugin)
		if n.Schema != nil {
			pr.s(" : ")
			pr.node(n.Schema)
		}
	case *SearchOp:
		if n.In != nil {
			pr.s(" in (")
			printList(pr, n.In)
			pr.s(")")
		}
		pr.s(" ")
		pr.node(n.Pred)
	case *FindOp:
		if n.In != nil {
			pr.s(" in (")
			printList(pr, n.In)
			pr.s(")")
		}
		pr.s(" where ")
		pr.node(n.Pred)
		if n.Smart {
			pr.s(" project-smart")
		}
		if len(n.Project) > 0 {
			pr.s(" project ")
			printList(pr, n.Project)
		}
	case *RenderOp:
		pr.s(" ")
		pr.node(n.Chart)
		pr.opParams(h.Params)
		pr.with(n.With)
		if len(n.By) > 0 {
			pr.s(" by ")
			printList(pr, n.By)
		}
	case *AsOp:
		pr.s(" ")
		pr.node(n.Name)
	case *InvokeOp:
		pr.s(" ")
		pr.node(n.Call)
	case *ForkOp:
		for _, b := range n.Branches {
			pr.s(" ")
			pr.nested(b)
		}
	case *FacetOp:
		pr.s(" by ")
		printList(pr, n.By)
		if n.With != nil {
			pr.s(" with ")
			pr.nested(n.With)
		}
	case *SerializeOp:
		if len(n.Exprs) > 0 {
			pr.s(" ")
			printList(pr, n.Exprs)
		}
	case *GetSchemaOp, *ConsumeOp:
	case *SampleOp:
		pr.s(" ")
		pr.node(n.Count)
	case *SampleDistinctOp:
		pr.s(" ")
		pr.node(n.Count)
		pr.s(" of ")
		pr.node(n.Of)
	case *PartitionOp:
		pr.s(" by ")
		pr.node(n.By)
		if n.In != nil {
			pr.s(" in ")
			pr.node(n.In)
		}
		pr.s(" ")
		if pe, ok := n.Body.(*ParenExpr); ok && pe.Brace {
			pr.s("{ ")
			pr.nested(pe.X)
			pr.s(" }")
		} else {
			pr.nested(n.Body)
		}
	case *RangeOp:
		pr.s(" ")
		pr.node(n.Name)
		pr.s(" from ")
		pr.node(n.From)
		pr.s(" to ")
		pr.node(n.To)
		pr.s(" step ")
		pr.node(n.Step)
	case *PrintOp:
		if len(n.Exprs) > 0 {
			pr.s(" ")
			printList(pr, n.Exprs)
		}
	case *ReduceOp:
		pr.s(" by ")
		pr.node(n.By)
		if len(n.With) > 0 {
			pr.s(" with ")
			printList(pr, n.With)
		}
	case *AssertSchemaOp:
		pr.s(" ")
		pr.node(n.Schema)
	case *GenericOp:
		if n.Text != "" {
			pr.s(" ")
			pr.s(n.Text)
		}
	case *BadOp:
		pr.s(" <bad>")
	}
}

func (pr *printer) pattern(items []Expr) {
	for _, it := range items {
		pr.s(" ")
		pr.node(it)
	}
}

// isNameChain reports whether x is a name or a dotted chain of names.
func isNameChain(x Expr) bool {
	for {
		switch n := x.(type) {
		case *Ident:
			return true
		case *MemberExpr:
			x = n.X
		default:
			return false
		}
	}
}
