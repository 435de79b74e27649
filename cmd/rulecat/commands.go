package main

import "github.com/spf13/cobra"

// subcommands lists every rulecat subcommand; each lives in its own file.
func subcommands() []*cobra.Command {
	return []*cobra.Command{
		newLintCmd(),
		newChecksCmd(),
		newAnalyzeCmd(),
		newBuildCmd(),
		newStatsCmd(),
		newKQLCmd(),
	}
}
