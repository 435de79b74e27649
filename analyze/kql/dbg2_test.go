package kql

import (
	"os"
	"testing"
)

func TestDbgOne(t *testing.T) {
	q := os.Getenv("KQL_Q")
	if q == "" {
		t.Skip()
	}
	s, errs := Parse(q)
	t.Logf("%s", Dump(s))
	for _, e := range errs {
		l, c := LineCol(q, e.Pos)
		t.Logf("%d:%d %s", l, c, e.Msg)
	}
}

func Dump(n Node) string { return "" }
