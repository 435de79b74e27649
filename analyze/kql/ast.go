package kql

// Pos is a byte offset into the text a node was parsed from.
type Pos int32

// NoPos marks an absent position, such as the '|' of an operator that starts
// a pipeline.
const NoPos Pos = -1

// IsValid reports whether p is a position.
func (p Pos) IsValid() bool { return p >= 0 }

// Node is implemented by every AST node.
type Node interface {
	Pos() Pos // first byte of the node
	End() Pos // first byte after the node
}

// Expr is a scalar or tabular expression.
type Expr interface {
	Node
	exprNode()
}

// Stmt is a statement of a script.
type Stmt interface {
	Node
	stmtNode()
}

// Operator is one step of a pipeline: a tabular operator such as where or
// summarize, with the '|' before it.
type Operator interface {
	Node
	opNode()
	// Head returns the parts every operator has.
	Head() *OpHead
}

// ---------------------------------------------------------------------------
// Script and statements

// Script is a whole query text: statements separated by ';'.
type Script struct {
	Directives []*Directive // client directives (#connect ...) before the query
	Stmts      []Stmt
	EndPos     Pos // length of the text
}

// Directive is a client directive line such as "#connect cluster('x')".
type Directive struct {
	From, To Pos
	Text     string
}

// LetStmt is "let Name = Value". Value is a scalar or tabular expression, a
// *FuncLit for "let f = (a:string) { ... }" or "let v = view () { ... }", or
// a *CallExpr for materialize(...).
type LetStmt struct {
	Let   Pos
	Name  *Ident
	Value Expr
}

// QueryStmt is an expression statement, normally a tabular pipeline.
type QueryStmt struct {
	Body Expr
}

// SetStmt is "set Name [= Value]".
type SetStmt struct {
	Set   Pos
	Name  *Ident
	Value Expr // nil if absent
}

// DeclareStmt is "declare query_parameters ( Params )".
type DeclareStmt struct {
	Declare Pos
	Params  []*Param
	Rparen  Pos
}

// AliasStmt is "alias database Name = Value".
type AliasStmt struct {
	Alias Pos
	Name  *Ident
	Value Expr
}

// PatternStmt is "declare pattern Name [= ...]". Its body is kept as text.
type PatternStmt struct {
	Declare Pos
	Name    *Ident
	EndPos  Pos
	Body    string // text after the name, if any
}

// RestrictStmt is "restrict access to ( Tables ) [with ( Props )]".
type RestrictStmt struct {
	Restrict Pos
	Tables   []Expr
	With     []*NamedExpr
	EndPos   Pos
}

// CommandStmt is a management command (".show tables"). Text holds the
// whole command; the command itself is not parsed. The queries it embeds
// are: the statements after "<|" go to Query, and the function of
// ".create function F(params) { body }" goes to Func.
type CommandStmt struct {
	From, To Pos
	Text     string
	Query    []Stmt
	Func     *FuncLit
}

// BadStmt stands in for a statement that did not parse.
type BadStmt struct {
	From, To Pos
}

// ---------------------------------------------------------------------------
// Tabular expressions

// Pipeline is "Source | Op | Op ...". Source is nil when the pipeline starts
// with an operator (union, print, range, search, find, evaluate, or the
// sub-pipelines of mv-apply, fork, facet and partition); then Ops[0] has no '|'.
type Pipeline struct {
	Source Expr
	Ops    []Operator
}

// FuncLit is the function value in "let f = [view] (Params) { Body }".
type FuncLit struct {
	View   Pos // position of "view", or NoPos
	Lparen Pos
	Params []*Param
	Body   *Block
}

// Block is "{ Stmts }", the body of a function.
type Block struct {
	Lbrace Pos
	Stmts  []Stmt
	Rbrace Pos
}

// Param is a function or query parameter "Name: Type [= Default]".
type Param struct {
	Name    *Ident
	Type    *TypeRef
	Default Expr // nil if absent
}

// TypeRef is a type: a scalar type name ("string"), or a tabular schema
// "(*)" / "(a:string, b:long)" / "(*, a:string)".
type TypeRef struct {
	From, To Pos
	Name     string        // scalar type name; empty for a schema
	Columns  []*ColumnDecl // schema columns
	Star     bool          // the schema holds '*'
	Schema   bool          // the type is a parenthesized schema
}

