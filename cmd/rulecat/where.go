package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/analyze/selector"
	"github.com/spf13/cobra"
)

// whereFlag is the --where flag that stats, lint, analyze and build share.
// A command calls addWhereFlag when it builds its flags and selector in
// RunE, before loading the catalog (a bad expression fails fast); the
// RuleSelector then filters the catalog (Filter, FilterAnalyzed) or the
// findings (analyze.Result.Select).
type whereFlag struct{ expr string }

// addWhereFlag adds --where EXPR to cmd.
func addWhereFlag(cmd *cobra.Command) *whereFlag {
	w := &whereFlag{}
	cmd.Flags().StringVar(&w.expr, "where", "",
		`work only on the rules matching a selector expression, such as 'severity >= Medium and tactic == "InitialAccess"' (see docs/selector.md)`)
	return w
}

// selector compiles the flag; nil (matching every rule) when it is unset.
// A bad expression is a usage error that shows where it went wrong.
func (w *whereFlag) selector() (*analyze.RuleSelector, error) {
	if w == nil || w.expr == "" {
		return nil, nil
	}
	s, err := analyze.CompileSelector(w.expr)
	if err != nil {
		return nil, whereError(w.expr, err)
	}
	return s, nil
}

// whereError formats a selector error with the expression and a caret
// under the column, as compilers do.
func whereError(expr string, err error) error {
	var se *selector.Error
	if !errors.As(err, &se) {
		return fmt.Errorf("--where: %w", err)
	}
	lines := strings.Split(expr, "\n")
	if se.Line < 1 || se.Line > len(lines) {
		return fmt.Errorf("--where: %w", err)
	}
	line := lines[se.Line-1]
	pad := strings.Map(func(r rune) rune {
		if r == '\t' {
			return '\t'
		}
		return ' '
	}, line[:min(se.Col-1, len(line))])
	return fmt.Errorf("--where: %w\n  %s\n  %s^", err, line, pad)
}
