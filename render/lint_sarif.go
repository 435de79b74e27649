package render

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/catalog"
)

// DefaultHelpURI is where SARIF results link a check's documentation;
// "{id}" stands for the check id.
const DefaultHelpURI = "https://github.com/rulecat/rulecat/blob/main/docs/checks.md#{id}"

// srcRoot is the uriBaseId of every artifact: the repository checkout.
const srcRoot = "%SRCROOT%"

// fingerprintKey names rulecat's partial fingerprint. Bump the version if
// what it hashes ever changes.
const fingerprintKey = "rulecat/v1"

// SARIFOptions tune WriteSARIF.
type SARIFOptions struct {
	Checks  []*analyze.Check // documented in tool.driver.rules
	HelpURI string           // pattern of check documentation URLs; "" means DefaultHelpURI
	Version string           // rulecat's version, "" to leave it out
	// URI maps a diagnostic's file to its path relative to the repository
	// root; nil uses the file as it is.
	URI func(file string) string
	// Source returns the text of a diagnostic's file, so that columns,
	// which count bytes, can be given in UTF-16 code units as SARIF
	// counts them by default. Without it, or when it fails, columns stay
	// byte counts (the same thing on ASCII lines).
	Source func(file string) ([]byte, error)
}

// columns converts byte columns to UTF-16 columns with the files' text.
type columns struct {
	source func(string) ([]byte, error)
	files  map[string]*sourceFile
}

// sourceFile is a file's text with its line table.
type sourceFile struct {
	src   []byte
	lines catalog.Lines
}

// utf16 returns the UTF-16 column of byte column col on line of file.
func (c *columns) utf16(file string, line, col int) int {
	if c.source == nil || line < 1 || col < 1 {
		return col
	}
	f, ok := c.files[file]
	if !ok {
		if src, err := c.source(file); err == nil {
			src = catalog.TrimBOM(src) // as the loader read it
			f = &sourceFile{src: src, lines: catalog.NewLines(src)}
		}
		c.files[file] = f
	}
	if f == nil || line > len(f.lines) {
		return col
	}
	start := f.lines[line-1]
	end := start + col - 1
	if end > len(f.src) {
		return col
	}
	n := 0
	for _, r := range string(f.src[start:end]) {
		n += utf16.RuneLen(r)
	}
	return n + 1
}

// HelpURL returns the documentation URL of check id: pattern with "{id}"
// replaced, or with the id appended when pattern has no "{id}".
func HelpURL(pattern, id string) string {
	if pattern == "" {
		pattern = DefaultHelpURI
	}
	if strings.Contains(pattern, "{id}") {
		return strings.ReplaceAll(pattern, "{id}", url.PathEscape(id))
	}
	return pattern + url.PathEscape(id)
}

// artifactLocation is a path relative to the repository root under
// %SRCROOT%, or a file URI for a file outside it (an absolute path).
func artifactLocation(file string) *sarif.ArtifactLocation {
	if path.IsAbs(file) {
		return sarif.NewSimpleArtifactLocation((&url.URL{Scheme: "file", Path: file}).String())
	}
	return sarif.NewSimpleArtifactLocation((&url.URL{Path: file}).String()).WithURIBaseID(srcRoot)
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s catalog.Severity) string {
	switch s {
	case catalog.Error:
		return "error"
	case catalog.Warning:
		return "warning"
	}
	return "note"
}

// Fingerprint identifies a finding across runs independently of where its
// lines moved: a hash of the check id, file, rule id and message. In SARIF
// output it is followed by ":N", N counting the findings of one file with
// the same hash in line order (as GitHub's own primaryLocationLineHash
// does), so that identical messages on two lines stay two alerts.
func Fingerprint(check, file, ruleID, message string) string {
	h := sha256.Sum256([]byte(check + "\x00" + file + "\x00" + ruleID + "\x00" + message))
	return hex.EncodeToString(h[:16])
}

