package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	t.Parallel()
	const dir = "../../../../shared/attack"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("shared ATT&CK bundles not available")
	}
	out := filepath.Join(t.TempDir(), "attack.json")
	var stderr bytes.Buffer
	if code := run([]string{"-dir", dir, "-o", out}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("run = %d: %s", code, stderr.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../attack.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("generated table differs from the committed attack.json; run go generate ./analyze/attack")
	}
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-dir", t.TempDir()}, 1, "read ATT&CK bundle"},
		{[]string{"-nosuchflag"}, 2, "flag provided but not defined"},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		if code := run(tt.args, &bytes.Buffer{}, &stderr); code != tt.code || !strings.Contains(stderr.String(), tt.msg) {
			t.Errorf("run(%q) = %d, %q, want %d, %q", tt.args, code, stderr.String(), tt.code, tt.msg)
		}
	}
}
