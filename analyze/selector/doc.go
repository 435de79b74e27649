// Package selector implements the rule selector language of --where and of
// the scoped severity overrides in .rulecat.yaml.
//
// An expression is a boolean combination of comparisons between an attribute
// of a rule and a value:
//
//	severity >= Medium and tactic == "InitialAccess" and not path ~ "Solutions/Legacy/**"
//	table in ["SigninLogs", "AuditLogs"] or technique ~ "T1566*"
//
// Grammar (keywords and, or, not, in are case-insensitive):
//
//	expr       = and { "or" and }
//	and        = unary { "and" unary }
//	unary      = "not" unary | "(" expr ")" | comparison
//	comparison = attribute ( op value | "in" "[" [ value { "," value } ] "]" )
//	op         = "==" | "!=" | "<" | "<=" | ">" | ">=" | "~"
//	value      = "double-quoted string" | bare-word
//
// A bare word is a run of letters, digits and _ . - * ? / (Medium, T1566*,
// Solutions/Legacy/**); a quoted string takes Go escapes. The keywords must
// be quoted to be used as values.
//
// Attributes: id, name, path, format, kind, severity, status (one value
// each) and tactic, technique, table, connector, field (any number). A
// comparison on a multi-valued attribute holds if any value satisfies it;
// "a != v" is exactly "not a == v", so it holds when no value equals v, also
// when the rule has none. A rule with no value for an attribute satisfies
// no comparison but !=.
//
// Every comparison ignores case: names in catalogs are spelt inconsistently
// (InitialAccess, initialAccess; medium, Medium), and a selector is for
// choosing rules, not for validating them. Tactic names also ignore spaces,
// "-" and "_", so "Initial Access", InitialAccess and initial-access are
// the same tactic. The ordering operators apply to
// severity only, ordered Informational < Low < Medium < High; any other
// attribute is an error when the expression is parsed, as is a severity
// value outside those four.
//
// ~ matches a glob: * matches any run of characters but "/", ** any run
// including "/", ? one character but "/"; "**/" also matches no directory
// at all; [abc], [a-z] and [^0-9] are classes and \ makes the next
// character stand for itself, as in path.Match. A malformed glob (an
// unclosed "[") is an error when the expression is parsed. A glob must match the whole value, except that a path glob also
// matches any trailing part of the path that starts after a "/", so
// "Solutions/Legacy/**" selects rules under that folder whatever directory
// the catalog was loaded from.
//
// Parse reports the first problem as an *Error carrying the 1-based column
// in the expression.
package selector
