package catalog

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"sort"
)

// Severity orders findings: Info < Warning < Error.
type Severity int8

// The three severities a finding can have.
const (
	Info Severity = iota
	Warning
	Error
)

var severityNames = [...]string{"info", "warning", "error"}

// String returns the lowercase name used in every output format.
func (s Severity) String() string {
	if s < Info || s > Error {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads "error", "warning" or "info" (any case is not accepted:
// config files and flags use the lowercase names).
func ParseSeverity(s string) (Severity, bool) {
	for i, n := range severityNames {
		if n == s {
			return Severity(i), true
		}
	}
	return 0, false
}

// MarshalText encodes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, ok := ParseSeverity(string(b))
	if !ok {
		return fmt.Errorf("unknown severity %q; want error, warning or info", b)
	}
	*s = v
	return nil
}

// A Diagnostic is one finding at one span of one file. Schema errors, KQL
// syntax errors and lint findings alike are Diagnostics.
type Diagnostic struct {
	File     string   `json:"file"`     // slash-separated, as reached from the paths on the command line
	Line     int      `json:"line"`     // 1-based
	Col      int      `json:"column"`   // 1-based, counts bytes
	EndLine  int      `json:"end_line"` // first position after the span; 0 when unknown
	EndCol   int      `json:"end_column"`
	Severity Severity `json:"severity"`
	Check    string   `json:"check"` // id of the reporting check
	Message  string   `json:"message"`
	RuleID   string   `json:"rule_id"` // id of the rule the finding is about, when it has one
}

// String formats the diagnostic as one clickable line:
// "path:line:col: severity: message [check]".
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", d.File, d.Line, d.Col, d.Severity, d.Message, d.Check)
}

// Compare orders diagnostics by file, line, column, check and message.
func Compare(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col),
		cmp.Compare(a.Check, b.Check),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(a.EndLine, b.EndLine),
		cmp.Compare(a.EndCol, b.EndCol),
		cmp.Compare(a.Severity, b.Severity),
		cmp.Compare(a.RuleID, b.RuleID),
	)
}

// SortDiagnostics sorts ds in place with Compare and drops exact duplicates.
func SortDiagnostics(ds []Diagnostic) []Diagnostic {
	slices.SortFunc(ds, Compare)
	return slices.Compact(ds)
}

// Lines maps byte offsets to 1-based line and column; Lines[i] is the offset
// where line i+1 starts.
type Lines []int

// NewLines builds the line table of src.
func NewLines(src []byte) Lines {
	ls := make(Lines, 1, bytes.Count(src, []byte{'\n'})+1)
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return ls
		}
		off += i + 1
		ls = append(ls, off)
	}
}

// Position returns the 1-based line and byte column of offset off.
func (ls Lines) Position(off int) (line, col int) {
	i := sort.SearchInts(ls, off+1) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, off - ls[i] + 1
}
