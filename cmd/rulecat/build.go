package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/render"
)

// newBuildCmd is `rulecat build [paths] -o DIR`.
func newBuildCmd() *cobra.Command {
	var out, title, baseURL string
	var where *whereFlag
	cmd := &cobra.Command{
		Use:   "build [path...]",
		Short: "Render the catalog as a static documentation site",
		Long: "Load every rule file under the given paths (default \"rules\"), lint and analyze them, and write a static\n" +
			"HTML site into the output directory (default \"site\"): a page per rule, the rule index, the ATT&CK\n" +
			"matrix, pages per technique, tactic, table, connector, indicator and check, statistics, search and downloads\n" +
			"(ATT&CK Navigator layers, the analysis JSON). Links are relative, so the site works from file:// and\n" +
			"from any web-server path. The output directory must be new, empty or an earlier site (marked by its\n" +
			"\".rulecat-site\" file); pages of the earlier site that this build does not write are removed.\n" +
			"Prints the path of the index page.",
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, env, sel, err := loadSelected(cmd, args, "rules", where)
			if err != nil {
				return err
			}
			env.Catalog = sel.FilterAnalyzed(env.Catalog, env.Analysis)
			ca := env.Analysis
			if sel != nil { // the site's corpus counts are those of the rules it shows
				ca = analyze.AnalyzeCatalog(env.Catalog, env.Tables)
			}
			checks := analyze.Checks()
			site := &render.Site{
				Title:    title,
				Catalog:  env.Catalog,
				Checks:   checks,
				Attack:   env.Attack,
				Lint:     analyze.Lint(env, checks, cfg),
				Analysis: ca,
				BaseURL:  baseURL,
			}
			stats := analyze.ComputeStats(site.Catalog, site.Analysis, analyze.StatsOptions{
				Attack: env.Attack, Tables: env.Tables, Lint: site.Lint.Diagnostics, Where: where.expr})
			site.Statistics = func(w io.Writer, root string) error { return render.WriteStatsBody(w, stats, root) }
			if err := site.Build(out); err != nil {
				return fmt.Errorf("build site: %w", err)
			}
			index := filepath.Join(out, "index.html")
			if abs, err := filepath.Abs(index); err == nil {
				index = abs
			}
			fmt.Fprintln(cmd.OutOrStdout(), index)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&out, "output", "o", "site", "directory to write the site into: new, empty or an earlier site")
	f.StringVar(&title, "title", "", `site name shown in every page's header (default "rulecat")`)
	f.StringVar(&baseURL, "base-url", "",
		"absolute URL the site will be served from; ATT&CK Navigator layers then link techniques to rule pages")
	where = addWhereFlag(cmd)
	return cmd
}
