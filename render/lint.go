// Package render writes what rulecat found: lint reports as text, JSON,
// SARIF and GitHub annotations, check documentation, and the site.
package render

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/catalog"
)

// ANSI escapes used by the text writer on a terminal.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// severityColor is the ANSI colour of each severity.
var severityColor = [...]string{catalog.Info: ansiCyan, catalog.Warning: ansiYellow, catalog.Error: ansiRed}

// WriteText writes one clickable line per diagnostic,
// "path:line:col: severity: message [check]", then a summary line. With
// color, positions are bold, severities coloured and check ids dimmed.
func WriteText(w io.Writer, res *analyze.Result, color bool) error {
	bw := bufio.NewWriter(w)
	for _, d := range res.Diagnostics {
		if !color {
			fmt.Fprintln(bw, d.String())
			continue
		}
		fmt.Fprintf(bw, "%s%s:%d:%d:%s %s%s%s: %s %s[%s]%s\n",
			ansiBold, d.File, d.Line, d.Col, ansiReset,
			severityColor[d.Severity], d.Severity, ansiReset,
			d.Message, ansiDim, d.Check, ansiReset)
	}
	fmt.Fprintln(bw, Summary(res))
	return bw.Flush()
}

// Summary is one line counting what was read and found:
// "17 files, 17 rules: 1 error, 2 warnings, 0 info".
func Summary(res *analyze.Result) string {
	var n [3]int
	for _, d := range res.Diagnostics {
		if d.Severity >= catalog.Info && d.Severity <= catalog.Error {
			n[d.Severity]++
		}
	}
	return fmt.Sprintf("%s, %s: %s, %s, %d info", plural(res.Files, "file"), plural(res.Rules, "rule"),
		plural(n[catalog.Error], "error"), plural(n[catalog.Warning], "warning"), n[catalog.Info])
}

// plural is "1 word" or "n words".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