// WriteSARIF writes res as a SARIF 2.1.0 log that GitHub code scanning
// accepts: one run whose driver lists every check (and any other check id a
// diagnostic carries), and one result per diagnostic with a path relative
// to %SRCROOT%, its region and a line-independent partial fingerprint.
func WriteSARIF(w io.Writer, res *analyze.Result, opts SARIFOptions) error {
	run := sarif.NewRunWithInformationURI("rulecat", "https://github.com/rulecat/rulecat")
	run.WithColumnKind("utf16CodeUnits")
	if opts.Version != "" {
		run.Tool.Driver.WithVersion(opts.Version)
	}
	checks := slices.Clone(opts.Checks)
	known := map[string]bool{}
	for _, c := range checks {
		known[c.ID] = true
	}
	for _, d := range res.Diagnostics { // ids reported while loading have no Check value
		if !known[d.Check] {
			known[d.Check] = true
			checks = append(checks, &analyze.Check{ID: d.Check, Severity: d.Severity, Title: d.Check})
		}
	}
	slices.SortFunc(checks, func(a, b *analyze.Check) int { return cmp.Compare(a.ID, b.ID) })
	for _, c := range checks {
		title := cmp.Or(c.Title, c.ID)
		run.AddRule(c.ID).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(title)).
			WithFullDescription(sarif.NewMultiformatMessageString().WithText(cmp.Or(c.Doc, title))).
			WithHelpURI(HelpURL(opts.HelpURI, c.ID)).
			WithMarkdownHelp(checkMarkdown(c)).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(c.Severity)))
	}
	cols := &columns{source: opts.Source, files: map[string]*sourceFile{}}
	seen := map[string]int{} // fingerprint → occurrences so far, numbering identical findings
	for _, d := range res.Diagnostics {
		file := d.File
		if opts.URI != nil {
			file = opts.URI(d.File)
		}
		fp := Fingerprint(d.Check, file, d.RuleID, d.Message)
		seen[fp]++
		loc := sarif.NewPhysicalLocation().
			WithArtifactLocation(artifactLocation(file))
		if d.Line > 0 { // SARIF lines and columns start at 1; a finding about a whole file has no region
			region := sarif.NewRegion().WithStartLine(d.Line).WithStartColumn(cols.utf16(d.File, d.Line, max(d.Col, 1)))
			if d.EndLine > 0 && d.EndCol > 0 {
				region.WithEndLine(d.EndLine).WithEndColumn(cols.utf16(d.File, d.EndLine, d.EndCol))
			}
			loc.WithRegion(region)
		}
		run.CreateResultForRule(d.Check).
			WithLevel(sarifLevel(d.Severity)).
			WithMessage(sarif.NewTextMessage(d.Message)).
			AddLocation(sarif.NewLocationWithPhysicalLocation(loc)).
			WithPartialFingerprints(map[string]string{fingerprintKey: fp + ":" + strconv.Itoa(seen[fp])})
	}
	rep := sarif.NewReport()
	rep.AddRun(run)
	if err := rep.PrettyWrite(w); err != nil {
		return fmt.Errorf("write SARIF report: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write SARIF report: %w", err)
	}
	return nil
}

// checkMarkdown is a check's documentation with its examples, as shown by
// code scanning's rule help.
func checkMarkdown(c *analyze.Check) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (%s): %s\n", c.ID, c.Severity, cmp.Or(c.Title, c.ID))
	if c.Doc != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(c.Doc))
	}
	if c.Bad != "" {
		fmt.Fprintf(&b, "\nBad:\n\n```%s\n%s\n```\n", exampleLang(c.Bad), strings.TrimRight(c.Bad, "\n"))
	}
	if c.Good != "" {
		fmt.Fprintf(&b, "\nGood:\n\n```%s\n%s\n```\n", exampleLang(c.Good), strings.TrimRight(c.Good, "\n"))
	}
	return b.String()
}

// exampleLang is the fence language of an example: markdown when it starts
// with "#" followed by a space (a heading), else YAML.
func exampleLang(src string) string {
	if strings.HasPrefix(src, "# ") && !strings.HasPrefix(src, "# rulecat:") {
		return "markdown"
	}
	return "yaml"
}
