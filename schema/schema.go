// Package schema holds the JSON Schemas rulecat validates YAML rule files
// against, one per kind of file:
//
//   - analytic.json: Sentinel analytic rules (kind Scheduled or NRT), as
//     strict as the checks Sentinel's own repository runs on pull requests;
//   - hunting.json: hunting queries (no kind), which are looser;
//   - exploration.json: entity exploration queries (InputEntityType);
//   - parser.json: ASIM parser files (ParserName, ParserQuery).
//
// Enumerations are written as case-insensitive patterns "^(?i:A|B|C)$"
// because Sentinel reads them case-insensitively; catalog turns a failed
// pattern of that shape back into "is not one of A, B, C". The checks JSON
// Schema cannot express (queryPeriod against queryFrequency, unique
// identifiers in an entity mapping, placeholders per format) are in
// catalog, next to the validation.
package schema

import "embed"

// FS holds the schema files.
//
//go:embed *.json
var FS embed.FS
