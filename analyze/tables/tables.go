package tables

import (
	"slices"
	"strings"

	"github.com/rulecat/rulecat/catalog"
)

//go:generate go run ./gen -in ../../../shared/schemas/tables.json -o tables.txt.gz

// Where a table is documented, as tables.json's "sources" name it.
const (
	SourceAzureMonitor = "azure-monitor"         // a Log Analytics / Sentinel table
	SourceDefenderXDR  = "defender-xdr"          // a Defender XDR advanced hunting table
	SourceSentinelCI   = "sentinel-customtables" // a custom table or parser output from Sentinel's CI
	SourceCustom       = "custom"                // a table from a file given to LoadFile in Sentinel's CustomTables format
)

// Column is one column of a table.
type Column struct {
	Name string
	Type string // Kusto scalar type: string, int, long, real, bool, datetime, timespan, guid, dynamic, decimal
}

// Table is one table's schema.
type Table struct {
	Name    string
	Columns []Column // in source order: what "project *" and getschema give
	Sources []string // where it is documented: SourceAzureMonitor, ...
	index   map[string]int
	std     []Column // the schema's standard columns, when they apply to this table
}

// HasSource reports whether the table is documented in src.
func (t *Table) HasSource(src string) bool { return slices.Contains(t.Sources, src) }

// Column looks up a column by name, case-sensitively as KQL does. Besides
// the listed columns it accepts the Log Analytics standard columns (TenantId,
// _ResourceId, ...) on Log Analytics tables, and on AzureDiagnostics the
// resource-specific columns named with a type suffix (Caller_s, Count_d,
// ActivityId_g, Flag_b, Time_t).
func (t *Table) Column(name string) (Column, bool) {
	if i, ok := t.index[name]; ok {
		return t.Columns[i], true
	}
	for _, c := range t.std {
		if c.Name == name {
			return c, true
		}
	}
	if t.Name == "AzureDiagnostics" {
		if typ, ok := suffixType(name); ok {
			return Column{Name: name, Type: typ}, true
		}
	}
	return Column{}, false
}

// suffixType gives the type of a Log Analytics custom field from its name's
// suffix.
func suffixType(name string) (string, bool) {
	i := strings.LastIndexByte(name, '_')
	if i <= 0 || i != len(name)-2 {
		return "", false
	}
	switch name[i+1] {
	case 's':
		return "string", true
	case 'd':
		return "real", true
	case 'g':
		return "guid", true
	case 'b':
		return "bool", true
	case 't':
		return "datetime", true
	}
	return "", false
}

// Schema maps table names to their columns. It is immutable once loaded and
// safe for concurrent use.
type Schema struct {
	tables   map[string]*Table
	names    []string // sorted
	suggest  *catalog.Suggester
	standard []Column
}

// Table looks up a table by name, case-sensitively as KQL does.
func (s *Schema) Table(name string) (*Table, bool) {
	t, ok := s.tables[name]
	return t, ok
}

// Names returns every table name, sorted.
func (s *Schema) Names() []string { return slices.Clone(s.names) }

// Len returns the number of tables.
func (s *Schema) Len() int { return len(s.names) }

// Standard returns the Log Analytics standard columns, which every Log
// Analytics table has even where its listing omits them.
func (s *Schema) Standard() []Column { return slices.Clone(s.standard) }

// Columns returns the listed columns of a table in order (nil for an unknown
// table). Standard columns the listing omits are not included, as "project *"
// leaves hidden ones out.
func (s *Schema) Columns(table string) []Column {
	if t, ok := s.tables[table]; ok {
		return slices.Clone(t.Columns)
	}
	return nil
}

// HasColumn reports whether table has column col; see Table.Column for the
// columns accepted besides the listed ones.
func (s *Schema) HasColumn(table, col string) bool {
	_, ok := s.ColumnType(table, col)
	return ok
}

// ColumnType returns the type of a column of a table.
func (s *Schema) ColumnType(table, col string) (string, bool) {
	t, ok := s.tables[table]
	if !ok {
		return "", false
	}
	c, ok := t.Column(col)
	return c.Type, ok
}

// Suggest returns the table name closest to name, for a "did you mean" hint:
// a spelling that differs only in case first, else the nearest name within a
// few edits. ok is false when no table is close or name itself exists.
func (s *Schema) Suggest(name string) (string, bool) { return s.suggest.Closest(name) }
