// Command gen turns the official ATT&CK STIX bundles into the compact table
// package attack embeds. Run it with "go generate ./analyze/attack" (or
// "make attack"):
//
//	go run ./gen -dir ../../../shared/attack -version 18.1 -o attack.json
//
// It reads enterprise-attack.json, ics-attack.json and mobile-attack.json
// from -dir.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/rulecat/rulecat/analyze/attack"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "../../../shared/attack", "folder holding the STIX bundles")
	version := fs.String("version", "18.1", "ATT&CK release, when the bundles hold no x-mitre-collection")
	out := fs.String("o", "attack.json", "file to write; - for standard output")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var buf bytes.Buffer
	if err := generate(&buf, *dir, *version); err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 1
	}
	if *out == "-" {
		stdout.Write(buf.Bytes())
		return 0
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 1
	}
	return 0
}

// generate writes the compact table built from the bundles in dir.
func generate(w io.Writer, dir, version string) error {
	var bundles [][]byte
	for _, name := range []string{"enterprise-attack.json", "ics-attack.json", "mobile-attack.json"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("read ATT&CK bundle: %w", err)
		}
		bundles = append(bundles, b)
	}
	d, err := attack.FromSTIX(version, bundles...)
	if err != nil {
		return err
	}
	return d.Encode(w)
}