// ColumnDecl is "Name: Type" in a schema (datatable, parse-kv, evaluate output, ...).
type ColumnDecl struct {
	Name *Ident
	Type *TypeRef
}

// DatatableExpr is "datatable [Params] ( Schema ) [ Values ]".
type DatatableExpr struct {
	Datatable Pos
	Params    []*OpParam
	Schema    []*ColumnDecl
	Values    []Expr
	Rbrack    Pos
}

// ExternalDataExpr is "externaldata [Params] ( Schema ) [ URIs ] [with ( Props )]".
type ExternalDataExpr struct {
	ExternalData Pos
	Keyword      string // "externaldata" or "external_data"
	Params       []*OpParam
	Schema       []*ColumnDecl
	URIs         []Expr
	With         []*NamedExpr
	EndPos       Pos
}

// ---------------------------------------------------------------------------
// Scalar expressions

// Ident is a name: a plain word, a bracketed name ['x'] (Name holds the
// decoded text), or a braced client parameter {x}.
type Ident struct {
	NamePos Pos
	EndPos  Pos
	Name    string
	Raw     string // source text for bracketed and braced names
}

// Bracketed reports whether the name was written ['x'].
func (n *Ident) Bracketed() bool { return len(n.Raw) > 0 && n.Raw[0] == '[' }

// WildName is a name holding '*', as in "project-away Col*" or "union T*".
type WildName struct {
	NamePos Pos
	EndPos  Pos
	Pattern string
}

// LitKind says what a Literal is.
type LitKind uint8

// The literal kinds.
const (
	LitString LitKind = iota
	LitInt
	LitLong
	LitReal
	LitDecimal
	LitBool
	LitDatetime
	LitTimespan
	LitGuid
	LitNull
	LitTypeof
)

var litKindNames = [...]string{"string", "int", "long", "real", "decimal", "bool", "datetime", "timespan", "guid",
	"null", "typeof"}

// String returns the lowercase name of the kind.
func (k LitKind) String() string { return litKindNames[k] }

// Literal is a constant. Raw is the source text (for joined strings, all of
// it). Value is the decoded string for strings, the text between the
// parentheses for datetime(...), guid(...), typeof(...) and the like, and the
// spelling otherwise ("1d", "0x1F", "true").
type Literal struct {
	ValuePos Pos
	Kind     LitKind
	Raw      string // src[ValuePos:End()]
	Value    string
}

// DynamicExpr is "dynamic( Value )". Value is a Literal, a *JSONArray, a
// *JSONObject, a *DynamicExpr or a braced *Ident.
type DynamicExpr struct {
	Dynamic Pos
	Value   Expr
	Rparen  Pos
}

// JSONArray is "[ Elems ]" inside dynamic(...).
type JSONArray struct {
	Lbrack Pos
	Elems  []Expr
	Rbrack Pos
}

// JSONObject is "{ Keys: Values }" inside dynamic(...).
type JSONObject struct {
	Lbrace Pos
	Keys   []*Literal
	Values []Expr
	Rbrace Pos
}

// BinaryExpr is "X Op Y". Op is the operator as written, lowercase: "==",
// "=~", "has", "!has_cs", "in~", "matches regex", "and", "or", ":", ...
// For in, !in, in~, !in~, has_any and has_all, Y is a *ListExpr; for between
// and !between, Y is a *RangeExpr.
type BinaryExpr struct {
	X     Expr
	OpPos Pos
	Op    string
	Y     Expr
}

// UnaryExpr is "-X" or "+X".
type UnaryExpr struct {
	OpPos Pos
	Op    string
	X     Expr
}

// RangeExpr is "( Lo .. Hi )" after between.
type RangeExpr struct {
	Lparen Pos
	Lo, Hi Expr
	Rparen Pos
}

// ListExpr is "( Elems )" after in, has_any and the like. An element may be
// a *Pipeline for "x in (T | project y)".
type ListExpr struct {
	Lparen Pos
	Elems  []Expr
	Rparen Pos
}

