package catalog

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestQuickSchemaCompiles checks that every kind of file has a quick
// schema: one that does not compile silently sends every file through
// jsonschema.
func TestQuickSchemaCompiles(t *testing.T) {
	v := compiledValidator()
	if v.err != nil {
		t.Fatal(v.err)
	}
	for _, k := range []string{fileAnalytic, fileHunting, fileExploration, fileParser} {
		if _, err := compileQuick(v.raw, k+".json"); err != nil {
			t.Errorf("compileQuick(%s): %v", k, err)
		}
	}
}

// TestQuickSchemaAgrees checks that the quick schemas accept exactly what
// jsonschema accepts, over the YAML of the test data, the corpus when
// present, and the edits of TestValidateBad.
func TestQuickSchemaAgrees(t *testing.T) {
	v := compiledValidator()
	var srcs []string
	for _, dir := range []string{"testdata", "../analyze/testdata", corpusDir} {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				if b, err := os.ReadFile(p); err == nil {
					srcs = append(srcs, string(b))
				}
			}
			return nil
		})
	}
	good, err := os.ReadFile("testdata/load/analytic.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range quickEdits {
		srcs = append(srcs, strings.Replace(string(good), e[0], e[1], 1))
	}
	checked, invalid := 0, 0
	for _, src := range srcs {
		var doc yaml.Node
		if yaml.Unmarshal([]byte(src), &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			continue
		}
		root := doc.Content[0]
		if !quickable(root) {
			continue
		}
		val := (&converter{}).convert(root, nil, "")
		for _, k := range []string{fileAnalytic, fileHunting, fileExploration, fileParser} {
			want := v.schemas[k].Validate(val) == nil
			if got := v.quick[k].valid(root); got != want {
				t.Errorf("quick %s schema says valid=%v, jsonschema %v, for\n%s", k, got, want, src)
			}
			checked++
			if !want {
				invalid++
			}
		}
	}
	t.Logf("%d checks, %d invalid", checked, invalid)
	if invalid == 0 || invalid == checked {
		t.Errorf("%d of %d checks invalid; want both outcomes", invalid, checked)
	}
}

// quickEdits are edits of testdata/load/analytic.yaml, each breaking or
// nearly breaking one constraint of the schemas.
var quickEdits = [][2]string{
	{"id: 0b7d3b1e-3c5a-4e0e-9d8f-1234567890ab", "id: 42-x"},
	{"severity: Medium", "severity: medium"},
	{"severity: Medium", "severity:"},
	{"kind: Scheduled", "kind: NRT"},
	{"kind: Scheduled", "kind: nrt"},
	{"queryFrequency: 1h\n", ""},
	{"triggerThreshold: 0", "triggerThreshold: 10000"},
	{"triggerThreshold: 0", "triggerThreshold: 10001"},
	{"triggerThreshold: 0", "triggerThreshold: -1"},
	{"triggerThreshold: 0", "triggerThreshold: 1.0"},
	{"triggerThreshold: 0", "triggerThreshold: 1.5"},
	{"triggerThreshold: 0", "triggerThreshold: .inf"},
	{"triggerThreshold: 0", "triggerThreshold: \"0\""},
	{"version: 1.0.0", "version: 1.0"},
	{"version: 1.0.0", "version: [1]"},
	{"name: Many failed sign-ins from one address", "name: " + strings.Repeat("é", 256)},
	{"name: Many failed sign-ins from one address", "name: " + strings.Repeat("é", 257)},
	{"name: Many failed sign-ins from one address", "name: ''"},
	{"entityType: Account", "entityType: account"},
	{"entityType: Account", "entityType: Host"},
	{"entityType: Account", "entityType: Nothing"},
	{"identifier: FullName", "identifier: HostName"},
	{"identifier: FullName", "identifier: fullname"},
	{"columnName: Account", "columnName: 1Account"},
	{"columnName: Account", "columnName: Account\n        extra: 1"},
	{"  - entityType: Account", "  - entityType: Account\n    other: x"},
	{"entityMappings:", "entityMappings: []\nx:"},
	{"tactics:", "tactics: x\ny:"},
	{"  - CredentialAccess", "  - Credential Access"},
	{"  - T1110", "  - T1110.1"},
	{"requiredDataConnectors:", "requiredDataConnectors: {}\nz:"},
	{"query: |", "query: 42\nq: |"},
	{"  Failures: Failures", "  Failures: 1x"},
	{"  Failures: Failures", "  FailuresFailuresFailures: Failures"},
	{"  Failures: Failures", "  Failures: Failures\n  A: B\n  C: D\n  E: F\n  G: H\n  I: J\n  K: L\n  M: N\n  O: P\n  Q: R\n  S: T\n  U: V\n  W: X\n  Y: Z\n  Aa: B\n  Ab: B\n  Ac: B\n  Ad: B\n  Ae: B\n  Af: B"},
	{"  createIncident: true", "  createIncident: yes"},
	{"  createIncident: true", "  createIncident: 'true'"},
	{"    matchingMethod: AllEntities", "    matchingMethod: Some"},
	{"aggregationKind: AlertPerResult", "aggregationKind: ~"},
}

// TestQuickable checks which documents are left to jsonschema alone.
func TestQuickable(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"a: 1\nb: [x, y]\n", true},
		{"a: &x 1\nb: *x\n", false},
		{"a: 1\na: 2\n", false},
		{"? [a]\n: 1\n", false},
		{"a:\n  b: 1\n  b: 2\n", false},
	}
	for _, tt := range tests {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(tt.src), &doc); err != nil {
			t.Fatal(err)
		}
		if got := quickable(doc.Content[0]); got != tt.want {
			t.Errorf("quickable(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

// FuzzQuickSchema checks that the quick schemas and jsonschema agree on any
// document the quick schemas may judge.
func FuzzQuickSchema(f *testing.F) {
	addSeeds(f, ".yaml")
	if good, err := os.ReadFile("testdata/load/analytic.yaml"); err == nil {
		for _, e := range quickEdits {
			f.Add([]byte(strings.Replace(string(good), e[0], e[1], 1)))
		}
	}
	v := compiledValidator()
	f.Fuzz(func(t *testing.T, src []byte) {
		var doc yaml.Node
		if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 || !quickable(doc.Content[0]) {
			return
		}
		root := doc.Content[0]
		val := (&converter{}).convert(root, nil, "")
		for _, k := range []string{fileAnalytic, fileHunting, fileExploration, fileParser} {
			want := v.schemas[k].Validate(val) == nil
			if got := v.quick[k].valid(root); got != want {
				t.Fatalf("quick %s schema says valid=%v, jsonschema %v, for %q", k, got, want, src)
			}
		}
	})
}
