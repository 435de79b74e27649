package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/render"
)

// statsFormats are the values of stats' --format.
var statsFormats = []string{"md", "json", "csv", "html"}

// newStatsCmd is `rulecat stats [paths]`.
func newStatsCmd() *cobra.Command {
	var format, out, table string
	var o analyze.StatsOptions
	var where *whereFlag
	cmd := &cobra.Command{
		Use:   "stats [path...]",
		Short: "Report figures about the catalog: size, ATT&CK coverage, data, indicators, duplicates, hygiene",
		Long: "Load every rule file under the given paths (default \".\"), lint and analyze them, and report what a\n" +
			"detection-engineering lead asks of a catalog: rules by type, severity and folder; ATT&CK coverage and\n" +
			"gaps; tables and connectors; the most reused indicators; exact and near-duplicate rules; query shape;\n" +
			"placeholders and missing metadata. The JSON keys are documented in docs/stats.md.\n\n" +
			"--format csv writes one file per table into the -o directory, or the --table one to stdout.",
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(statsFormats, format) {
				return fmt.Errorf("unknown --format %q; want one of %s", format, strings.Join(statsFormats, ", "))
			}
			if table != "" && !slices.Contains(render.StatsTableNames(), table) {
				return fmt.Errorf("unknown --table %q; want one of %s", table, strings.Join(render.StatsTableNames(), ", "))
			}
			if table != "" && format != "csv" {
				return fmt.Errorf("--table needs --format csv")
			}
			if format == "csv" && table == "" && out == "" {
				return fmt.Errorf("--format csv writes one file per table: give -o DIR, or --table NAME for one table")
			}
			if o.Jaccard < 0 || o.Jaccard > 1 {
				return fmt.Errorf("--jaccard %v is out of range; want a similarity between 0 and 1", o.Jaccard)
			}
			cfg, env, sel, err := loadSelected(cmd, args, ".", where)
			if err != nil {
				return err
			}
			res := analyze.Lint(env, analyze.Checks(), cfg)
			ca := env.Analysis
			cat := sel.FilterAnalyzed(env.Catalog, ca)
			o.Attack, o.Tables, o.Lint, o.Where = env.Attack, env.Tables, res.Diagnostics, where.expr
			s := analyze.ComputeStats(cat, ca, o)
			return writeStats(cmd.OutOrStdout(), s, format, out, table)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&format, "format", "f", "md", "output format: "+strings.Join(statsFormats, ", "))
	f.StringVarP(&out, "output", "o", "", "file to write (a directory for --format csv); default standard output")
	f.StringVar(&table, "table", "", "with --format csv, write only this table: "+strings.Join(render.StatsTableNames(), ", "))
	f.Float64Var(&o.Jaccard, "jaccard", 0.8, "near-duplicate threshold: Jaccard similarity of two rules' indicator sets")
	f.IntVar(&o.MinIndicators, "min-indicators", 3, "compare only rules with at least this many indicator values for near-duplicates")
	f.IntVar(&o.Top, "top", 25, "length of the most-reused indicator and most-filtered field lists")
	where = addWhereFlag(cmd)
	return cmd
}

// writeStats writes s in format to stdout or out.
func writeStats(stdout io.Writer, s *analyze.Stats, format, out, table string) error {
	if format == "csv" && table == "" {
		if err := os.MkdirAll(out, 0o755); err != nil {
			return fmt.Errorf("create csv directory: %w", err)
		}
		for _, t := range render.StatsTables(s) {
			var b bytes.Buffer
			if err := render.WriteStatsCSV(&b, t); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(out, t.Name+".csv"), b.Bytes(), 0o644); err != nil {
				return fmt.Errorf("write csv: %w", err)
			}
		}
		return nil
	}
	var b bytes.Buffer
	var err error
	switch format {
	case "json":
		err = render.WriteStatsJSON(&b, s)
	case "html":
		err = render.WriteStatsHTML(&b, s)
	case "csv":
		t, _ := render.FindStatsTable(s, table)
		err = render.WriteStatsCSV(&b, t)
	default:
		err = render.WriteStatsMarkdown(&b, s)
	}
	if err != nil {
		return err
	}
	if out == "" {
		_, err = stdout.Write(b.Bytes())
		return err
	}
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write statistics: %w", err)
	}
	return nil
}