// CallExpr is "Fun( Args )". An argument may be a *NamedExpr (f(x=1)), a
// *StarExpr or a *Pipeline (toscalar(T | count)). Params holds operator
// parameters written before the '(' (toscalar kind=nooptimization (...)).
type CallExpr struct {
	Fun      *Ident
	Params   []*OpParam
	Lparen   Pos
	Args     []Expr
	Rparen   Pos
	Brackets bool // entity_group [a, b] is written with brackets
}

// MemberExpr is "X.Sel". Sel is an *Ident (also for a bracketed
// X.['name']), a *CallExpr (cluster("c").database("d")) or a *WildName.
type MemberExpr struct {
	X   Expr
	Dot Pos
	Sel Expr
}

// IndexExpr is "X[Index]" (or the legacy "X.[Index]").
type IndexExpr struct {
	X      Expr
	Lbrack Pos
	Index  Expr
	Rbrack Pos
}

// BracketExpr is "[ X ]" used as an operand: a name computed from an
// expression.
type BracketExpr struct {
	Lbrack Pos
	X      Expr
	Rbrack Pos
}

// ParenExpr is "( X )"; X may be a *Pipeline. Brace is set for the
// "{ X }" body of partition.
type ParenExpr struct {
	Lparen Pos
	X      Expr
	Rparen Pos
	Brace  bool
}

// NamedExpr is "Name = Value", "(N1, N2) = Value", or just "Value" when
// Names is empty (the unnamed items of extend, project, summarize, ...).
type NamedExpr struct {
	Names    []*Ident
	Compound bool // the names were written in parentheses
	Assign   Pos  // position of '=', or NoPos
	Value    Expr
}

// StarExpr is "*": all columns, or any column in "* has x".
type StarExpr struct {
	Star Pos
}

// SortExpr is "X [asc|desc] [nulls first|last]".
type SortExpr struct {
	X      Expr
	Order  string // "asc", "desc", "granny-asc", "granny-desc" or ""
	Nulls  string // "first", "last" or ""
	EndPos Pos
}

// TypedName is "Name: Type" in a parse pattern, "Name" alone when Type is nil.
type TypedName struct {
	Name *Ident
	Type *TypeRef
}

// BadExpr stands in for text that did not parse, so the rest of the tree survives.
type BadExpr struct {
	From, To Pos
}

// ---------------------------------------------------------------------------
// Operators

// OpHead holds what every operator has: the '|' before it, its keyword as
// written, its operator parameters (kind=inner, hint.strategy=shuffle, ...)
// and its end.
type OpHead struct {
	Bar     Pos    // position of '|', or NoPos for the first operator of a pipeline with no source
	OpPos   Pos    // position of the keyword
	Keyword string // the keyword as written: "where", "filter", "mv-expand", "mvexpand", ...
	Params  []*OpParam
	EndPos  Pos
}

// OpParam is an operator parameter "Name = Value" such as kind=leftouter.
type OpParam struct {
	Name  *Ident
	Value Expr
}

// WhereOp is "where Pred" (also "filter").
type WhereOp struct {
	OpHead
	Pred Expr
}

// ExtendOp is "extend Exprs".
type ExtendOp struct {
	OpHead
	Exprs []*NamedExpr
}

// ProjectOp is "project Exprs".
type ProjectOp struct {
	OpHead
	Exprs []*NamedExpr
}

// ProjectAwayOp is "project-away Cols"; a column is an *Ident or *WildName.
type ProjectAwayOp struct {
	OpHead
	Cols []Expr
}

// ProjectKeepOp is "project-keep Cols".
type ProjectKeepOp struct {
	OpHead
	Cols []Expr
}

// ProjectRenameOp is "project-rename New = Old, ...".
type ProjectRenameOp struct {
	OpHead
	Exprs []*NamedExpr
}

// ProjectReorderOp is "project-reorder Col [asc|desc|granny-asc|granny-desc], ...".
type ProjectReorderOp struct {
	OpHead
	Cols []*SortExpr
}

// ProjectByNamesOp is "project-by-names Exprs".
type ProjectByNamesOp struct {
	OpHead
	Exprs []Expr
}

