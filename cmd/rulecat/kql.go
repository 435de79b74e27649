package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/rulecat/rulecat/analyze/kql"
)

// newKQLCmd returns "rulecat kql" with the parse and check subcommands.
func newKQLCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "kql",
		Short: "Parse KQL queries and report syntax errors",
	}
	cmd.AddCommand(newKQLParseCmd(), newKQLCheckCmd())
	return cmd
}

func newKQLParseCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "parse [FILE|-]",
		Short: "Print the syntax tree of a query as JSON; syntax errors go to stderr",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := "-"
			if len(args) == 1 {
				name = args[0]
			}
			src, name, err := readInput(cmd, name)
			if err != nil {
				return err
			}
			tree, errs := kql.Parse(string(src))
			js, err := kql.MarshalJSON(tree)
			if err != nil {
				return err
			}
			var out bytes.Buffer
			if err := json.Indent(&out, js, "", "  "); err != nil {
				return err
			}
			out.WriteByte('\n')
			if _, err := cmd.OutOrStdout().Write(out.Bytes()); err != nil {
				return err
			}
			ls := kql.NewLines(string(src))
			for _, e := range errs {
				l, c := ls.Position(int(e.Pos))
				fmt.Fprintf(cmd.ErrOrStderr(), "%s:%d:%d: %s\n", name, l, c, e.Msg)
			}
			if len(errs) > 0 {
				return exitError{exitFindings}
			}
			return nil
		},
	}
}

func newKQLCheckCmd() *cobra.Command {
	var jsonl bool
	cmd := &cobra.Command{
		Use:   "check --jsonl FILE|-",
		Short: `Add the syntax errors of each "query" of a JSON lines file as an "errors" field`,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !jsonl {
				return fmt.Errorf("kql check: only --jsonl input is supported")
			}
			src, name, err := readInput(cmd, args[0])
			if err != nil {
				return err
			}
			bad, err := kql.CheckJSONL(bytes.NewReader(src), cmd.OutOrStdout())
			if err != nil || len(bad) == 0 {
				return err
			}
			// The lines that could not be checked, after the others were
			// written.
			for _, e := range bad {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s:%v\n", name, e)
			}
			return exitError{exitFindings}
		},
	}
	cmd.Flags().BoolVar(&jsonl, "jsonl", false, `read JSON lines with a "query" field`)
	return cmd
}

// readInput reads the named file, or standard input for "-", and returns
// the name to report it by ("<stdin>" for "-").
func readInput(cmd *cobra.Command, name string) ([]byte, string, error) {
	if name == "-" {
		src, err := io.ReadAll(cmd.InOrStdin())
		return src, "<stdin>", err
	}
	src, err := os.ReadFile(name)
	return src, name, err
}
