package render

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/catalog"
)

// jsonReport is the one object `rulecat lint --format json` prints.
type jsonReport struct {
	Files       int                  `json:"files"`
	Rules       int                  `json:"rules"`
	Diagnostics []catalog.Diagnostic `json:"diagnostics"`
}

// WriteJSON writes res as one JSON object:
// {"files":N,"rules":N,"diagnostics":[{"file","line","column","end_line",
// "end_column","severity","check","message","rule_id"}]}, diagnostics in
// res's order (by file, line, column, check) and never null.
func WriteJSON(w io.Writer, res *analyze.Result) error {
	r := jsonReport{Files: res.Files, Rules: res.Rules, Diagnostics: res.Diagnostics}
	if r.Diagnostics == nil {
		r.Diagnostics = []catalog.Diagnostic{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write JSON report: %w", err)
	}
	return nil
}
