package render

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/catalog"
)

func sarifOptions() SARIFOptions {
	return SARIFOptions{Checks: lintChecks(), Version: "test"}
}

func TestWriteSARIF(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteSARIF(&b, lintResult(), sarifOptions()); err != nil {
		t.Fatal(err)
	}
	golden(t, "lint.sarif.golden", b.Bytes())
}

// sarifLog is the part of a SARIF log the tests look at.
type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID                   string
					HelpURI              string
					ShortDescription     struct{ Text string }
					FullDescription      struct{ Text string }
					DefaultConfiguration struct{ Level string }
				}
			}
		}
		Results []struct {
			RuleID, Level       string
			RuleIndex           int
			Message             struct{ Text string }
			PartialFingerprints map[string]string
			Locations           []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI, URIBaseID string }
					Region           struct{ StartLine, StartColumn, EndLine, EndColumn int }
				}
			}
		}
	}
}

func TestWriteSARIFContent(t *testing.T) {
	t.Parallel()
	res := lintResult()
	// Moving a finding to another line keeps its fingerprint.
	moved := *res
	moved.Diagnostics = append([]catalog.Diagnostic(nil), res.Diagnostics...)
	moved.Diagnostics[0].Line += 7
	opts := sarifOptions()
	opts.HelpURI = "https://example.org/checks/{id}.html"
	opts.URI = func(f string) string { return "sub/" + f }
	var logs [2]sarifLog
	for i, r := range []*analyze.Result{res, &moved} {
		var b bytes.Buffer
		if err := WriteSARIF(&b, r, opts); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b.Bytes(), &logs[i]); err != nil {
			t.Fatal(err)
		}
	}
	run := logs[0].Runs[0]
	rules := run.Tool.Driver.Rules
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.ID)
	}
	if got := len(ids); got != 4 || ids[0] != "attack-revoked" || ids[3] != "yaml-syntax" {
		t.Fatalf("driver rules = %v, want the 3 checks and yaml-syntax, sorted", ids)
	}
	if r := rules[0]; r.HelpURI != "https://example.org/checks/attack-revoked.html" ||
		r.ShortDescription.Text != "technique is revoked in ATT&CK" || r.DefaultConfiguration.Level != "warning" ||
		r.FullDescription.Text == "" {
		t.Errorf("rule[0] = %+v", r)
	}
	if len(run.Results) != len(res.Diagnostics) {
		t.Fatalf("%d results for %d diagnostics", len(run.Results), len(res.Diagnostics))
	}
	for i, r := range run.Results {
		d := res.Diagnostics[i]
		loc := r.Locations[0].PhysicalLocation
		if r.RuleID != d.Check || ids[r.RuleIndex] != d.Check || r.Message.Text != d.Message ||
			loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || loc.Region.StartLine != d.Line || loc.Region.StartColumn != d.Col ||
			loc.Region.EndLine != d.EndLine || loc.Region.EndColumn != d.EndCol {
			t.Errorf("result %d = %+v for %v", i, r, d)
		}
		if fp := logs[1].Runs[0].Results[i].PartialFingerprints[fingerprintKey]; fp != r.PartialFingerprints[fingerprintKey] || !strings.HasSuffix(fp, ":1") {
			t.Errorf("result %d fingerprint %q changed to %q when its line moved", i, r.PartialFingerprints[fingerprintKey], fp)
		}
	}
	wantLevels := []string{"warning", "error", "error", "note"}
	for i, w := range wantLevels {
		if run.Results[i].Level != w {
			t.Errorf("result %d level = %q, want %q", i, run.Results[i].Level, w)
		}
	}
	if uri := run.Results[2].Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "sub/rules/odd,%20name:%20100%25.yaml" {
		t.Errorf("escaped uri = %q", uri)
	}
}

