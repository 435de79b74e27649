package render

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/catalog"
)

// GitHubAnnotationCap is how many annotations of one type (error, warning,
// notice) GitHub displays for a step; it drops the rest.
const GitHubAnnotationCap = 10

// githubCommand maps a severity to its workflow command.
func githubCommand(s catalog.Severity) string {
	switch s {
	case catalog.Error:
		return "error"
	case catalog.Warning:
		return "warning"
	}
	return "notice"
}

// escapeData escapes the message of a workflow command.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value of a workflow command.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// WriteGitHub writes one workflow-command annotation per diagnostic,
// "::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message".
// GitHub shows only GitHubAnnotationCap annotations of each type, so the
// findings past the cap are also written as a markdown table to the file
// that getenv("GITHUB_STEP_SUMMARY") names, when it names one; getenv is
// os.Getenv in the CLI.
func WriteGitHub(w io.Writer, res *analyze.Result, getenv func(string) string) error {
	bw := bufio.NewWriter(w)
	count := map[string]int{}
	var overflow []catalog.Diagnostic
	for _, d := range res.Diagnostics {
		cmd := githubCommand(d.Severity)
		count[cmd]++
		if count[cmd] > GitHubAnnotationCap {
			overflow = append(overflow, d)
		}
		fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d", cmd, escapeProperty(d.File), d.Line, d.Col)
		if d.EndLine > 0 && d.EndCol > 0 {
			fmt.Fprintf(bw, ",endLine=%d,endColumn=%d", d.EndLine, d.EndCol)
		}
		fmt.Fprintf(bw, ",title=%s::%s\n", escapeProperty("rulecat "+d.Check), escapeData(d.Message))
	}
	if len(overflow) > 0 {
		summary := getenv("GITHUB_STEP_SUMMARY")
		where := "the log above"
		if summary != "" {
			if err := appendSummary(summary, res, overflow); err != nil {
				return err
			}
			where = "the job summary"
		}
		fmt.Fprintf(bw, "::notice title=rulecat::%s",
			escapeData(fmt.Sprintf("%d more findings than GitHub displays as annotations; see %s", len(overflow), where)))
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

// appendSummary appends the overflow table to the step summary file.
func appendSummary(name string, res *analyze.Result, ds []catalog.Diagnostic) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("write step summary: %w", err)
	}
	werr := WriteSummaryTable(f, res, ds)
	if err := f.Close(); err != nil && werr == nil {
		werr = fmt.Errorf("write step summary: %w", err)
	}
	return werr
}

// WriteSummaryTable writes ds as a markdown table headed by the report's
// summary line.
func WriteSummaryTable(w io.Writer, res *analyze.Result, ds []catalog.Diagnostic) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "### rulecat: %d findings not shown as annotations\n\n", len(ds))
	fmt.Fprintf(bw, "%s\n\n", Summary(res))
	fmt.Fprintln(bw, "| File | Line | Severity | Check | Message |")
	fmt.Fprintln(bw, "|---|---:|---|---|---|")
	for _, d := range ds {
		fmt.Fprintf(bw, "| %s | %d:%d | %s | `%s` | %s |\n",
			escapeCell(d.File), d.Line, d.Col, d.Severity, d.Check, escapeCell(d.Message))
	}
	fmt.Fprintln(bw)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write step summary: %w", err)
	}
	return nil
}

// escapeCell keeps text inside one markdown table cell and stops it from
// being read as markup.
func escapeCell(s string) string {
	return strings.NewReplacer("\\", "\\\\", "|", "\\|", "\r", " ", "\n", " ", "<", "&lt;", ">", "&gt;", "`", "\\`", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]").Replace(s)
}
