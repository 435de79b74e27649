// Package analyze turns loaded rules into what rulecat reports and shows:
// lint checks, query analysis, the corpus index and catalog statistics. It
// stands on analyze/kql (the KQL parser), analyze/attack and analyze/tables
// (reference data) and catalog (the rule model), and knows nothing of output
// formats.
//
// # Checks
//
// Each lint check is one *Check value in its own file check_<id>.go, listed in
// checks.go; Checks returns them sorted by id. Run executes checks over every
// rule of an Env on a bounded worker pool; Lint adds load-time problems,
// applies the .rulecat.yaml Config and suppressions, and reports unused
// suppressions. NewEnv builds everything checks read (catalog index, query
// analysis) once, before they run.
//
// # Query analysis: what a rule's query reads, filters on and emits
//
// AnalyzeRule parses every query variant of a rule and walks its AST once,
// with the query's let statements bound, to record:
//
//   - Parameters: every top-level let, with the source text of its value.
//   - Stages: the body, one stage per pipe step (see Stage for the merging
//     rule), with nested pipelines as substages.
//   - Indicators: the (field, kind, values) the query filters on, from the
//     predicates of where, filter, search and parse-where anywhere in the
//     query (see Indicator).
//   - Lookbacks: the filters on time relative to the run (ago(), now()),
//     which are not indicators.
//   - Outputs: the columns the query emits, by column lineage (see Output).
//   - Tables: every table the query reads.
//
// AnalyzeCatalog does this for every rule on a worker pool and builds the
// corpus Index, which gives each indicator value its corpus count.
//
// # Statistics and duplicates
//
// ComputeStats answers the catalog-level questions of `rulecat stats`;
// NormalizeQuery and the similarity index find exact and near-duplicate
// rules without comparing every pair.
package analyze
