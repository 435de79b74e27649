package kql

import (
	"bytes"
	"strings"
	"testing"
)

func TestCheckJSONL(t *testing.T) {
	in := `{"id": 1, "query": "T | where x"}
{"query":"T\n| where x ==","zz":[1,2]}

{"errors":"old","query":"T"}
`
	want := `{"id": 1, "query": "T | where x","errors":[]}
{"query":"T\n| where x ==","zz":[1,2],"errors":[{"offset":14,"line":2,"column":13,"message":"expected an expression after \"==\", found end of text"}]}
{"errors":[],"query":"T"}
`
	var out bytes.Buffer
	if bad, err := CheckJSONL(strings.NewReader(in), &out); err != nil || bad != nil {
		t.Fatal(bad, err)
	}
	if got := out.String(); got != want {
		t.Errorf("CheckJSONL =\n%s\nwant\n%s", got, want)
	}
}

// TestCheckJSONLBadLines: a line that cannot be checked is reported with
// its line and column, and the lines around it are still written.
func TestCheckJSONLBadLines(t *testing.T) {
	in := `{"query":"T | take 1"}
{"q": 1}
  {"query": "x", oops}
{"query": 42}
{"query":"T | where"}
{"id":"x", "query" : true}
`
	want := `{"query":"T | take 1","errors":[]}
{"query":"T | where","errors":[{"offset":9,"line":1,"column":10,"message":"expected an expression after \"where\", found end of text"}]}
`
	wantErrs := []string{
		`2:1: the object has no "query" field`,
		`3:18: not valid JSON: invalid character 'o' looking for beginning of object key string`,
		`4:11: not a JSON object with a string "query": json: cannot unmarshal number into Go struct field .query of type string`,
		`6:22: not a JSON object with a string "query": json: cannot unmarshal bool into Go struct field .query of type string`,
	}
	var out bytes.Buffer
	bad, err := CheckJSONL(strings.NewReader(in), &out)
	if err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != want {
		t.Errorf("output =\n%s\nwant\n%s", got, want)
	}
	var got []string
	for _, e := range bad {
		got = append(got, e.Error())
	}
	if strings.Join(got, "\n") != strings.Join(wantErrs, "\n") {
		t.Errorf("errors =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantErrs, "\n"))
	}
}
