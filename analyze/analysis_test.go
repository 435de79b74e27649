package analyze

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rulecat/rulecat/analyze/tables"
	"github.com/rulecat/rulecat/catalog"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/analysis")

// testSchema is the embedded table schema, loaded once for all tests.
var testSchema = sync.OnceValues(tables.Load)

func schemaForTest(t testing.TB) *tables.Schema {
	t.Helper()
	s, err := testSchema()
	if err != nil {
		t.Fatalf("tables.Load: %v", err)
	}
	return s
}

// analyzeFile analyzes the rules of one fixture file as a catalog of its
// own, so corpus counts stay within the file.
func analyzeFile(t *testing.T, name string) *CatalogAnalysis {
	t.Helper()
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	cat := &catalog.Catalog{Files: 1, Rules: catalog.LoadBytes(filepath.ToSlash(name), src)}
	return AnalyzeCatalog(cat, schemaForTest(t))
}

// TestAnalysisGolden compares the analysis of every rule file of
// testdata/analysis with its .golden.json; -update rewrites them.
func TestAnalysisGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/analysis/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".golden.json") {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			ca := analyzeFile(t, f)
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			if err := enc.Encode(map[string]any{"rules": ca.Rules}); err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(f, filepath.Ext(f)) + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./analyze -run TestAnalysisGolden -update)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("analysis of %s differs from %s; run with -update and review the diff\ngot:\n%s", f, golden, buf.String())
			}
		})
	}
	if n == 0 {
		t.Fatal("no fixtures in testdata/analysis")
	}
}

// indicatorRow is an indicator reduced to what a seed page's table shows.
// seed001Indicators and seed001Outputs are the Indicators and Output fields
// tables of reference page 001, which its rule must reproduce exactly.
var (
	seed001Indicators = []indicatorRow{
		{"Active", "eq", "true"},
		{"EmailSourceIpAddress", "is_not_null", ""},
		{"NetworkDestinationIP", "is_not_null", ""},
		{"NetworkIP", "is_not_null", ""},
		{"NetworkSourceIP", "is_not_null", ""},
		{"ProofpointPOD_TimeGenerated", "lt", ""},
		{"SrcIpAddr", "is_not_null", ""},
	}
	seed001Outputs = []string{
		"ClientIP project", "ConfidenceScore project", "DstUserUpn project", "ExpirationDateTime project",
		"IndicatorId project", "ProofpointPOD_TimeGenerated project", "SrcIpAddr project", "SrcUserUpn project",
		"TI_ipEntity project", "ThreatType project", "timestamp extend",
	}
)

type indicatorRow struct {
	Field, Kind string
	Values      string // values joined with "|"
}

func indicatorRows(q *QueryAnalysis) []indicatorRow {
	var out []indicatorRow
	for _, ind := range q.Indicators {
		var vs []string
		for _, v := range ind.Values {
			vs = append(vs, v.Value)
		}
		out = append(out, indicatorRow{ind.Field, ind.Kind, strings.Join(vs, "|")})
	}
	return out
}

func outputRows(q *QueryAnalysis) []string {
	var out []string
	for _, o := range q.Outputs {
		out = append(out, o.Field+" "+o.Source)
	}
	return out
}

func stageRows(ss []*Stage) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Label())
	}
	return out
}

