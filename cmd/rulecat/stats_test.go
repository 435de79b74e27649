package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// statsCatalog is the small catalog the render golden tests use.
const statsCatalog = "../../render/testdata/stats_catalog"

func TestStatsCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		args []string
		code int
		out  string // substring of stdout
		err  string // substring of stderr
	}{
		{[]string{"stats", statsCatalog}, 0, "# Catalog statistics", ""},
		{[]string{"stats", statsCatalog, "-f", "json"}, 0, `"rules": 9`, ""},
		{[]string{"stats", statsCatalog, "-f", "json", "--where", "kind == hunting"}, 0, `"rules": 3`, ""},
		{[]string{"stats", statsCatalog, "-f", "csv", "--table", "near_duplicates"}, 0, "jaccard,shared,file_a", ""},
		{[]string{"stats", statsCatalog, "-f", "csv", "--table", "near_duplicates", "--jaccard", "0.9"}, 0, "jaccard,shared,file_a,name_a,size_a,file_b,name_b,size_b\n", ""},
		{[]string{"stats", statsCatalog, "-f", "html"}, 0, "<svg ", ""},
		{[]string{"stats", statsCatalog, "-f", "csv", "-o", filepath.Join(dir, "csv")}, 0, "", ""},
		{[]string{"stats", statsCatalog, "-f", "csv"}, 2, "", "give -o DIR, or --table NAME"},
		{[]string{"stats", statsCatalog, "-f", "csv", "--table", "nope"}, 2, "", `unknown --table "nope"`},
		{[]string{"stats", statsCatalog, "-f", "pdf"}, 2, "", `unknown --format "pdf"`},
		{[]string{"stats", statsCatalog, "--where", "tactics == X"}, 2, "", `did you mean "tactic"`},
		{[]string{"stats", statsCatalog, "--jaccard", "2"}, 2, "", "out of range"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(tt.args, strings.NewReader(""), &stdout, &stderr)
		if code != tt.code || !strings.Contains(stdout.String(), tt.out) || !strings.Contains(stderr.String(), tt.err) {
			t.Errorf("rulecat %s = %d\nstdout: %.300s\nstderr: %s\nwant %d, stdout with %q, stderr with %q",
				strings.Join(tt.args, " "), code, stdout.String(), stderr.String(), tt.code, tt.out, tt.err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "csv", "tactics.csv"))
	if err != nil || !strings.HasPrefix(string(b), "id,tactic,") {
		t.Errorf("csv directory: tactics.csv = %q, %v", b, err)
	}
}

func TestStatsCommandOutputFile(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "stats.json")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"stats", statsCatalog, "-f", "json", "-o", out}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var s struct {
		Rules  int `json:"rules"`
		Attack struct {
			Coverage float64 `json:"coverage_percent"`
		} `json:"attack"`
	}
	b, _ := os.ReadFile(out)
	if err := json.Unmarshal(b, &s); err != nil || s.Rules != 9 || s.Attack.Coverage <= 0 {
		t.Errorf("stats.json = %+v, %v; want 9 rules and some coverage", s, err)
	}
}

// TestWhereOnCommands checks --where on the other commands that read a
// catalog.
func TestWhereOnCommands(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	args := []string{"analyze", statsCatalog, "-f", "json", "--where", `table == SigninLogs and tactic == "Initial Access"`}
	if code := run(args, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("rulecat analyze --where: exit %d: %s", code, stderr.String())
	}
	var a struct {
		Rules []struct {
			File string `json:"file"`
		} `json:"rules"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &a); err != nil || len(a.Rules) != 2 {
		t.Errorf("analyze --where kept %d rules (%v), want the two TOR rules", len(a.Rules), err)
	}
	site := filepath.Join(t.TempDir(), "site")
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"build", statsCatalog, "-o", site, "--where", "kind == hunting"}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("rulecat build --where: exit %d: %s", code, stderr.String())
	}
	page, err := os.ReadFile(filepath.Join(site, "statistics.html"))
	if err != nil || !strings.Contains(string(page), "Rules matching <code>kind == hunting</code>") {
		t.Errorf("statistics.html of a --where build: %v", err)
	}
	stderr.Reset()
	if code := run([]string{"build", statsCatalog, "-o", site, "--where", "kind =="}, strings.NewReader(""), &stdout, &stderr); code != 2 {
		t.Errorf("build with a bad --where: exit %d, want 2", code)
	}
}
