//go:build unix

package catalog

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestLoadNamedPipe checks that a named pipe given on the command line is
// reported as not a regular file, without being opened (opening a pipe with
// no writer blocks for ever), and that a walk leaves it out.
func TestLoadNamedPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "rule.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	type result struct {
		c   *Catalog
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := Load([]string{fifo}, Options{})
		done <- result{c, err}
	}()
	var res result
	select {
	case res = <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("Load(%s) still blocked after 10s", fifo)
	}
	if res.err != nil {
		t.Fatal(res.err)
	}
	want := filepath.ToSlash(fifo) + ":1:1: error: cannot read file: not a regular file but a named pipe [file-unreadable]"
	if c := res.c; c.Files != 1 || len(c.Rules) != 1 || len(c.Rules[0].Diagnostics) != 1 || c.Rules[0].Diagnostics[0].String() != want {
		t.Fatalf("Load(fifo) = %d files, %+v; want one rule with\n%s", c.Files, c.Rules, want)
	}
	c, err := Load([]string{dir}, Options{})
	if err != nil || c.Files != 0 {
		t.Errorf("Load(dir with a pipe) = %d files, %v; want none", c.Files, err)
	}
}