// TestSeedTables checks the fixtures modelled on the five reference pages
// against the tables those pages show: indicators, output fields and
// stages.
func TestSeedTables(t *testing.T) {
	tests := []struct {
		file       string
		query      int
		indicators []indicatorRow
		outputs    []string
		stages     []string
		lookbacks  []Lookback
		tables     []string
	}{
		{
			file:  "seed000-spoof-by-sender.yaml",
			query: 0,
			indicators: []indicatorRow{
				{"DetectionMethods", "contains", "spoof|impersonation"},
			},
			outputs:   []string{"SenderIPv4 summarize", "count_ summarize"},
			stages:    []string{"source", "where", "project", "summarize"},
			lookbacks: []Lookback{{"EmailEvents", "Timestamp", "30d"}},
			tables:    []string{"EmailEvents"},
		},
		{
			file:       "seed001-ti-ip-mail.yaml",
			query:      0,
			indicators: seed001Indicators,
			outputs:    seed001Outputs,
			stages: []string{"source", "where", "where", "extend (3 consecutive steps)", "summarize", "where", "join",
				"where", "summarize", "project", "extend"},
			lookbacks: []Lookback{
				{"ProofpointPOD", "TimeGenerated", "1h"},
				{"ThreatIntelligenceIndicator", "ExpirationDateTime", "0s"},
				{"ThreatIntelligenceIndicator", "TimeGenerated", "7d"},
			},
			tables: []string{"ProofpointPOD", "ThreatIntelligenceIndicator"},
		},
		{
			file:  "seed002-alerts-for-address.yaml",
			query: 0,
			indicators: []indicatorRow{
				{"IpAddress", "eq", "203.0.113.7"},
				{"TimeGenerated", "between", ""},
			},
			outputs: []string{
				"Account project", "AccountCustomEntity extend", "AlertName project", "Computer project",
				"EndTimeUtc project", "Entities project", "ExtendedProperties project", "HostCustomEntity extend",
				"IPCustomEntity extend", "IpAddress project", "StartTimeUtc project", "timestamp extend",
			},
			stages: []string{"source", "where", "extend", "mv-expand", "extend (2 consecutive steps)", "where",
				"extend (4 consecutive steps)", "project", "extend"},
			tables: []string{"SecurityAlert"},
		},
		{
			file:  "seed003-internet-facing-ti.md",
			query: 1,
			indicators: []indicatorRow{
				{"ActionType", "eq", "InboundConnectionAccepted"},
				{"DestIP", "matches", `[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}`},
				{"IsInternetFacing", "eq", "true"},
				{"LocalPort", "eq", ""},
				{"RemoteIP", "in", ""},
			},
			stages: []string{"source", "where", "join", "where", "where", "project-rename", "project-reorder"},
			tables: []string{"DeviceInfo", "DeviceNetworkEvents"},
		},
		{
			file:  "seed004-file-origin.yaml",
			query: 0,
			indicators: []indicatorRow{
				{"FileOriginReferrerUrl", "contains", "SITE TO FIND"},
				{"FileOriginUrl", "contains", "SITE TO FIND"},
				{"FileOriginUrl", "eq", "ADDRESS TO FIND"},
			},
			outputs: []string{
				"DeviceName project", "FileName project", "FileOriginIP project", "FileOriginReferrerUrl project",
				"FileOriginUrl project", "SHA1 project", "Timestamp project",
			},
			stages: []string{"source", "where", "project"},
			tables: []string{"DeviceFileEvents"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			ca := analyzeFile(t, filepath.Join("testdata", "analysis", tt.file))
			if len(ca.Rules) != 1 || len(ca.Rules[0].Queries) <= tt.query {
				t.Fatalf("%s: want one rule with a query %d", tt.file, tt.query)
			}
			q := ca.Rules[0].Queries[tt.query]
			if got := indicatorRows(q); !equal(got, tt.indicators) {
				t.Errorf("indicators = %v, want %v", got, tt.indicators)
			}
			if tt.outputs != nil {
				if got := outputRows(q); !equal(got, tt.outputs) {
					t.Errorf("outputs = %q, want %q", got, tt.outputs)
				}
				if !q.OutputsComplete {
					t.Errorf("outputs_complete = false, want true")
				}
			}
			if got := stageRows(q.Stages); !equal(got, tt.stages) {
				t.Errorf("stages = %q, want %q", got, tt.stages)
			}
			if tt.lookbacks != nil && !equal(q.Lookbacks, tt.lookbacks) {
				t.Errorf("lookbacks = %v, want %v", q.Lookbacks, tt.lookbacks)
			}
			if !equal(q.Tables, tt.tables) {
				t.Errorf("tables = %q, want %q", q.Tables, tt.tables)
			}
		})
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
