package tables

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rulecat/rulecat/catalog"
)

// embedded is the generated schema table (see gen/): the text form Encode
// writes, one table a line, gzip-compressed.
//
//go:embed tables.txt.gz
var embedded []byte

// jsonFile is the format of tables.json (see shared/schemas/README.md); the
// provenance fields are not read.
type jsonFile struct {
	Standard *struct {
		Columns [][2]string `json:"columns"`
	} `json:"standard_columns,omitempty"`
	Tables map[string]jsonTable `json:"tables"`
}

type jsonTable struct {
	Columns [][2]string `json:"columns"`
	Sources []string    `json:"sources"`
}

// customTable is the format of one file of Sentinel CI's CustomTables folder.
type customTable struct {
	Name       string `json:"Name"`
	Properties []struct {
		Name string `json:"Name"`
		Type string `json:"Type"`
	} `json:"Properties"`
}

// Load returns the table schemas embedded in rulecat. Each call decodes a
// fresh copy.
func Load() (*Schema, error) {
	s, err := decodeEmbedded(embedded)
	if err != nil {
		return nil, fmt.Errorf("load embedded table schemas: %w", err)
	}
	return s, nil
}

func decodeEmbedded(gz []byte) (*Schema, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	return parseText(b)
}

// LoadFile returns the embedded schemas extended with the tables of a user's
// file, which replace embedded tables of the same name. The file may be in
// tables.json's format, a Sentinel CI CustomTables file
// ({"Name": ..., "Properties": [{"Name": ..., "Type": ...}]}) or a JSON
// array of those; path may also be a folder, whose *.json files are read in
// name order.
func LoadFile(path string) (*Schema, error) {
	base, err := Load()
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("load table schemas: %w", err)
	}
	files := []string{path}
	if fi.IsDir() {
		files, err = filepath.Glob(filepath.Join(path, "*.json"))
		if err != nil {
			return nil, fmt.Errorf("load table schemas: %w", err)
		}
		slices.Sort(files)
	}
	tables := base.tables
	standard := base.standard
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("load table schemas: %w", err)
		}
		s, err := parseAny(b)
		if err != nil {
			return nil, fmt.Errorf("load table schemas from %s: %w", f, err)
		}
		for name, t := range s.tables {
			tables[name] = t
		}
		if s.standard != nil {
			standard = s.standard
		}
	}
	return newSchema(tables, standard), nil
}

// parseAny reads any format LoadFile accepts from one file.
func parseAny(b []byte) (*Schema, error) {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var cts []customTable
		if err := json.Unmarshal(b, &cts); err != nil {
			return nil, err
		}
		return fromCustom(cts)
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, err
	}
	if _, ok := probe["tables"]; ok {
		return Parse(b)
	}
	if _, ok := probe["Properties"]; ok {
		var ct customTable
		if err := json.Unmarshal(b, &ct); err != nil {
			return nil, err
		}
		return fromCustom([]customTable{ct})
	}
	return nil, errors.New(`neither a tables.json ("tables") nor a CustomTables file ("Name", "Properties")`)
}

func fromCustom(cts []customTable) (*Schema, error) {
	tables := make(map[string]*Table, len(cts))
	for _, ct := range cts {
		if ct.Name == "" {
			return nil, errors.New("custom table without a Name")
		}
		t := &Table{Name: ct.Name, Sources: []string{SourceCustom}}
		for _, p := range ct.Properties {
			c, err := column(ct.Name, p.Name, p.Type)
			if err != nil {
				return nil, err
			}
			t.Columns = append(t.Columns, c)
		}
		tables[ct.Name] = t
	}
	return newSchema(tables, nil), nil
}

// Parse reads schemas in tables.json's format. Column types are normalised
// with NormalizeType.
func Parse(b []byte) (*Schema, error) {
	var f jsonFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("decode table schemas: %w", err)
	}
	cols := func(table string, in [][2]string) ([]Column, error) {
		out := make([]Column, 0, len(in))
		for _, c := range in {
			col, err := column(table, c[0], c[1])
			if err != nil {
				return nil, err
			}
			out = append(out, col)
		}
		return out, nil
	}
	tables := make(map[string]*Table, len(f.Tables))
	for name, jt := range f.Tables {
		cs, err := cols(name, jt.Columns)
		if err != nil {
			return nil, err
		}
		tables[name] = &Table{Name: name, Columns: cs, Sources: jt.Sources}
	}
	var standard []Column
	if f.Standard != nil {
		var err error
		if standard, err = cols("standard_columns", f.Standard.Columns); err != nil {
			return nil, err
		}
	}
	return newSchema(tables, standard), nil
}

