// Package catalog finds rule files and decodes them into one model, Rule.
//
// Load walks the paths it is given (skipping hidden files and directories and "site",
// never following directory links), reads the files on a bounded worker pool
// and returns their rules sorted by path. Three formats are read:
//
//   - YAML: Sentinel analytic rules (kind Scheduled or NRT), hunting queries,
//     entity exploration queries and ASIM parsers, decoded with yaml.v3 nodes
//     so that every field keeps its position. Each file is validated against
//     the JSON Schema for its kind (package schema) while it is loaded.
//   - Markdown: one hunting-query page per rule, read with goldmark; see
//     decodeMarkdown for which headings, tables and fences count.
//   - Bare queries: .kql, .csl and .kusto files.
//
// Query.Map ties every byte of a query to the file: YAML scalars are decoded
// a second time, the way libyaml does it, recording where each byte came
// from (block scalars with any indicator, plain, single- and double-quoted
// with escapes and folding), so a KQL parser's offsets become file line:col.
//
// A problem in a file is a Diagnostic in its Rule, never an error: a file
// that cannot be read, is empty, is not UTF-8 or is not valid YAML still gives
// a rule named after the file, holding one diagnostic. The ids of these
// load-time checks are listed by LoadCheckIDs. Suppression comments
// ("# rulecat:ignore CHECK-ID reason", and the markdown and KQL forms) are
// parsed into Rule.Suppressions; applying them is the caller's job.
package catalog

// LoadCheckIDs returns the ids of the problems Load reports, sorted: they
// are the Check values of Diagnostics found in Rule.Diagnostics.
func LoadCheckIDs() []string {
	return []string{"file-empty", "file-encoding", "file-unreadable", "query-missing", "schema", "unknown-key", "yaml-syntax"}
}
