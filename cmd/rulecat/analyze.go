package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/render"
)

// analyzeFormats are the values of analyze's --format.
var analyzeFormats = []string{"text", "json"}

// newAnalyzeCmd is `rulecat analyze [paths]`.
func newAnalyzeCmd() *cobra.Command {
	var format string
	var where *whereFlag
	cmd := &cobra.Command{
		Use:   "analyze [path...]",
		Short: "Show what each rule's queries read, filter on and emit",
		Long: "Load every rule file under the given paths (default \".\") and print, for each query variant, its\n" +
			"parameters, stages, indicators (with how many rules of the catalog share each), output fields,\n" +
			"tables and lookback windows. Rules come in path order.",
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(analyzeFormats, format) {
				return fmt.Errorf("unknown --format %q; want one of %s", format, strings.Join(analyzeFormats, ", "))
			}
			_, env, sel, err := loadSelected(cmd, args, ".", where)
			if err != nil {
				return err
			}
			ca := env.Analysis
			if sel != nil { // corpus counts stay those of the whole catalog
				ca = &analyze.CatalogAnalysis{Index: ca.Index, Rules: slices.DeleteFunc(slices.Clone(ca.Rules),
					func(ra *analyze.RuleAnalysis) bool { return !sel.MatchAnalyzed(ra) })}
			}
			if format == "json" {
				return render.WriteAnalysisJSON(cmd.OutOrStdout(), ca)
			}
			return render.WriteAnalysisText(cmd.OutOrStdout(), ca)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: "+strings.Join(analyzeFormats, ", "))
	where = addWhereFlag(cmd)
	return cmd
}
