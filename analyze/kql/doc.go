// Package kql lexes and parses the Kusto Query Language (KQL) as detection
// rules use it, into a typed syntax tree with a byte position on every node.
//
// # Grammar
//
// The parser is a hand-written recursive-descent parser that follows the
// official one (QueryParser.cs in microsoft/Kusto-Query-Language), as
// summarised in shared/kql/GRAMMAR.md:
//
//   - The lexer is context free. Words are lexed as words; keywords are
//     contextual and decided by the parser (count, kind, by, title, ...).
//     Compound keywords (project-away, !has_cs, in~, hint.strategy,
//     "matches regex") are single tokens. Comments are tokens too (see Lex),
//     but the parser skips them.
//   - A script is statements separated by ';': let (scalar, tabular,
//     function, view, materialize), set, alias, declare query_parameters,
//     declare pattern, restrict, and query statements. A text that starts
//     with '.' is a management command: a CommandStmt holding its text.
//   - A pipeline is a source expression (or a leading operator) followed by
//     "| operator" steps; every step is its own node type (WhereOp,
//     SummarizeOp, JoinOp, ...) whose span covers the '|'. Rare operators
//     (scan, graph operators, macro-expand) are GenericOp nodes.
//   - Expressions use the official precedence: or, and, equality and
//     membership (non-associative), relational (non-associative), additive,
//     multiplicative, string operators (non-associative, tighter than '*'),
//     unary sign, postfix (.name, [index], calls).
//
// # Errors
//
// Parse never panics. Each syntax error has a span and a lowercase message.
// A missing token is reported where it should have been: right after the
// previous token. After an error in a pipeline step, the parser skips to
// the next top-level '|' or ';', records a BadOp for the step and goes on;
// after an error elsewhere in a statement it skips to the next ';' and
// records a BadStmt. Nesting is bounded by MaxDepth.
//
// # Departures from the official parser
//
// The parser checks syntax only: names are not resolved, and functions,
// plugins and parameter values are not checked against the catalog (the
// official parser does not either; it reports those as semantic errors).
// It is lenient where rules rarely go: graph patterns (make-graph,
// graph-match patterns, graph-to-table), macro-expand, the body of declare
// pattern and management commands are scanned rather than parsed, so errors
// inside them may go unreported. Of a management command only the queries
// it embeds are parsed (after "<|", and the body of ".create function").
// Known differences on the test corpora are listed in
// testdata/disagreements.txt; TestDifferential measures them.
//
// # API
//
//	Parse(src) (*Script, []*Error)    the syntax tree and the errors
//	Lex(src) []Token                  all tokens, comments included; Token.Kind.Class() for highlighting
//	Walk, Inspect, Preorder           traversal, as in go/ast
//	Print(node) string                canonical text of a node (a pipeline step prints as "| where ...")
//	MarshalJSON(node)                 the tree as JSON, for "rulecat kql parse"
//	CheckJSONL(r, w)                  "rulecat kql check --jsonl"
//	LineCol(src, pos), NewLines(src)  byte offsets to line and column
//	Unquote(lit)                      the value of a string literal
//
// The tree: a Script holds Stmts (LetStmt, QueryStmt, SetStmt, DeclareStmt,
// AliasStmt, PatternStmt, RestrictStmt, CommandStmt, BadStmt). A tabular
// expression is a Pipeline{Source, Ops}; each Op is one Operator node
// (WhereOp, ExtendOp, SummarizeOp, JoinOp, UnionOp, ...) whose Head() gives
// the '|' position, the keyword as written and the operator parameters
// (kind=, hint.*=, ...); a step that did not parse is a BadOp. Scalar
// expressions are Ident, Literal (Value decoded), BinaryExpr (Op is the
// operator as written: "==", "has", "!in~", "between", ...), UnaryExpr,
// CallExpr, MemberExpr, IndexExpr, ParenExpr, ListExpr, RangeExpr,
// NamedExpr, StarExpr, DynamicExpr and friends. Every node has Pos and End
// byte offsets into the parsed text.
package kql
