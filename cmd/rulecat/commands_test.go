package main

import (
	"bytes"
	"strings"
	"testing"
)

// Every subcommand the README names is reachable from the root command, not
// only from its constructor.
func TestSubcommandsRegistered(t *testing.T) {
	for _, args := range [][]string{
		{"lint", "--help"},
		{"checks", "--help"},
		{"analyze", "--help"},
		{"build", "--help"},
		{"stats", "--help"},
		{"kql", "parse", "--help"},
		{"kql", "check", "--help"},
	} {
		var out, errb bytes.Buffer
		if code := run(args, strings.NewReader(""), &out, &errb); code != exitOK {
			t.Errorf("rulecat %s: exit %d, stderr %q", strings.Join(args, " "), code, errb.String())
		}
	}
}

func TestKQLCheckThroughRoot(t *testing.T) {
	var out, errb bytes.Buffer
	in := `{"query":"T | where x == | take 1"}` + "\n"
	if code := run([]string{"kql", "check", "--jsonl", "-"}, strings.NewReader(in), &out, &errb); code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	if !strings.Contains(out.String(), `"line":1,"column":`) || !strings.Contains(out.String(), `after \"==\"`) {
		t.Errorf("kql check output = %s, want an error after \"==\" with line and column", out.String())
	}
}