// TestSARIFSchema validates the output against the official SARIF 2.1.0
// schema from ../shared.
func TestSARIFSchema(t *testing.T) {
	t.Parallel()
	schemaPath := filepath.Join("..", "..", "shared", "formats", "sarif-schema-2.1.0.json")
	if _, err := os.Stat(schemaPath); err != nil {
		t.Skipf("SARIF schema not available: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	sch, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatalf("compile SARIF schema: %v", err)
	}
	noLine := &analyze.Result{Diagnostics: []catalog.Diagnostic{{File: "a.yaml", Severity: catalog.Error, Check: "file-unreadable", Message: "cannot read file"}}}
	for name, res := range map[string]*analyze.Result{"fixture": lintResult(), "empty": {}, "no line": noLine} {
		var b bytes.Buffer
		if err := WriteSARIF(&b, res, sarifOptions()); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(&b)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: SARIF output does not validate: %v", name, err)
		}
	}
	// A control: the schema does reject a bad level, so the test can fail.
	var b bytes.Buffer
	if err := WriteSARIF(&b, lintResult(), sarifOptions()); err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(b.Bytes(), []byte(`"level": "warning"`), []byte(`"level": "fatal"`), 1)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if sch.Validate(inst) == nil {
		t.Errorf("schema accepted a result with level \"fatal\"")
	}
}

func TestSARIFColumns(t *testing.T) {
	t.Parallel()
	// "é" is 2 bytes and 1 UTF-16 unit, "😀" 4 bytes and 2 units.
	src := "id: x\nname: é😀 Tor\n"
	res := &analyze.Result{Diagnostics: []catalog.Diagnostic{
		{File: "a.yaml", Line: 2, Col: 14, EndLine: 2, EndCol: 17, Severity: catalog.Warning, Check: "c", Message: "m"},
		{File: "a.yaml", Line: 1, Col: 5, Severity: catalog.Warning, Check: "c", Message: "ascii"},
		{File: "a.yaml", Line: 9, Col: 5, Severity: catalog.Warning, Check: "c", Message: "past the end"},
		{File: "gone.yaml", Line: 2, Col: 14, Severity: catalog.Warning, Check: "c", Message: "unreadable"},
		// The loader counts columns after a byte order mark; so must SARIF.
		{File: "bom.yaml", Line: 1, Col: 10, Severity: catalog.Warning, Check: "c", Message: "after a BOM"},
	}}
	opts := SARIFOptions{Source: func(f string) ([]byte, error) {
		switch f {
		case "a.yaml":
			return []byte(src), nil
		case "bom.yaml":
			return []byte("\uFEFFname: é x\n"), nil
		}
		return nil, os.ErrNotExist
	}}
	var b bytes.Buffer
	if err := WriteSARIF(&b, res, opts); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	want := [][2]int{{11, 14}, {5, 0}, {5, 0}, {14, 0}, {9, 0}}
	for i, r := range log.Runs[0].Results {
		reg := r.Locations[0].PhysicalLocation.Region
		if got := [2]int{reg.StartColumn, reg.EndColumn}; got != want[i] {
			t.Errorf("%s: columns %v, want %v", r.Message.Text, got, want[i])
		}
	}
}

// TestSARIFFingerprintOccurrences checks that identical findings on two
// lines get two fingerprints, numbered in line order, and that a file
// outside the repository gets a file URI rather than a %SRCROOT% path.
func TestSARIFFingerprintOccurrences(t *testing.T) {
	t.Parallel()
	d := catalog.Diagnostic{File: "a.yaml", Line: 3, Col: 1, Severity: catalog.Error, Check: "c", Message: "same", RuleID: "r"}
	d2 := d
	d2.Line = 9
	out := d
	out.File = "/elsewhere/b c.yaml"
	res := &analyze.Result{Diagnostics: []catalog.Diagnostic{d, d2, out}}
	var b bytes.Buffer
	if err := WriteSARIF(&b, res, SARIFOptions{}); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	rs := log.Runs[0].Results
	base := Fingerprint("c", "a.yaml", "r", "same")
	if got := []string{rs[0].PartialFingerprints[fingerprintKey], rs[1].PartialFingerprints[fingerprintKey]}; got[0] != base+":1" || got[1] != base+":2" {
		t.Errorf("fingerprints = %q, want %s:1 and :2", got, base)
	}
	loc := rs[2].Locations[0].PhysicalLocation.ArtifactLocation
	if loc.URI != "file:///elsewhere/b%20c.yaml" || loc.URIBaseID != "" {
		t.Errorf("outside file = %+v, want a file URI without uriBaseId", loc)
	}
}
