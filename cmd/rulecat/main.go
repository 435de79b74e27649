// Command rulecat lints, analyzes and documents a catalog of KQL detection
// rules (Microsoft Sentinel YAML, Defender XDR markdown and bare .kql files).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// exitError carries an exit status out of a command.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Exit statuses: 0 no error-level finding, 1 at least one error-level
// finding, 2 the command itself could not run.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// run executes the CLI in-process and returns the exit status, so tests can
// drive it without a subprocess.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintf(stderr, "rulecat: %v\n", err)
	return exitUsage
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "rulecat",
		Short:         "Lint, analyze and document a catalog of KQL detection rules",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	addGlobalFlags(root)
	root.AddCommand(subcommands()...)
	return root
}
