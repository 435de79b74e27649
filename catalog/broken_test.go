package catalog

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrokenFiles checks that each broken file gives exactly one diagnostic,
// with the right check, position and message, and still yields a rule.
func TestBrokenFiles(t *testing.T) {
	tests := []struct {
		file, want string // want: "line:col: check: message"
		name       string
	}{
		{"empty.yaml", "1:1: file-empty: file is empty", "empty"},
		{"blank.kql", "1:1: file-empty: file is empty", "blank"},
		{"binary.kql", "2:1: file-encoding: file is binary; found a NUL byte", "binary"},
		{"latin1.yaml", "1:10: file-encoding: file is not valid UTF-8; found byte 0xe9", "latin1"},
		{"utf16.yaml", "1:1: file-encoding: file is UTF-16; save it as UTF-8", "utf16"},
		{"bad-indent.yaml", "5:3: yaml-syntax: invalid YAML: did not find expected key; check the indentation of this line and the one before", "bad-indent"},
		{"dup-key.yaml", `4:1: yaml-syntax: duplicate key "name"; first defined at line 2`, "Again"},
		{"flow-key.yaml", `4:28: yaml-syntax: a key must be plain text, found a mapping; quote values that start with "{" or "["`, "Flow key"},
		{"two-docs.yaml", "4:1: yaml-syntax: file holds more than one YAML document; only the first is read", "First"},
		{"tab.yaml", "1:10: yaml-syntax: tab character after the value; strict YAML readers reject it, remove it", "Tab"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r, _ := loadFixture(t, tt.file)
			var got []string
			for _, d := range r.Diagnostics {
				if d.Check == "schema" || d.Check == "unknown-key" {
					continue // validation is tested on its own
				}
				got = append(got, fmt.Sprintf("%d:%d: %s: %s", d.Line, d.Col, d.Check, d.Message))
				if d.File != "testdata/load/"+tt.file || d.Severity != Error {
					t.Errorf("diagnostic %v has the wrong file or severity", d)
				}
			}
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), tt.want)
			}
			if r.Name.Text != tt.name {
				t.Errorf("rule name %q, want %q", r.Name.Text, tt.name)
			}
		})
	}
}

// TestGoodFilesHaveNoLoadDiagnostics is the "good" half of the broken-file
// fixtures: well-formed files give no load-time diagnostics.
func TestGoodFilesHaveNoLoadDiagnostics(t *testing.T) {
	for _, f := range []string{"page.md", "ms.md", "suppress.kql"} {
		r, _ := loadFixture(t, f)
		if len(r.Diagnostics) != 0 {
			t.Errorf("%s: unexpected %v", f, r.Diagnostics)
		}
	}
}

func TestUnreadable(t *testing.T) {
	// A directory given where a file is expected cannot be read.
	rs := loadFile(t.TempDir(), nil)
	if len(rs) != 1 || len(rs[0].Diagnostics) != 1 || rs[0].Diagnostics[0].Check != "file-unreadable" {
		t.Fatalf("loadFile(dir) = %+v", rs)
	}
	if d := rs[0].Diagnostics[0]; !strings.HasPrefix(d.Message, "cannot read file: ") || d.Message != strings.ToLower(d.Message) {
		t.Errorf("message %q", d.Message)
	}
}

func TestUnreadableDirectory(t *testing.T) {
	// walk lists what it cannot read; a file where a directory is
	// expected stands for a directory without permission (tests may run
	// as root, who can read anything).
	f := filepath.ToSlash(filepath.Join(t.TempDir(), "rules"))
	if err := os.WriteFile(f, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	files, errs := walk(f, nil)
	if len(files) != 1 || files[0] != f || errs[f] == nil {
		t.Fatalf("walk(file) = %q, %v", files, errs)
	}
	r := unreadable(f, "cannot read directory", errs[f])
	if len(r.Diagnostics) != 1 || r.Diagnostics[0].Message != "cannot read directory: not a directory" || r.Name.Text != "rules" {
		t.Errorf("unreadable directory gives %+v named %q", r.Diagnostics, r.Name.Text)
	}
}

func TestSuppressions(t *testing.T) {
	tests := []struct {
		file string
		want []Suppression
	}{
		{"suppress.yaml", []Suppression{
			{Check: "schema", Reason: "severity is set by the pipeline", Line: 2, Span: Span{1, 1, 1, 56}},
			{Check: "unknown-key", Reason: "", Line: 7, Span: Span{4, 1, 4, 29}},
			{Check: "kql-syntax", Reason: "the parser is wrong here", Line: 7, Span: Span{5, 1, 5, 53}},
			{Check: "dangling", Reason: "at the end", Line: 0, Span: Span{9, 1, 9, 37}},
		}},
		{"suppress.kql", []Suppression{
			{Check: "kql-unknown-table", Reason: "custom table", Line: 2, Span: Span{1, 1, 1, 49}},
		}},
	}
	for _, tt := range tests {
		r, _ := loadFixture(t, tt.file)
		if fmt.Sprint(r.Suppressions) != fmt.Sprint(tt.want) {
			t.Errorf("%s: suppressions\n%+v\nwant\n%+v", tt.file, r.Suppressions, tt.want)
		}
	}
}
