package main

import (
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

// version is rulecat's version as SARIF reports it.
const version = "0.1.0"

// lintFormats are the values of --format.
var lintFormats = []string{"text", "json", "sarif", "github"}

// newLintCmd is `rulecat lint [paths]`.
func newLintCmd() *cobra.Command {
	var format, changedSince, helpURI string
	var where *whereFlag
	cmd := &cobra.Command{
		Use:   "lint [path...]",
		Short: "Check rule files and report problems",
		Long: "Load every rule file under the given paths (default \".\"), run every check and report the findings.\n" +
			"Exit status: 0 no error-level finding, 1 at least one, 2 the command could not run.",
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(lintFormats, format) {
				return fmt.Errorf("unknown --format %q; want one of %s", format, strings.Join(lintFormats, ", "))
			}
			if len(args) == 0 {
				args = []string{"."}
			}
			sel, err := where.selector()
			if err != nil {
				return err
			}
			// Ask git first: a bad ref should fail before the catalog is read.
			var changed func(string) bool
			if changedSince != "" {
				if changed, err = changedFiles(changedSince); err != nil {
					return err
				}
			}
			cfg, env, err := loadEnv(cmd, args)
			if err != nil {
				return err
			}
			sel.UseAttack(env.Attack) // as loadSelected does for the other commands
			env.Changed = changed     // nil outside PR mode
			res := analyze.Lint(env, analyze.Checks(), cfg)
			if sel != nil {
				res.Select(env.Catalog, sel)
			}
			if changed != nil {
				res.Filter(changed)
			}
			if err := writeLint(cmd.OutOrStdout(), format, res, helpURI); err != nil {
				return err
			}
			if res.HasErrors() {
				return exitError{exitFindings}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&format, "format", "f", "text", "output format: "+strings.Join(lintFormats, ", "))
	f.StringVar(&changedSince, "changed-since", "",
		"report only on rule files changed since git REF (committed, uncommitted or untracked); the whole catalog is still loaded")
	f.StringVar(&helpURI, "help-uri", render.DefaultHelpURI,
		`URL of a check's documentation in SARIF output; "{id}" stands for the check id`)
	where = addWhereFlag(cmd)
	return cmd
}

// writeLint writes res in format.
func writeLint(w io.Writer, format string, res *analyze.Result, helpURI string) error {
	switch format {
	case "json":
		return render.WriteJSON(w, res)
	case "sarif":
		return render.WriteSARIF(w, res, render.SARIFOptions{
			Checks: analyze.Checks(), HelpURI: helpURI, Version: version, URI: repoRelative(),
			Source: func(file string) ([]byte, error) { return os.ReadFile(filepath.FromSlash(file)) },
		})
	case "github":
		return render.WriteGitHub(w, res, os.Getenv)
	}
	return render.WriteText(w, res, useColor(w))
}

// useColor reports whether w is a terminal and NO_COLOR is unset.
func useColor(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// repoRelative returns a function that makes a path relative to the git
// repository holding the working directory (or to the working directory
// outside git), as SARIF consumers expect.
func repoRelative() func(string) string {
	root, err := gitTopLevel()
	if err != nil {
		if root, err = os.Getwd(); err != nil {
			return nil
		}
	}
	return func(file string) string {
		abs, err := filepath.Abs(filepath.FromSlash(file))
		if err != nil {
			return file
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil || strings.HasPrefix(rel, "..") {
			return file
		}
		return filepath.ToSlash(rel)
	}
}
