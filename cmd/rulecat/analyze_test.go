package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// analyzeJSON is the part of analyze's JSON output the tests read.
type analyzeJSON struct {
	Rules []struct {
		File    string `json:"file"`
		ID      string `json:"id"`
		Kind    string `json:"kind"`
		Queries []struct {
			Label      string `json:"label"`
			Line       int    `json:"line"`
			Tables     []string
			Stages     []map[string]any `json:"stages"`
			Indicators []struct {
				Field  string `json:"field"`
				Kind   string `json:"kind"`
				Values []struct {
					Value  string `json:"value"`
					Corpus int    `json:"corpus"`
				} `json:"values"`
			} `json:"indicators"`
			Outputs         []map[string]string `json:"outputs"`
			OutputsComplete *bool               `json:"outputs_complete"`
		} `json:"queries"`
	} `json:"rules"`
}

func TestAnalyzeJSON(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := rulecat(t, "analyze", noConfig, "--format", "json", "../../rules")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var doc analyzeJSON
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if len(doc.Rules) < 14 {
		t.Fatalf("got %d rules, want the whole sample catalog", len(doc.Rules))
	}
	var files []string
	kinds := map[string]bool{}
	for _, r := range doc.Rules {
		files = append(files, r.File)
		kinds[r.Kind] = true
		if len(r.Queries) == 0 {
			t.Errorf("%s: no queries", r.File)
		}
		for _, q := range r.Queries {
			if q.Line < 1 || len(q.Stages) == 0 || q.OutputsComplete == nil {
				t.Errorf("%s: query at line %d has %d stages, outputs_complete %v", r.File, q.Line, len(q.Stages), q.OutputsComplete)
			}
			if len(q.Indicators) == 0 {
				t.Errorf("%s: query at line %d has no indicators", r.File, q.Line)
			}
			for _, ind := range q.Indicators {
				for _, v := range ind.Values {
					if v.Corpus < 1 {
						t.Errorf("%s: %s %s %q has corpus count %d", r.File, ind.Field, ind.Kind, v.Value, v.Corpus)
					}
				}
			}
		}
	}
	if !slices.IsSorted(files) {
		t.Errorf("rules are not in path order: %q", files)
	}
	for _, k := range []string{"Scheduled", "NRT", "hunting", "markdown", "query"} {
		if !kinds[k] {
			t.Errorf("no rule of kind %q in the sample catalog", k)
		}
	}
}

func TestAnalyzeText(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := rulecat(t, "analyze", noConfig, "../../rules/markdown/rclone-cloud-exfiltration.md")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	for _, want := range []string{
		"## Query Defender XDR (line ", "## Query Sentinel (line ",
		"### Parameters", "let lookback = 1d;",
		"Stage 1: source", "Stage 2: where",
		"### Indicators", "ProcessCommandLine", "has_all",
		"### Output fields", "Remote ", "extend",
		"### Lookbacks", "DeviceProcessEvents",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestAnalyzeBadFormat(t *testing.T) {
	t.Parallel()
	code, _, stderr := rulecat(t, "analyze", noConfig, "--format", "xml", "../../rules")
	if code != exitUsage || !strings.Contains(stderr, `unknown --format "xml"`) {
		t.Errorf("exit %d, stderr %q; want exit %d and an unknown-format message", code, stderr, exitUsage)
	}
}
