package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/render"
)

// newChecksCmd is `rulecat checks [ID]`: the list of checks, or one check's
// documentation with its examples.
func newChecksCmd() *cobra.Command {
	var markdown bool
	cmd := &cobra.Command{
		Use:   "checks [ID]",
		Short: "List every check, or print one check's documentation",
		Long: "With no argument, list every check with its default severity and a one-line description.\n" +
			"With a check id, print that check's documentation with a bad and a good example.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			checks := analyze.Checks()
			out := cmd.OutOrStdout()
			switch {
			case markdown:
				return render.WriteChecksMarkdown(out, checks)
			case len(args) == 0:
				return render.WriteChecks(out, checks)
			}
			for _, c := range checks {
				if c.ID == args[0] {
					return render.WriteCheckDoc(out, c)
				}
			}
			return fmt.Errorf("unknown check %q; run \"rulecat checks\" for the list", args[0])
		},
	}
	cmd.Flags().BoolVar(&markdown, "markdown", false, "write every check's documentation as one markdown page (docs/checks.md)")
	return cmd
}