// SummarizeOp is "summarize Aggs [by By]".
type SummarizeOp struct {
	OpHead
	Aggs  []*NamedExpr
	ByPos Pos // position of "by", or NoPos
	By    []*NamedExpr
}

// DistinctOp is "distinct Exprs" (an element may be a *StarExpr).
type DistinctOp struct {
	OpHead
	Exprs []*NamedExpr
}

// CountOp is "count [as Name]".
type CountOp struct {
	OpHead
	As *Ident
}

// TakeOp is "take N" (also "limit").
type TakeOp struct {
	OpHead
	Count Expr
}

// TopOp is "top N by Expr [asc|desc] [nulls first|last]".
type TopOp struct {
	OpHead
	Count Expr
	By    []*SortExpr
}

// TopNestedClause is one "[N] of Expr [with others = V] by Agg [asc|desc]".
type TopNestedClause struct {
	TopNested Pos // position of the top-nested keyword
	Count     Expr
	Of        *NamedExpr
	Others    Expr
	By        *NamedExpr
	Order     string
	EndPos    Pos
}

// TopNestedOp is "top-nested ..., top-nested ...".
type TopNestedOp struct {
	OpHead
	Clauses []*TopNestedClause
}

// TopHittersOp is "top-hitters N of Col [by Expr]".
type TopHittersOp struct {
	OpHead
	Count Expr
	Of    Expr
	By    Expr
}

// SortOp is "sort by Exprs" (also "order by").
type SortOp struct {
	OpHead
	By []*SortExpr
}

// JoinOp is "join [Params] Right [on On | where Where]".
type JoinOp struct {
	OpHead
	Right Expr
	On    []Expr
	Where Expr
}

// LookupOp is "lookup [Params] Right on On".
type LookupOp struct {
	OpHead
	Right Expr
	On    []Expr
}

// UnionOp is "union [Params] Legs"; a leg is a table name, a *WildName, a
// *ParenExpr holding a pipeline, or another expression.
type UnionOp struct {
	OpHead
	Legs []Expr
}

// ExpandItem is one "[Name=]Expr [to typeof(T)]" of mv-expand or mv-apply.
type ExpandItem struct {
	Expr *NamedExpr
	To   *Literal // typeof(...) literal, or nil
}

// MvExpandOp is "mv-expand [Params] Items [limit N]".
type MvExpandOp struct {
	OpHead
	Items []*ExpandItem
	Limit Expr
}

// MvApplyOp is "mv-apply [Params] Items [limit N] [id Guid] on ( Body )".
type MvApplyOp struct {
	OpHead
	Items []*ExpandItem
	Limit Expr
	ID    Expr
	Body  Expr // a *Pipeline (usually with no source)
}

// ParseOp is "parse [Params] Source with Pattern". A pattern item is a
// *StarExpr, a string *Literal, or a *TypedName.
type ParseOp struct {
	OpHead
	Source  Expr
	Pattern []Expr
}

// ParseWhereOp is "parse-where [Params] Source with Pattern".
type ParseWhereOp struct {
	OpHead
	Source  Expr
	Pattern []Expr
}

// ParseKvOp is "parse-kv Source as ( Schema ) [with ( Props )]".
type ParseKvOp struct {
	OpHead
	Source Expr
	Schema []*ColumnDecl
	With   []*NamedExpr
}

// SeriesAgg is one "[Name=]Agg [default=Value]" of make-series.
type SeriesAgg struct {
	Expr    *NamedExpr
	Default Expr
}

// MakeSeriesOp is "make-series Aggs on Axis (from/to/step | in range(...)) [by By]".
type MakeSeriesOp struct {
	OpHead
	Aggs    []*SeriesAgg
	On      Expr
	From    Expr
	To      Expr
	Step    Expr
	InRange Expr // the range(...) call of "in range(...)"
	By      []*NamedExpr
}

// EvaluateOp is "evaluate [Params] Plugin(args) [: Schema]".
type EvaluateOp struct {
	OpHead
	Plugin *CallExpr
	Schema *TypeRef
}

