package kql

import (
	"fmt"
	"iter"
)

// A Visitor's Visit method is called for each node met by Walk. If the
// result w is not nil, Walk visits each child of n with w, then calls
// w.Visit(nil).
type Visitor interface {
	Visit(n Node) (w Visitor)
}

// Walk traverses the tree rooted at n in depth-first order, children in
// source order, as go/ast.Walk does.
func Walk(v Visitor, n Node) {
	if v = v.Visit(n); v == nil {
		return
	}
	switch n := n.(type) {
	case *Script:
		walkList(v, n.Directives)
		walkList(v, n.Stmts)
	case *CommandStmt:
		walkList(v, n.Query)
		if n.Func != nil {
			Walk(v, n.Func)
		}
	case *Directive, *BadStmt, *Ident, *WildName, *Literal, *StarExpr, *BadExpr,
		*GetSchemaOp, *ConsumeOp, *BadOp:
		if op, ok := n.(Operator); ok {
			walkHead(v, op.Head())
		}
	case *LetStmt:
		Walk(v, n.Name)
		walkExpr(v, n.Value)
	case *QueryStmt:
		Walk(v, n.Body)
	case *SetStmt:
		Walk(v, n.Name)
		walkExpr(v, n.Value)
	case *DeclareStmt:
		walkList(v, n.Params)
	case *AliasStmt:
		Walk(v, n.Name)
		walkExpr(v, n.Value)
	case *PatternStmt:
		Walk(v, n.Name)
	case *RestrictStmt:
		walkExprs(v, n.Tables)
		walkList(v, n.With)
	case *Pipeline:
		walkExpr(v, n.Source)
		walkList(v, n.Ops)
	case *FuncLit:
		walkList(v, n.Params)
		Walk(v, n.Body)
	case *Block:
		walkList(v, n.Stmts)
	case *Param:
		Walk(v, n.Name)
		if n.Type != nil {
			Walk(v, n.Type)
		}
		walkExpr(v, n.Default)
	case *TypeRef:
		walkList(v, n.Columns)
	case *ColumnDecl:
		Walk(v, n.Name)
		if n.Type != nil {
			Walk(v, n.Type)
		}
	case *DatatableExpr:
		walkList(v, n.Params)
		walkList(v, n.Schema)
		walkExprs(v, n.Values)
	case *ExternalDataExpr:
		walkList(v, n.Params)
		walkList(v, n.Schema)
		walkExprs(v, n.URIs)
		walkList(v, n.With)
	case *DynamicExpr:
		walkExpr(v, n.Value)
	case *JSONArray:
		walkExprs(v, n.Elems)
	case *JSONObject:
		for i, k := range n.Keys {
			Walk(v, k)
			walkExpr(v, n.Values[i])
		}
	case *BinaryExpr:
		Walk(v, n.X)
		Walk(v, n.Y)
	case *UnaryExpr:
		Walk(v, n.X)
	case *RangeExpr:
		Walk(v, n.Lo)
		Walk(v, n.Hi)
	case *ListExpr:
		walkExprs(v, n.Elems)
	case *CallExpr:
		Walk(v, n.Fun)
		walkList(v, n.Params)
		walkExprs(v, n.Args)
	case *MemberExpr:
		Walk(v, n.X)
		Walk(v, n.Sel)
	case *IndexExpr:
		Walk(v, n.X)
		Walk(v, n.Index)
	case *ParenExpr:
		Walk(v, n.X)
	case *BracketExpr:
		Walk(v, n.X)
	case *NamedExpr:
		walkList(v, n.Names)
		Walk(v, n.Value)
	case *SortExpr:
		Walk(v, n.X)
	case *TypedName:
		Walk(v, n.Name)
		if n.Type != nil {
			Walk(v, n.Type)
		}
	case *OpParam:
		Walk(v, n.Name)
		walkExpr(v, n.Value)
	case *WhereOp:
		walkHead(v, &n.OpHead)
		walkExpr(v, n.Pred)
	case *ExtendOp:
		walkHead(v, &n.OpHead)
		walkList(v, n.Exprs)
	case *ProjectOp:
		walkHead(v, &n.OpHead)
		walkList(v, n.Exprs)
	case *ProjectAwayOp:
		walkHead(v, &n.OpHead)
		walkExprs(v, n.Cols)
	case *ProjectKeepOp:
		walkHead(v, &n.OpHead)
		walkExprs(v, n.Cols)
	case *ProjectRenameOp:
		walkHead(v, &n.OpHead)
		walkList(v, n.Exprs)
	case *ProjectReorderOp:
		walkHead(v, &n.OpHead)
		walkList(v, n.Cols)
	case *ProjectByNamesOp:
		walkHead(v, &n.OpHead)
		walkExprs(v, n.Exprs)
	case *SummarizeOp:
		walkHead(v, &n.OpHead)
		walkList(v, n.Aggs)
		walkList(v, n.By)
	case *DistinctOp:
		walkHead(v, &n.OpHead)
		walkList(v, n.Exprs)
	case *CountOp:
		walkHead(v, &n.OpHead)
		if n.As != nil {
			Walk(v, n.As)
		}
	case *TakeOp:
		walkHead(v, &n.OpHead)
		walkExpr(v, n.Count)
	case *TopOp:
		walkHead(v, &n.OpHead)
		walkExpr(v, n.Count)
		walkList(v, n.By)
	case *TopNestedOp:
		walkHead(v, &n.OpHead)
		walkList(v, n.Clauses)
	case *TopNestedClause:
		walkExpr(v, n.Count)
		if n.Of != nil {
			Walk(v, n.Of)
		}
		walkExpr(v, n.Others)
		if n.By != nil {
			Walk(v, n.By)
		}
	case *TopHittersOp:
		walkHead(v, &n.OpHead)
		walkExpr(v, n.Count)
		walkExpr(v, n.Of)
		walkExpr(v, n.By)
	case *SortOp:
		walkHead(v, &n.OpHead)
		walkList(v, n.By)
	case *JoinOp:
		walkHead(v, &n.OpHead)
		walkExpr(v, n.Right)
		walkExprs(v, n.On)
		walkExpr(v, n.Where)
	case *LookupOp:
		walkHead(v, &n.OpHead)
		walkExpr(v, n.Right)
		walkExprs(v, n.On)
	case *UnionOp:
		walkHead(v, &n.OpHead)
		walkExprs(v, n.Legs)
	case *ExpandItem:
		Walk(v, n.Expr)
		if n.To != nil {
			Walk(v, n.To)
		}
	case *MvExpandOp:
		walkHead(v, &n.OpHead)
		walkList(v, n.Items)
		walkExpr(v, n.Limit)
	case *MvApplyOp:
		walkHead(v, &n.OpHead)
		walkList(v, n.Items)
		walkExpr(v, n.Limit)
		walkExpr(v, n.ID)
		walkExpr(v, n.Body)
	case *ParseOp:
		walkHead(v, &n.OpHead)
		walkExpr(v, n.Source)
		walkExprs(v, n.Pattern)
	case *ParseWhereOp:
		walkHead(v, &n.OpHead)
		walkExpr(v, n.Source)
		walkExprs(v, n.Pattern)
	case *ParseKvOp:
		walkHead(v, &n.OpHead)
		walkExpr(v, n.Source)
		walkList(v, n.Schema)
		walkList(v, n.With)
	case *SeriesAgg:
		Walk(v, n.Expr)
		walkExpr(v, n.Default)
	case *MakeSeriesOp:
		walkHead(v, &n.OpHead)
		walkList(v, n.Aggs)
		walkExpr(v, n.On)
		walkExpr(v, n.From)
		walkExpr(v, n.To)
		walkExpr(v, n.Step)
		walkExpr(v, n.InRange)
		walkList(v, n.By)
	case *EvaluateOp:
		walkHead(v, &n.OpHead)
		if n.Plugin != nil {
			Walk(v, n.Plugin)
		}
		if n.Schema != nil {
			Walk(v, n.Schema)
		}
	case *SearchOp:
		walkHead(v, &n.OpHead)
		walkExprs(v, n.In)
		walkExpr(v, n.Pred)
	case *FindOp:
		walkHead(v, &n.OpHead)
		walkExprs(v, n.In)
		walkExpr(v, n.Pred)
		walkExprs(v, n.Project)
	case *RenderOp:
		walkHead(v, &n.OpHead)
		if n.Chart != nil {
			Walk(v, n.Chart)
		}
		walkList(v, n.With)
		walkExprs(v, n.By)
	case *AsOp:
		walkHead(v, &n.OpHead)
		Walk(v, n.Name)
	case *InvokeOp:
		walkHead(v, &n.OpHead)
		walkExpr(v, n.Call)
	case *ForkBranch:
		if n.Name != nil {
			Walk(v, n.Name)
		}
		Walk(v, n.Body)
	case *ForkOp:
		walkHead(v, &n.OpHead)
		walkList(v, n.Branches)
	case *FacetOp:
		walkHead(v, &n.OpHead)
		walkExprs(v, n.By)
		walkExpr(v, n.With)
	case *SerializeOp:
		walkHead(v, &n.OpHead)
		walkList(v, n.Exprs)
	case *SampleOp:
		walkHead(v, &n.OpHead)
		walkExpr(v, n.Count)
	case *SampleDistinctOp:
		walkHead(v, &n.OpHead)
		walkExpr(v, n.Count)
		walkExpr(v, n.Of)
	case *PartitionOp:
		walkHead(v, &n.OpHead)
		walkExpr(v, n.By)
		walkExpr(v, n.In)
		walkExpr(v, n.Body)
	case *RangeOp:
		walkHead(v, &n.OpHead)
		Walk(v, n.Name)
		walkExpr(v, n.From)
		walkExpr(v, n.To)
		walkExpr(v, n.Step)
	case *PrintOp:
		walkHead(v, &n.OpHead)
		walkList(v, n.Exprs)
	case *ReduceOp:
		walkHead(v, &n.OpHead)
		walkExpr(v, n.By)
		walkList(v, n.With)
	case *AssertSchemaOp:
		walkHead(v, &n.OpHead)
		if n.Schema != nil {
			Walk(v, n.Schema)
		}
	case *GenericOp:
		walkHead(v, &n.OpHead)
		walkExprs(v, n.Parts)
	default:
		panic(fmt.Sprintf("kql.Walk: unexpected node type %T", n))
	}
	v.Visit(nil)
}

func walkHead(v Visitor, h *OpHead) {
	walkList(v, h.Params)
}

// walkList walks each node of xs, none of them nil.
func walkList[T Node](v Visitor, xs []T) {
	for _, x := range xs {
		Walk(v, x)
	}
}

func walkExpr(v Visitor, e Expr) {
	if e != nil {
		Walk(v, e)
	}
}

func walkExprs(v Visitor, es []Expr) {
	for _, e := range es {
		if e != nil {
			Walk(v, e)
		}
	}
}

type inspector func(Node) bool

func (f inspector) Visit(n Node) Visitor {
	if n != nil && f(n) {
		return f
	}
	return nil
}

// Inspect traverses the tree rooted at n in depth-first order, calling f(n)
// for each node; if f returns true, Inspect visits the node's children. f is
// not called with nil.
func Inspect(n Node, f func(Node) bool) {
	Walk(inspector(f), n)
}

// Preorder returns an iterator over the nodes of the tree rooted at n, in
// depth-first preorder.
func Preorder(n Node) iter.Seq[Node] {
	return func(yield func(Node) bool) {
		ok := true
		Inspect(n, func(n Node) bool {
			if ok && !yield(n) {
				ok = false
			}
			return ok
		})
	}
}
