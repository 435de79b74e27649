package main

import (
	"bytes"
	"strings"
	"testing"
)

// kqlCmd runs "rulecat kql ARGS" on stdin and returns its output and error.
func kqlCmd(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	cmd := newKQLCmd()
	var out, errb bytes.Buffer
	cmd.SetArgs(args)
	cmd.SetIn(strings.NewReader(stdin))
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SilenceUsage = true
	cmd.SilenceErrors = true
	err := cmd.Execute()
	return out.String(), errb.String(), err
}

func TestKQLCheck(t *testing.T) {
	in := `{"id":"a","query":"T | where x == 1"}
{"id":"b","query":"T | where x ==\n| take 1"}
`
	want := `{"id":"a","query":"T | where x == 1","errors":[]}
{"id":"b","query":"T | where x ==\n| take 1","errors":[{"offset":14,"line":1,"column":15,"message":"expected an expression after \"==\", found \"|\""}]}
`
	out, _, err := kqlCmd(t, in, "check", "--jsonl", "-")
	if err != nil {
		t.Fatal(err)
	}
	if out != want {
		t.Errorf("kql check --jsonl - =\n%s\nwant\n%s", out, want)
	}
}

// TestKQLCheckBadLine: a malformed line is reported as FILE:LINE:COL on
// stderr with exit status 1, and the good lines are all written.
func TestKQLCheckBadLine(t *testing.T) {
	in := `{"query":"T"}
not json
{"query":"T | take 1"}
`
	out, stderr, err := kqlCmd(t, in, "check", "--jsonl", "-")
	if ee, ok := err.(exitError); !ok || ee.code != exitFindings {
		t.Errorf("err = %v, want exit status %d", err, exitFindings)
	}
	if want := "{\"query\":\"T\",\"errors\":[]}\n{\"query\":\"T | take 1\",\"errors\":[]}\n"; out != want {
		t.Errorf("output =\n%s\nwant\n%s", out, want)
	}
	if want := "<stdin>:2:2: not valid JSON: invalid character 'o' in literal null (expecting 'u')\n"; stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
}

func TestKQLParse(t *testing.T) {
	out, _, err := kqlCmd(t, "T | take 1", "parse", "-")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"type": "TakeOp"`) {
		t.Errorf("kql parse - = %s, want a TakeOp node", out)
	}
	_, stderr, err := kqlCmd(t, "T | take", "parse")
	if err == nil || !strings.Contains(stderr, "<stdin>:1:9: expected an expression") {
		t.Errorf("kql parse of a bad query: err %v, stderr %q", err, stderr)
	}
}