// SearchOp is "search [Params] [in (Tables)] Pred".
type SearchOp struct {
	OpHead
	In   []Expr
	Pred Expr
}

// FindOp is "find [Params] [in (Tables)] [where] Pred [project Cols | project-smart]".
type FindOp struct {
	OpHead
	In      []Expr
	Pred    Expr
	Project []Expr // *Ident, *TypedName, or a pack(*) *CallExpr
	Smart   bool   // project-smart
}

// RenderOp is "render Chart [with ( Props )]" and the legacy forms.
type RenderOp struct {
	OpHead
	Chart *Ident
	With  []*NamedExpr
	By    []Expr // legacy "by a, b"
}

// AsOp is "as [Params] Name".
type AsOp struct {
	OpHead
	Name *Ident
}

// InvokeOp is "invoke Func(args)".
type InvokeOp struct {
	OpHead
	Call Expr
}

// ForkBranch is one "[Name=]( Body )" of fork.
type ForkBranch struct {
	Name *Ident
	Body *ParenExpr // holds a *Pipeline
}

// ForkOp is "fork Branches".
type ForkOp struct {
	OpHead
	Branches []*ForkBranch
}

// FacetOp is "facet by Cols [with ( Body ) | with Op]".
type FacetOp struct {
	OpHead
	By   []Expr
	With Expr
}

// SerializeOp is "serialize [Exprs]".
type SerializeOp struct {
	OpHead
	Exprs []*NamedExpr
}

// GetSchemaOp is "getschema [kind=csl]".
type GetSchemaOp struct {
	OpHead
}

// SampleOp is "sample N".
type SampleOp struct {
	OpHead
	Count Expr
}

// SampleDistinctOp is "sample-distinct N of Col".
type SampleDistinctOp struct {
	OpHead
	Count Expr
	Of    Expr
}

// PartitionOp is "partition [Params] by Col [in (...)] ( Body )" or "{ Body }".
type PartitionOp struct {
	OpHead
	By   Expr
	In   Expr
	Body Expr
}

// RangeOp is "range Name from X to Y step Z".
type RangeOp struct {
	OpHead
	Name           *Ident
	From, To, Step Expr
}

// PrintOp is "print Exprs".
type PrintOp struct {
	OpHead
	Exprs []*NamedExpr
}

// ReduceOp is "reduce [Params] by Expr [with Props]".
type ReduceOp struct {
	OpHead
	By   Expr
	With []*NamedExpr
}

// ConsumeOp is "consume [Params]".
type ConsumeOp struct {
	OpHead
}

// AssertSchemaOp is "assert-schema ( Schema )".
type AssertSchemaOp struct {
	OpHead
	Schema *TypeRef
}

// GenericOp is an operator the parser knows only by shape (scan, the graph
// operators, macro-expand, ...). Parts holds the expressions found in it,
// in order; keywords between them are not kept.
type GenericOp struct {
	OpHead
	Parts []Expr
	Text  string // source text after the keyword and parameters
}

// BadOp stands in for a pipeline step that did not parse. From..To is its
// raw text from the operator keyword to the next top-level '|' or ';'.
type BadOp struct {
	OpHead
	From, To Pos
}

// ---------------------------------------------------------------------------
// Positions

func (n *Script) Pos() Pos { return 0 }
func (n *Script) End() Pos { return n.EndPos }

func (n *Directive) Pos() Pos { return n.From }
func (n *Directive) End() Pos { return n.To }

func (n *LetStmt) Pos() Pos { return n.Let }
func (n *LetStmt) End() Pos {
	if n.Value != nil {
		return n.Value.End()
	}
	return n.Name.End()
}
func (n *QueryStmt) Pos() Pos { return n.Body.Pos() }
func (n *QueryStmt) End() Pos { return n.Body.End() }
func (n *SetStmt) Pos() Pos   { return n.Set }
func (n *SetStmt) End() Pos {
	if n.Value != nil {
		return n.Value.End()
	}
	return n.Name.End()
}
func (n *DeclareStmt) Pos() Pos { return n.Declare }
func (n *DeclareStmt) End() Pos { return n.Rparen + 1 }
func (n *AliasStmt) Pos() Pos   { return n.Alias }
func (n *AliasStmt) End() Pos   { return n.Value.End() }
func (n *PatternStmt) Pos() Pos { return n.Declare }
func (n *PatternStmt) End() Pos { return n.EndPos }
func (n *RestrictStmt) Pos() Pos {
	return n.Restrict
}
func (n *RestrictStmt) End() Pos { return n.EndPos }
func (n *CommandStmt) Pos() Pos  { return n.From }
func (n *CommandStmt) End() Pos  { return n.To }
func (n *BadStmt) Pos() Pos      { return n.From }
func (n *BadStmt) End() Pos      { return n.To }

