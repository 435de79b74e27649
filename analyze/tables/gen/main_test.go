package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func gunzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRun(t *testing.T) {
	t.Parallel()
	const in = "../../../../shared/schemas/tables.json"
	if _, err := os.Stat(in); err != nil {
		t.Skip("shared table schemas not available")
	}
	out := filepath.Join(t.TempDir(), "tables.txt.gz")
	var stderr bytes.Buffer
	if code := run([]string{"-in", in, "-o", out}, &stderr); code != 0 {
		t.Fatalf("run = %d: %s", code, stderr.String())
	}
	if !bytes.Equal(gunzip(t, out), gunzip(t, "../tables.txt.gz")) {
		t.Error("generated table differs from the committed tables.txt.gz; run go generate ./analyze/tables")
	}
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"tables": {"T": {"columns": [["a", "blob"]]}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-in", filepath.Join(t.TempDir(), "missing.json")}, 1, "read table schemas"},
		{[]string{"-in", bad, "-o", filepath.Join(t.TempDir(), "x.gz")}, 1, `unknown type "blob"`},
		{[]string{"-nosuchflag"}, 2, "flag provided but not defined"},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		if code := run(tt.args, &stderr); code != tt.code || !strings.Contains(stderr.String(), tt.msg) {
			t.Errorf("run(%q) = %d, %q, want %d, %q", tt.args, code, stderr.String(), tt.code, tt.msg)
		}
	}
}
