package tables

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// sharedTables is the reference the embedded table is generated from.
const sharedTables = "../../../shared/schemas/tables.json"

func load(t testing.TB) *Schema {
	t.Helper()
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLoadCounts(t *testing.T) {
	t.Parallel()
	s := load(t)
	cols := 0
	for _, name := range s.Names() {
		cols += len(s.Columns(name))
	}
	// The figures shared/schemas/README.md gives.
	if s.Len() != 745 || cols != 20687 {
		t.Errorf("Load() = %d tables, %d columns, want 745, 20687", s.Len(), cols)
	}
	if !slices.IsSorted(s.Names()) {
		t.Error("Names() not sorted")
	}
	if n := len(s.Standard()); n != 10 {
		t.Errorf("len(Standard()) = %d, want 10", n)
	}
}

func TestTable(t *testing.T) {
	t.Parallel()
	s := load(t)
	tests := []struct {
		name    string
		ok      bool
		first   string
		sources []string
	}{
		{"SecurityEvent", true, "AccessMask", []string{SourceAzureMonitor}},
		{"DeviceProcessEvents", true, "Timestamp", []string{SourceAzureMonitor, SourceDefenderXDR}},
		{"EntraIdSignInEvents", true, "Timestamp", []string{SourceDefenderXDR}},
		{"ProofpointPOD", true, "TimeGenerated", []string{SourceSentinelCI}},
		{"securityevent", false, "", nil}, // KQL table names are case-sensitive
		{"NoSuchTable", false, "", nil},
	}
	for _, tt := range tests {
		tab, ok := s.Table(tt.name)
		if ok != tt.ok {
			t.Errorf("Table(%q) found = %v, want %v", tt.name, ok, tt.ok)
			continue
		}
		if !ok {
			if s.Columns(tt.name) != nil {
				t.Errorf("Columns(%q) = non-nil for an unknown table", tt.name)
			}
			continue
		}
		if tab.Columns[0].Name != tt.first || !slices.Equal(tab.Sources, tt.sources) {
			t.Errorf("Table(%q) = first column %q, sources %v, want %q, %v", tt.name, tab.Columns[0].Name, tab.Sources, tt.first, tt.sources)
		}
	}
}

func TestColumns(t *testing.T) {
	t.Parallel()
	s := load(t)
	tests := []struct {
		table, col string
		typ        string // "" when the column must not exist
	}{
		{"SecurityEvent", "EventID", "int"},
		{"SecurityEvent", "Account", "string"},
		{"SecurityEvent", "TimeGenerated", "datetime"},
		{"SecurityEvent", "eventid", ""},       // columns are case-sensitive
		{"SecurityEvent", "_ItemId", "string"}, // standard column the listing omits
		{"SigninLogs", "TenantId", "string"},   // idem
		{"SigninLogs", "_BilledSize", "real"},  // idem
		{"DeviceProcessEvents", "ProcessCommandLine", "string"},
		{"EntraIdSignInEvents", "TenantId", ""},    // Defender-only: no Log Analytics columns
		{"EntraIdSignInEvents", "_ResourceId", ""}, // idem
		{"ProofpointPOD", "_ItemId", ""},           // a parser's output, not a Log Analytics table
		{"AzureDiagnostics", "Category", "string"},
		{"AzureDiagnostics", "requestUri_s", "string"},
		{"AzureDiagnostics", "NewlyInvented_s", "string"}, // resource-specific columns vary
		{"AzureDiagnostics", "duration_d", "real"},
		{"AzureDiagnostics", "correlation_g", "guid"},
		{"AzureDiagnostics", "isTrue_b", "bool"},
		{"AzureDiagnostics", "when_t", "datetime"},
		{"AzureDiagnostics", "NotAColumn", ""},
		{"AzureDiagnostics", "_s", ""},
		{"AzureDiagnostics", "thing_x", ""},
		{"SecurityEvent", "Caller_s", ""}, // the suffix rule is AzureDiagnostics's alone
		{"SigninLogs", "Location_s", ""},
		{"Cisco_Umbrella_dns_CL", "Domain_s", ""}, // its listing has Domain only
		{"NoSuchTable", "TimeGenerated", ""},
	}
	for _, tt := range tests {
		typ, ok := s.ColumnType(tt.table, tt.col)
		if typ != tt.typ || ok != (tt.typ != "") {
			t.Errorf("ColumnType(%q, %q) = %q, %v, want %q", tt.table, tt.col, typ, ok, tt.typ)
		}
		if got := s.HasColumn(tt.table, tt.col); got != (tt.typ != "") {
			t.Errorf("HasColumn(%q, %q) = %v", tt.table, tt.col, got)
		}
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	s := load(t)
	tests := []struct {
		name, want string
		ok         bool
	}{
		{"securityevent", "SecurityEvent", true},
		{"SECURITYEVENT", "SecurityEvent", true},
		{"SecurityEvents", "SecurityEvent", true},
		{"SiginLogs", "SigninLogs", true},
		{"DeviceProcessEvent", "DeviceProcessEvents", true},
		{"SecurityEvent", "", false}, // exists: nothing to suggest
		{"Xyzzy", "", false},
		{"Okta_CL", "", false},
	}
	for _, tt := range tests {
		got, ok := s.Suggest(tt.name)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Suggest(%q) = %q, %v, want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormalizeType(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"String", "string"}, {"DateTime", "datetime"}, {"Double", "real"}, {"Int32", "int"},
		{"Int64", "long"}, {"Object", "dynamic"}, {"SByte", "bool"}, {"Boolean", "bool"},
		{"Guid", "guid"}, {"TimeSpan", "timespan"}, {" decimal ", "decimal"}, {"Blob", ""},
	}
	for _, tt := range tests {
		got, ok := NormalizeType(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("NormalizeType(%q) = %q, %v, want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestLoadFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path       string
		table, col string
		typ        string // "" when the column must not exist
	}{
		{"testdata/Okta_CL.json", "Okta_CL", "actor_alternateId_s", "string"},
		{"testdata/Okta_CL.json", "Okta_CL", "debugContext_debugData_risk_s", "dynamic"},
		{"testdata/Okta_CL.json", "Okta_CL", "severity_d", "real"},
		{"testdata/Okta_CL.json", "Okta_CL", "legacy_b", "bool"},
		{"testdata/Okta_CL.json", "Okta_CL", "_ResourceId", "string"}, // _CL tables are Log Analytics tables
		{"testdata/Okta_CL.json", "SecurityEvent", "EventID", "int"},  // embedded tables stay
		{"testdata/my-tables.json", "MyParser", "Count", "long"},
		{"testdata/my-tables.json", "MyParser", "TenantId", ""},
		{"testdata/my-tables.json", "Heartbeat", "Computer", "string"},
		{"testdata/my-tables.json", "Heartbeat", "OSType", ""}, // replaced by the file's table
		{"testdata/customdir", "BoxEvents_CL", "event_type_s", "string"},
		{"testdata/customdir", "BoxEvents_CL", "old_column_s", ""}, // b.json comes after a.json
		{"testdata/customdir", "SlackAudit_CL", "action_s", "string"},
	}
	for _, tt := range tests {
		s, err := LoadFile(tt.path)
		if err != nil {
			t.Fatalf("LoadFile(%q): %v", tt.path, err)
		}
		typ, ok := s.ColumnType(tt.table, tt.col)
		if typ != tt.typ || ok != (tt.typ != "") {
			t.Errorf("LoadFile(%q).ColumnType(%q, %q) = %q, %v, want %q", tt.path, tt.table, tt.col, typ, ok, tt.typ)
		}
	}
	s, err := LoadFile("testdata/Okta_CL.json")
	if err != nil {
		t.Fatal(err)
	}
	okta, _ := s.Table("Okta_CL")
	if len(okta.Columns) != 7 || okta.Columns[0].Name != "TimeGenerated" || !okta.HasSource(SourceCustom) {
		t.Errorf("Okta_CL = %+v", okta)
	}
	if s.Len() != 746 {
		t.Errorf("Len() = %d, want 746", s.Len())
	}
}

func TestLoadFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"notjson.json":  "{",
		"neither.json":  `{"foo": 1}`,
		"badtype.json":  `{"Name": "X_CL", "Properties": [{"Name": "a", "Type": "Blob"}]}`,
		"noname.json":   `[{"Properties": []}]`,
		"badtable.json": `{"tables": {"T": {"columns": [["a", "nope"]]}}}`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name := range files {
		if _, err := LoadFile(filepath.Join(dir, name)); err == nil {
			t.Errorf("LoadFile(%s) succeeded, want an error", name)
		}
	}
	if _, err := LoadFile(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("LoadFile(missing.json) succeeded, want an error")
	}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEmbeddedUpToDate regenerates the table from shared/schemas/tables.json
// and compares it with the committed tables.txt.gz (uncompressed, since
// compressors may differ between Go releases).
func TestEmbeddedUpToDate(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(sharedTables)
	if os.IsNotExist(err) {
		t.Skip("shared table schemas not available")
	}
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), gunzip(t, embedded)) {
		t.Error("tables.txt.gz is out of date; run go generate ./analyze/tables")
	}
}

func TestParseTextErrors(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"",
		"AACAudit\tazure-monitor\tA string\n",
		textHeader + "\nAACAudit\n",
		textHeader + "\nAACAudit\tazure-monitor\tNoType\n",
	} {
		if _, err := parseText([]byte(src)); err == nil {
			t.Errorf("parseText(%q) succeeded, want an error", src)
		}
	}
	s, err := parseText([]byte(textHeader + "\n*standard\t-\tTenantId string\nA_CL\t-\tx long\nB\tdefender-xdr,custom\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !s.HasColumn("A_CL", "x") || !s.HasColumn("A_CL", "TenantId") || s.HasColumn("B", "TenantId") {
		t.Error("parseText: columns not read back")
	}
	if b, _ := s.Table("B"); len(b.Sources) != 2 || len(b.Columns) != 0 {
		t.Errorf("parseText: B = %+v", b)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	t.Parallel()
	s := load(t)
	var buf bytes.Buffer
	if err := s.EncodeGzip(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gunzip(t, buf.Bytes()), gunzip(t, embedded)) {
		t.Error("Encode(Load()) differs from the embedded table")
	}
}

func BenchmarkLoad(b *testing.B) {
	b.SetBytes(int64(len(embedded)))
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSuggest(b *testing.B) {
	s := load(b)
	for b.Loop() {
		s.Suggest("SecurityEvents")
	}
}