func (n *Pipeline) Pos() Pos {
	if n.Source != nil {
		return n.Source.Pos()
	}
	return n.Ops[0].Pos()
}
func (n *Pipeline) End() Pos {
	if len(n.Ops) > 0 {
		return n.Ops[len(n.Ops)-1].End()
	}
	return n.Source.End()
}
func (n *FuncLit) Pos() Pos {
	if n.View.IsValid() {
		return n.View
	}
	return n.Lparen
}
func (n *FuncLit) End() Pos { return n.Body.End() }
func (n *Block) Pos() Pos   { return n.Lbrace }
func (n *Block) End() Pos   { return n.Rbrace + 1 }
func (n *Param) Pos() Pos   { return n.Name.Pos() }
func (n *Param) End() Pos {
	switch {
	case n.Default != nil:
		return n.Default.End()
	case n.Type != nil:
		return n.Type.End()
	}
	return n.Name.End()
}
func (n *TypeRef) Pos() Pos    { return n.From }
func (n *TypeRef) End() Pos    { return n.To }
func (n *ColumnDecl) Pos() Pos { return n.Name.Pos() }
func (n *ColumnDecl) End() Pos {
	if n.Type != nil {
		return n.Type.End()
	}
	return n.Name.End()
}
func (n *DatatableExpr) Pos() Pos    { return n.Datatable }
func (n *DatatableExpr) End() Pos    { return n.Rbrack + 1 }
func (n *ExternalDataExpr) Pos() Pos { return n.ExternalData }
func (n *ExternalDataExpr) End() Pos { return n.EndPos }

func (n *Ident) Pos() Pos       { return n.NamePos }
func (n *Ident) End() Pos       { return n.EndPos }
func (n *WildName) Pos() Pos    { return n.NamePos }
func (n *WildName) End() Pos    { return n.EndPos }
func (n *Literal) Pos() Pos     { return n.ValuePos }
func (n *Literal) End() Pos     { return n.ValuePos + Pos(len(n.Raw)) }
func (n *DynamicExpr) Pos() Pos { return n.Dynamic }
func (n *DynamicExpr) End() Pos { return n.Rparen + 1 }
func (n *JSONArray) Pos() Pos   { return n.Lbrack }
func (n *JSONArray) End() Pos   { return n.Rbrack + 1 }
func (n *JSONObject) Pos() Pos  { return n.Lbrace }
func (n *JSONObject) End() Pos  { return n.Rbrace + 1 }
func (n *BinaryExpr) Pos() Pos  { return n.X.Pos() }
func (n *BinaryExpr) End() Pos  { return n.Y.End() }
func (n *UnaryExpr) Pos() Pos   { return n.OpPos }
func (n *UnaryExpr) End() Pos   { return n.X.End() }
func (n *RangeExpr) Pos() Pos   { return n.Lparen }
func (n *RangeExpr) End() Pos   { return n.Rparen + 1 }
func (n *ListExpr) Pos() Pos    { return n.Lparen }
func (n *ListExpr) End() Pos    { return n.Rparen + 1 }
func (n *CallExpr) Pos() Pos    { return n.Fun.Pos() }
func (n *CallExpr) End() Pos    { return n.Rparen + 1 }
func (n *MemberExpr) Pos() Pos  { return n.X.Pos() }
func (n *MemberExpr) End() Pos  { return n.Sel.End() }
func (n *IndexExpr) Pos() Pos   { return n.X.Pos() }
func (n *IndexExpr) End() Pos   { return n.Rbrack + 1 }
func (n *BracketExpr) Pos() Pos { return n.Lbrack }
func (n *BracketExpr) End() Pos { return n.Rbrack + 1 }
func (n *ParenExpr) Pos() Pos   { return n.Lparen }
func (n *ParenExpr) End() Pos   { return n.Rparen + 1 }
func (n *NamedExpr) Pos() Pos {
	if len(n.Names) > 0 {
		if n.Compound {
			return n.Names[0].Pos() - 1
		}
		return n.Names[0].Pos()
	}
	return n.Value.Pos()
}
func (n *NamedExpr) End() Pos { return n.Value.End() }
func (n *StarExpr) Pos() Pos  { return n.Star }
func (n *StarExpr) End() Pos  { return n.Star + 1 }
func (n *SortExpr) Pos() Pos  { return n.X.Pos() }
func (n *SortExpr) End() Pos  { return n.EndPos }
func (n *TypedName) Pos() Pos { return n.Name.Pos() }
func (n *TypedName) End() Pos {
	if n.Type != nil {
		return n.Type.End()
	}
	return n.Name.End()
}
func (n *BadExpr) Pos() Pos { return n.From }
func (n *BadExpr) End() Pos { return n.To }

