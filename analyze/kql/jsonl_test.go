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
	if err := CheckJSONL(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != want {
		t.Errorf("CheckJSONL =\n%s\nwant\n%s", got, want)
	}
	for _, bad := range []string{"{\"q\": 1}\n", "not json\n"} {
		if err := CheckJSONL(strings.NewReader(bad), &out); err == nil {
			t.Errorf("CheckJSONL(%q) gave no error", bad)
		}
	}
}
