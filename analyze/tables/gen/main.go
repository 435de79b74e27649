// Command gen turns shared/schemas/tables.json into the compact table package
// tables embeds. Run it with "go generate ./analyze/tables" (or "make tables"):
//
//	go run ./gen -in ../../../shared/schemas/tables.json -o tables.txt.gz
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/rulecat/rulecat/analyze/tables"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "../../../shared/schemas/tables.json", "tables.json to read")
	out := fs.String("o", "tables.txt.gz", "file to write")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := generate(*in, *out); err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 1
	}
	return 0
}

func generate(in, out string) error {
	b, err := os.ReadFile(in)
	if err != nil {
		return fmt.Errorf("read table schemas: %w", err)
	}
	s, err := tables.Parse(b)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.EncodeGzip(&buf); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}