// Pos returns the position of the '|', or of the keyword when there is none.
func (h *OpHead) Pos() Pos {
	if h.Bar.IsValid() {
		return h.Bar
	}
	return h.OpPos
}

// End returns the position after the operator's last token.
func (h *OpHead) End() Pos { return h.EndPos }

// Head returns h.
func (h *OpHead) Head() *OpHead { return h }
func (*OpHead) opNode()         {}

func (n *OpParam) Pos() Pos { return n.Name.Pos() }
func (n *OpParam) End() Pos { return n.Value.End() }

func (n *TopNestedClause) Pos() Pos { return n.TopNested }
func (n *TopNestedClause) End() Pos { return n.EndPos }
func (n *ExpandItem) Pos() Pos      { return n.Expr.Pos() }
func (n *ExpandItem) End() Pos {
	if n.To != nil {
		return n.To.End()
	}
	return n.Expr.End()
}
func (n *SeriesAgg) Pos() Pos { return n.Expr.Pos() }
func (n *SeriesAgg) End() Pos {
	if n.Default != nil {
		return n.Default.End()
	}
	return n.Expr.End()
}
func (n *ForkBranch) Pos() Pos {
	if n.Name != nil {
		return n.Name.Pos()
	}
	return n.Body.Pos()
}
func (n *ForkBranch) End() Pos { return n.Body.End() }

// Marker methods seal the node kinds.

func (*LetStmt) stmtNode()      {}
func (*QueryStmt) stmtNode()    {}
func (*SetStmt) stmtNode()      {}
func (*DeclareStmt) stmtNode()  {}
func (*AliasStmt) stmtNode()    {}
func (*PatternStmt) stmtNode()  {}
func (*RestrictStmt) stmtNode() {}
func (*CommandStmt) stmtNode()  {}
func (*BadStmt) stmtNode()      {}

func (*Pipeline) exprNode()         {}
func (*FuncLit) exprNode()          {}
func (*DatatableExpr) exprNode()    {}
func (*ExternalDataExpr) exprNode() {}
func (*Ident) exprNode()            {}
func (*WildName) exprNode()         {}
func (*Literal) exprNode()          {}
func (*DynamicExpr) exprNode()      {}
func (*JSONArray) exprNode()        {}
func (*JSONObject) exprNode()       {}
func (*BinaryExpr) exprNode()       {}
func (*UnaryExpr) exprNode()        {}
func (*RangeExpr) exprNode()        {}
func (*ListExpr) exprNode()         {}
func (*CallExpr) exprNode()         {}
func (*MemberExpr) exprNode()       {}
func (*IndexExpr) exprNode()        {}
func (*ParenExpr) exprNode()        {}
func (*BracketExpr) exprNode()      {}
func (*NamedExpr) exprNode()        {}
func (*StarExpr) exprNode()         {}
func (*SortExpr) exprNode()         {}
func (*TypedName) exprNode()        {}
func (*BadExpr) exprNode()          {}
