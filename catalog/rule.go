package catalog

import "gopkg.in/yaml.v3"

// Format is the kind of file a rule was read from.
type Format string

// The rule file formats rulecat reads.
const (
	FormatYAML     Format = "yaml"     // Sentinel analytic rule or hunting query
	FormatMarkdown Format = "markdown" // one markdown page, one rule, one query variant per fence
	FormatKQL      Format = "kql"      // a bare .kql, .csl or .kusto file
)

// Span is a region of a rule file: 1-based line and byte column of its first
// byte, and of the first byte after it (EndLine 0 when unknown).
type Span struct {
	Line, Col       int
	EndLine, EndCol int
}

// Value is a scalar field of a rule with the span of its value in the file
// (for a YAML key with no value, the span of the key).
type Value struct {
	Text string
	Span Span
}

// IsZero reports whether the field was absent.
func (v Value) IsZero() bool { return v.Text == "" && v.Span.Line == 0 }

// Connector is one entry of requiredDataConnectors.
type Connector struct {
	ID        Value
	DataTypes []Value
	Span      Span
}

// EntityMapping is one entry of entityMappings.
type EntityMapping struct {
	EntityType    Value
	FieldMappings []FieldMapping
	Span          Span
}

// FieldMapping maps one entity identifier to a query output column.
type FieldMapping struct {
	Identifier Value
	ColumnName Value
}

// KeyValue is one entry of a YAML mapping such as customDetails.
type KeyValue struct {
	Key, Value Value
}

// Query is one query variant of a rule: the single query of a YAML rule or a
// .kql file, or one fenced block of a markdown page.
type Query struct {
	Label string // heading the fence sits under ("Defender XDR", "Sentinel"); "" for YAML and .kql
	Text  string // the KQL exactly as the rule holds it (YAML decoded)
	Span  Span   // where the query text starts and ends in the file
	// Map holds one entry per run of query text that is contiguous in the
	// file, sorted by Off; Position uses it to map offsets in Text back to
	// the file.
	Map []Segment
}

// Segment says that the query text starting at byte Off starts in the file
// at Line:Col and continues contiguously from there until the next segment.
type Segment struct {
	Off       int
	Line, Col int
}

// Position maps byte offset off of q.Text to a 1-based line and byte column
// of the rule file.
func (q *Query) Position(off int) (line, col int) {
	if len(q.Map) == 0 {
		return q.Span.Line, q.Span.Col
	}
	lo, hi := 0, len(q.Map)
	for hi-lo > 1 { // last segment with Off <= off
		m := (lo + hi) / 2
		if q.Map[m].Off <= off {
			lo = m
		} else {
			hi = m
		}
	}
	s := q.Map[lo]
	return s.Line, s.Col + off - s.Off
}

// Suppression is a "# rulecat:ignore CHECK-ID reason" comment; it silences
// findings of Check on Line (the line after the comment).
type Suppression struct {
	Check  string
	Reason string
	Line   int  // line whose findings it silences
	Span   Span // the comment itself, where an unused suppression is reported
}

// Rule is one detection rule in the one model all file formats load into.
type Rule struct {
	File   string // slash-separated path as reached from the command line
	Format Format

	ID, Name, Description, Severity, Kind, Version, Status Value
	QueryFrequency, QueryPeriod                            Value
	TriggerOperator, TriggerThreshold                      Value

	Tactics    []Value
	Techniques []Value // relevantTechniques (YAML) or technique ids found in markdown

	Connectors           []Connector // requiredDataConnectors
	EntityMappings       []EntityMapping
	CustomDetails        []KeyValue
	AlertDetailsOverride []KeyValue // alertDisplayNameFormat, alertDescriptionFormat, ...

	FalsePositives string   // markdown text of the false-positive section, if any
	Risk           string   // markdown text of the risk section, if any
	References     []string // links listed by the rule

	Queries []Query

	// Root is the YAML document's top-level node (nil for other formats or
	// when the YAML did not parse); schema checks walk it.
	Root *yaml.Node
	// Lines is the line table of the file.
	Lines Lines
	// Diagnostics are the problems found while reading the file (unreadable,
	// not UTF-8, invalid YAML, schema violations), each with its check id.
	Diagnostics  []Diagnostic
	Suppressions []Suppression
}

// Type is the rule's kind for reports: "Scheduled", "NRT", "hunting"
// (YAML without kind), "markdown" or "query" (bare .kql).
func (r *Rule) Type() string {
	switch r.Format {
	case FormatMarkdown:
		return "markdown"
	case FormatKQL:
		return "query"
	}
	if r.Kind.Text == "" {
		return "hunting"
	}
	return r.Kind.Text
}

// Catalog is every rule found under the paths given, in path order.
type Catalog struct {
	Files int // rule files read
	Rules []*Rule
}