// column is column name of table with its type normalised by NormalizeType.
func column(table, name, typ string) (Column, error) {
	t, ok := NormalizeType(typ)
	if !ok {
		return Column{}, fmt.Errorf("column %q of table %q has unknown type %q", name, table, typ)
	}
	return Column{Name: name, Type: t}, nil
}

// newSchema indexes tables; standard columns apply to Log Analytics tables
// (azure-monitor ones and custom "_CL" ones).
func newSchema(tables map[string]*Table, standard []Column) *Schema {
	s := &Schema{tables: tables, standard: standard}
	for name, t := range tables {
		s.names = append(s.names, name)
		t.index = make(map[string]int, len(t.Columns))
		for i, c := range t.Columns {
			if _, dup := t.index[c.Name]; !dup {
				t.index[c.Name] = i
			}
		}
		t.std = nil
		if t.HasSource(SourceAzureMonitor) || strings.HasSuffix(name, "_CL") {
			t.std = standard
		}
	}
	slices.Sort(s.names)
	s.suggest = catalog.NewSuggester(s.names)
	return s
}

// NormalizeType maps a column type as documentation and Sentinel's CI spell
// it ("String", "DateTime", "Double", "Int32", "Object", "SByte", "Boolean")
// to the Kusto scalar type name. ok is false for a type it does not know.
func NormalizeType(t string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "string", "enum":
		return "string", true
	case "int", "int32", "integer":
		return "int", true
	case "long", "int64":
		return "long", true
	case "real", "double", "float":
		return "real", true
	case "bool", "boolean", "sbyte", "nullable bool":
		return "bool", true
	case "datetime", "date":
		return "datetime", true
	case "timespan", "time":
		return "timespan", true
	case "guid", "uuid":
		return "guid", true
	case "dynamic", "object", "array":
		return "dynamic", true
	case "decimal":
		return "decimal", true
	}
	return "", false
}

// Encode writes s in the compact text form the embedded table uses: a
// header line and the attribution Notice, as "#" comments, then one line per table in name order (the standard columns
// first, under the name "*standard"), each "name TAB sources TAB column
// SPACE type TAB ...", sources joined by "," or "-" for none. The output
// depends only on the schemas.
func (s *Schema) Encode(w io.Writer) error {
	var buf bytes.Buffer
	buf.WriteString(textHeader + "\n# " + Notice + "\n")
	line := func(name string, sources []string, cols []Column) error {
		if strings.ContainsAny(name, " \t\n,") {
			return fmt.Errorf("table name %q holds a space, tab, newline or comma", name)
		}
		buf.WriteString(name)
		buf.WriteByte('\t')
		if len(sources) == 0 {
			buf.WriteByte('-')
		}
		buf.WriteString(strings.Join(sources, ","))
		for _, c := range cols {
			if strings.ContainsAny(c.Name, " \t\n") {
				return fmt.Errorf("column %q of table %q holds a space, tab or newline", c.Name, name)
			}
			buf.WriteByte('\t')
			buf.WriteString(c.Name)
			buf.WriteByte(' ')
			buf.WriteString(c.Type)
		}
		buf.WriteByte('\n')
		return nil
	}
	if err := line(standardName, nil, s.standard); err != nil {
		return err
	}
	for _, name := range s.names {
		t := s.tables[name]
		if err := line(name, t.Sources, t.Columns); err != nil {
			return err
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// textHeader starts the compact text form; standardName is the line that
// holds the standard columns.
const (
	textHeader   = "# rulecat table schemas: name\tsources\tcolumn type\t..."
	standardName = "*standard"
)

// parseText reads the compact text form Encode writes.
func parseText(b []byte) (*Schema, error) {
	text := string(b)
	if !strings.HasPrefix(text, textHeader+"\n") {
		return nil, errors.New("not a rulecat table schema file")
	}
	text = text[len(textHeader)+1:]
	tables := make(map[string]*Table, 1024)
	var standard []Column
	for n := 2; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		if strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) < 2 {
			return nil, fmt.Errorf("line %d: want name and sources", n)
		}
		cols := make([]Column, 0, len(fields)-2)
		for _, f := range fields[2:] {
			name, typ, ok := strings.Cut(f, " ")
			if !ok {
				return nil, fmt.Errorf("line %d: column %q without a type", n, f)
			}
			cols = append(cols, Column{Name: name, Type: typ})
		}
		if fields[0] == standardName {
			standard = cols
			continue
		}
		var sources []string
		if fields[1] != "-" {
			sources = strings.Split(fields[1], ",")
		}
		tables[fields[0]] = &Table{Name: fields[0], Columns: cols, Sources: sources}
	}
	return newSchema(tables, standard), nil
}

// EncodeGzip writes Encode's output gzip-compressed, as the embedded table
// is stored. The gzip header carries no name or time.
func (s *Schema) EncodeGzip(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if err := s.Encode(zw); err != nil {
		return err
	}
	return zw.Close()
}
