//go:build unix

package catalog

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestLoadNamedPipe checks that a named pipe given on the command line is
// read like a file, as cat reads it (so "rulecat lint <(git show ...)"
// works), and that a walk leaves pipes out: opening one with no writer
// would block.
func TestLoadNamedPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "rule.kql")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	c, err := Load([]string{dir}, Options{})
	if err != nil || c.Files != 0 {
		t.Fatalf("Load(dir with a pipe) = %d files, %v; want none", c.Files, err)
	}
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		f.WriteString("SigninLogs\n| where ResultType == 0\n")
		f.Close()
	}()
	done := make(chan *Catalog, 1)
	go func() {
		c, err := Load([]string{fifo}, Options{})
		if err != nil {
			t.Error(err)
		}
		done <- c
	}()
	select {
	case c = <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("Load(%s) still blocked after 10s with a writer", fifo)
	}
	if c == nil || c.Files != 1 || len(c.Rules) != 1 || len(c.Rules[0].Queries) != 1 ||
		c.Rules[0].Queries[0].Text != "SigninLogs\n| where ResultType == 0\n" || len(c.Rules[0].Diagnostics) != 0 {
		t.Fatalf("Load(fifo) = %+v; want one rule with the query written to the pipe", c)
	}
}
