package catalog

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeTree creates files (path → content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func ruleFiles(c *Catalog) []string {
	var out []string
	for _, r := range c.Rules {
		out = append(out, r.File)
	}
	return out
}

func TestLoadDiscovery(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"rules/b.yaml":          "name: b\nquery: T\n",
		"rules/a.YML":           "name: a\nquery: T\n",
		"rules/sub/c.md":        "# C\n\n```kql\nT\n```\n",
		"rules/sub/d.kql":       "T | take 1\n",
		"rules/sub/e.csl":       "T\n",
		"rules/sub/f.kusto":     "T\n",
		"rules/sub/g.markdown":  "# G\n",
		"rules/sub/notes.txt":   "T\n",
		"rules/sub/README":      "just some words\n",
		"rules/sub/NoExtension": "id: x\nname: no extension\nquery: T\n",
		"rules/.hidden/h.yaml":  "name: h\n",
		"rules/site/i.yaml":     "name: i\n",
		"rules/old/j.yaml":      "name: j\n",
		"rules/sub/image.png":   "\x89PNG",
		"other/k.txt":           "T | take 2\n",
	})
	// A symbolic link back up the tree must not loop; one to a file is read.
	if err := os.Symlink(filepath.Join(dir, "rules"), filepath.Join(dir, "rules", "sub", "loop")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := os.Symlink(filepath.Join(dir, "other", "k.txt"), filepath.Join(dir, "rules", "linked.kql")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	c, err := Load([]string{"rules", "other/k.txt", "./rules/b.yaml"}, Options{
		Exclude: func(p string) bool { return strings.HasSuffix(p, "/old") },
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"other/k.txt", "rules/a.YML", "rules/b.yaml", "rules/linked.kql", "rules/sub/NoExtension",
		"rules/sub/c.md", "rules/sub/d.kql", "rules/sub/e.csl", "rules/sub/f.kusto", "rules/sub/g.markdown",
	}
	if got := ruleFiles(c); !slices.Equal(got, want) {
		t.Errorf("Load files = %q\nwant %q", got, want)
	}
	if c.Files != len(want) {
		t.Errorf("Files = %d, want %d", c.Files, len(want))
	}
	for _, r := range c.Rules {
		if r.File == "rules/sub/NoExtension" && (r.Format != FormatYAML || r.Name.Text != "no extension") {
			t.Errorf("extensionless YAML loaded as %s named %q", r.Format, r.Name.Text)
		}
		if r.File == "other/k.txt" && (r.Format != FormatKQL || r.Queries[0].Text != "T | take 2\n") {
			t.Errorf("explicit .txt loaded as %s", r.Format)
		}
	}
}

func TestLoadMissingPath(t *testing.T) {
	if _, err := Load([]string{filepath.Join(t.TempDir(), "nope")}, Options{}); err == nil {
		t.Error("Load of a missing path succeeded, want an error")
	}
}

// TestLoadDeterministic loads the same tree twice and compares everything.
func TestLoadDeterministic(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for i := range 40 {
		files[filepath.Join("r", string(rune('a'+i%26)), strings.Repeat("x", i+1)+".yaml")] = "name: n\nquery: |\n  T\n  | take 1\n"
	}
	writeTree(t, dir, files)
	a, err := Load([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Load([]string{dir}, Options{})
	if !slices.Equal(ruleFiles(a), ruleFiles(b)) || len(a.Rules) != 40 {
		t.Fatalf("two loads differ or miss files: %d vs %d rules", len(a.Rules), len(b.Rules))
	}
	if !slices.IsSorted(ruleFiles(a)) {
		t.Error("rules are not sorted by path")
	}
}

func TestRuleFields(t *testing.T) {
	src := `id: 0b7d3b1e-3c5a-4e0e-9d8f-1234567890ab
name: Suspicious sign-in
description: |
  Finds odd sign-ins.
severity: Medium
requiredDataConnectors:
  - connectorId: AzureActiveDirectory
    dataTypes:
      - SigninLogs
queryFrequency: 1h
queryPeriod: 1d
triggerOperator: gt
triggerThreshold: 0
tactics:
  - InitialAccess
relevantTechniques:
  - T1078
query: |
  SigninLogs
  | take 1
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: UserPrincipalName
customDetails:
  Ip: IPAddress
alertDetailsOverride:
  alertDisplayNameFormat: Sign-in by {{UserPrincipalName}}
  alertDynamicProperties:
    - alertProperty: ProductName
      value: Product
version: 1.0.1
kind: Scheduled
status: Available
`
	r := LoadBytes("r.yaml", []byte(src))[0]
	checks := []struct {
		name string
		got  Value
		want string
		line int
		col  int
	}{
		{"id", r.ID, "0b7d3b1e-3c5a-4e0e-9d8f-1234567890ab", 1, 5},
		{"name", r.Name, "Suspicious sign-in", 2, 7},
		{"description", r.Description, "Finds odd sign-ins.\n", 3, 14},
		{"severity", r.Severity, "Medium", 5, 11},
		{"queryFrequency", r.QueryFrequency, "1h", 10, 17},
		{"queryPeriod", r.QueryPeriod, "1d", 11, 14},
		{"triggerOperator", r.TriggerOperator, "gt", 12, 18},
		{"triggerThreshold", r.TriggerThreshold, "0", 13, 19},
		{"tactic", r.Tactics[0], "InitialAccess", 15, 5},
		{"technique", r.Techniques[0], "T1078", 17, 5},
		{"connector", r.Connectors[0].ID, "AzureActiveDirectory", 7, 18},
		{"dataType", r.Connectors[0].DataTypes[0], "SigninLogs", 9, 9},
		{"entityType", r.EntityMappings[0].EntityType, "Account", 22, 17},
		{"identifier", r.EntityMappings[0].FieldMappings[0].Identifier, "FullName", 24, 21},
		{"columnName", r.EntityMappings[0].FieldMappings[0].ColumnName, "UserPrincipalName", 25, 21},
		{"customDetail key", r.CustomDetails[0].Key, "Ip", 27, 3},
		{"customDetail value", r.CustomDetails[0].Value, "IPAddress", 27, 7},
		{"override", r.AlertDetailsOverride[0].Value, "Sign-in by {{UserPrincipalName}}", 29, 27},
		{"dynamic property", r.AlertDetailsOverride[1].Key, "ProductName", 31, 22},
		{"version", r.Version, "1.0.1", 33, 10},
		{"kind", r.Kind, "Scheduled", 34, 7},
		{"status", r.Status, "Available", 35, 9},
	}
	for _, c := range checks {
		if c.got.Text != c.want || c.got.Span.Line != c.line || c.got.Span.Col != c.col {
			t.Errorf("%s = %q at %d:%d, want %q at %d:%d", c.name, c.got.Text, c.got.Span.Line, c.got.Span.Col, c.want, c.line, c.col)
		}
	}
	if s := r.Name.Span; s.EndLine != 2 || s.EndCol != 25 {
		t.Errorf("name ends at %d:%d, want 2:25", s.EndLine, s.EndCol)
	}
	if q := r.Queries[0]; q.Text != "SigninLogs\n| take 1\n" || q.Span.Line != 19 || q.Span.Col != 3 {
		t.Errorf("query = %q at %d:%d", q.Text, q.Span.Line, q.Span.Col)
	}
	if r.Type() != "Scheduled" || r.Root == nil || len(r.Lines) != 36 {
		t.Errorf("Type %q, Root %v, %d lines", r.Type(), r.Root != nil, len(r.Lines))
	}
}

func TestRuleVariants(t *testing.T) {
	tests := []struct {
		name, src            string
		wantName, wantID     string
		wantTactics, wantTec []string
		wantQuery            string
	}{
		{"hunting", "id: x\nname: Hunt\ntactics:\n  - Discovery\nrelevantTechniques:\n  - T1087\nquery: T\n", "Hunt", "x", []string{"Discovery"}, []string{"T1087"}, "T"},
		{"techniques key", "name: H\ntechniques:\n  - T0878\nquery: T\n", "H", "", nil, []string{"T0878"}, "T"},
		{"comma tactics", "name: H\ntactics: Discovery, Collection\nquery: T\n", "H", "", []string{"Discovery", "Collection"}, nil, "T"},
		{"tags techniques", "name: H\ntags:\n  - Log4j\n  - T1190\nquery: T\n", "H", "", nil, []string{"T1190"}, "T"},
		{"exploration", "Id: e\nDisplayName: Explore\nDescription: d\nTactics:\n  - Collection\nquery: T\n", "Explore", "e", []string{"Collection"}, nil, "T"},
		{"parser", "Parser:\n  Title: Web parser\n  Version: '0.2'\nParserName: vimWeb\nParserQuery: |\n  T\n", "Web parser", "", nil, nil, "T\n"},
		{"parser without title", "ParserName: vimWeb\nParserQuery: T\n", "vimWeb", "", nil, nil, "T"},
		{"no name", "query: T\n", "r", "", nil, nil, "T"},
		{"empty name", "name:\nquery: T\n", "r", "", nil, nil, "T"},
		{"list name", "name: [a, b]\nquery: T\n", "r", "", nil, nil, "T"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := LoadBytes("dir/r.yaml", []byte(tt.src))[0]
			if r.Name.Text != tt.wantName || r.ID.Text != tt.wantID {
				t.Errorf("name %q id %q, want %q %q", r.Name.Text, r.ID.Text, tt.wantName, tt.wantID)
			}
			if got := texts(r.Tactics); !slices.Equal(got, tt.wantTactics) {
				t.Errorf("tactics %q, want %q", got, tt.wantTactics)
			}
			if got := texts(r.Techniques); !slices.Equal(got, tt.wantTec) {
				t.Errorf("techniques %q, want %q", got, tt.wantTec)
			}
			if len(r.Queries) != 1 || r.Queries[0].Text != tt.wantQuery {
				t.Errorf("queries %+v, want %q", r.Queries, tt.wantQuery)
			}
		})
	}
}

// TestByteOrderMark checks that a UTF-8 BOM is skipped: positions on line 1
// are counted after it, as an editor shows them, and the file decodes as if
// it had none.
func TestByteOrderMark(t *testing.T) {
	tests := []struct {
		name, src, want string
		line, col       int
	}{
		{"r.yaml", "\uFEFFname: abc\nquery: T\n", "abc", 1, 7},
		{"r.md", "\uFEFF# Title\n\n```kql\nT\n```\n", "Title", 1, 3},
		{"noext", "\uFEFFname: abc\nquery: T\n", "abc", 1, 7}, // still recognised as YAML
	}
	for _, tt := range tests {
		r := LoadBytes(tt.name, []byte(tt.src))[0]
		if r.Name.Text != tt.want || r.Name.Span.Line != tt.line || r.Name.Span.Col != tt.col {
			t.Errorf("%s: name %q at %d:%d, want %q at %d:%d", tt.name, r.Name.Text, r.Name.Span.Line, r.Name.Span.Col, tt.want, tt.line, tt.col)
		}
	}
	r := LoadBytes("q.kql", []byte("\uFEFFT\n| take 1\n"))[0]
	if q := r.Queries[0]; q.Text != "T\n| take 1\n" {
		t.Errorf("query %q", q.Text)
	} else if l, c := q.Position(0); l != 1 || c != 1 {
		t.Errorf("query starts at %d:%d, want 1:1", l, c)
	}
	// A problem on line 1 is reported at the column an editor shows.
	r = LoadBytes("bad.yaml", []byte("\uFEFFseverity: Huge\nname: x\nquery: T\n"))[0]
	if len(r.Diagnostics) != 1 || r.Diagnostics[0].Line != 1 || r.Diagnostics[0].Col != 1 {
		t.Errorf("bad.yaml: diagnostics %v, want one at 1:1", r.Diagnostics)
	}
	r = LoadBytes("nul.kql", []byte("\uFEFFT\x00\n"))[0]
	if len(r.Diagnostics) != 1 || r.Diagnostics[0].Line != 1 || r.Diagnostics[0].Col != 2 {
		t.Errorf("nul.kql: diagnostics %v, want one at 1:2", r.Diagnostics)
	}
}

func texts(vs []Value) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Text)
	}
	return out
}
