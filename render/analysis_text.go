package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/rulecat/rulecat/analyze"
)

// WriteAnalysisJSON writes the analysis of every rule as one JSON document
// {"rules": [...]}, rules in catalog (path) order. It encodes one rule at a
// time, so memory does not grow with the size of the document; the bytes
// are those of encoding the whole document with a two-space indent.
func WriteAnalysisJSON(w io.Writer, ca *analyze.CatalogAnalysis) error {
	bw := bufio.NewWriter(w)
	if len(ca.Rules) == 0 {
		bw.WriteString("{\n  \"rules\": []\n}\n")
		return bw.Flush()
	}
	bw.WriteString("{\n  \"rules\": [\n")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("    ", "  ")
	enc.SetEscapeHTML(false)
	for i, ra := range ca.Rules {
		buf.Reset()
		if err := enc.Encode(ra); err != nil {
			return fmt.Errorf("encode analysis of %s: %w", ra.File, err)
		}
		bw.WriteString("    ")
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		if i < len(ca.Rules)-1 {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
	}
	bw.WriteString("  ]\n}\n")
	return bw.Flush()
}

// WriteAnalysisText writes the analysis of every rule as readable text laid
// out like a rule page: parameters, stages and predicates, indicators with
// their corpus counts, output fields, tables and lookbacks.
func WriteAnalysisText(w io.Writer, ca *analyze.CatalogAnalysis) error {
	tw := &errWriter{w: w}
	for i, ra := range ca.Rules {
		if i > 0 {
			tw.printf("\n")
		}
		writeRuleAnalysis(tw, ra)
	}
	return tw.err
}

// errWriter keeps the first write error so the text writer can go on
// unconditionally.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func writeRuleAnalysis(w *errWriter, ra *analyze.RuleAnalysis) {
	title := ra.Name
	if title == "" {
		title = ra.File
	}
	w.printf("%s\n%s\n", title, strings.Repeat("=", min(len(title), 100)))
	w.printf("file: %s\n", ra.File)
	if ra.ID != "" {
		w.printf("id: %s\n", ra.ID)
	}
	w.printf("kind: %s", ra.Kind)
	if ra.Severity != "" {
		w.printf("  severity: %s", ra.Severity)
	}
	w.printf("\n")
	if len(ra.Tactics) > 0 {
		w.printf("tactics: %s\n", strings.Join(ra.Tactics, ", "))
	}
	if len(ra.Techniques) > 0 {
		w.printf("techniques: %s\n", strings.Join(ra.Techniques, ", "))
	}
	for _, q := range ra.Queries {
		w.printf("\n")
		writeQueryAnalysis(w, q)
	}
}

func writeQueryAnalysis(w *errWriter, q *analyze.QueryAnalysis) {
	head := "Query"
	if q.Label != "" {
		head += " " + q.Label
	}
	w.printf("## %s (line %d)\n", head, q.Line)
	if len(q.Tables) > 0 {
		w.printf("tables: %s\n", strings.Join(q.Tables, ", "))
	}

	if len(q.Parameters) > 0 {
		w.printf("\n### Parameters\n")
		for _, p := range q.Parameters {
			w.printf("%4d  let %s = %s;\n", p.Line, p.Name, indentRest(p.Text, "      "))
		}
	}

	w.printf("\n### Stages and Predicates\n")
	writeStages(w, q.Stages, "")

	w.printf("\n### Indicators\n")
	if len(q.Indicators) == 0 {
		w.printf("(none)\n")
	} else {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "Line\tField\tKind\tValues (corpus count)\n")
		for _, ind := range q.Indicators {
			kind := ind.Kind
			if !ind.CaseSensitive && len(ind.Values) > 0 {
				kind += " (any case)"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", ind.Line, oneLine(ind.Field), kind, indicatorValues(ind.Values))
		}
		tw.Flush()
	}

	w.printf("\n### Output fields")
	if !q.OutputsComplete {
		w.printf(" (incomplete: some columns could not be known)")
	}
	w.printf("\n")
	if len(q.Outputs) == 0 {
		w.printf("(none known)\n")
	} else {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "Field\tSource\n")
		for _, o := range q.Outputs {
			fmt.Fprintf(tw, "%s\t%s\n", o.Field, o.Source)
		}
		tw.Flush()
	}

	if len(q.Lookbacks) > 0 {
		w.printf("\n### Lookbacks\n")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "Table\tColumn\tWindow\n")
		for _, lb := range q.Lookbacks {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", orDash(lb.Table), lb.Column, lb.Window)
		}
		tw.Flush()
	}
}

// writeStages writes stages as "Stage N: operator" headings followed by
// their text, substages indented under their parent.
func writeStages(w *errWriter, stages []*analyze.Stage, indent string) {
	for _, st := range stages {
		if indent == "" {
			w.printf("%sStage %d: %s (line %d)\n", indent, st.Index, st.Label(), st.Line)
		} else {
			w.printf("%s%d. %s (line %d)\n", indent, st.Index, st.Label(), st.Line)
		}
		for _, l := range strings.Split(st.Text, "\n") {
			w.printf("%s    %s\n", indent, l)
		}
		if len(st.Substages) > 0 {
			writeStages(w, st.Substages, indent+"    ")
		}
	}
}

func indicatorValues(vs []analyze.IndicatorValue) string {
	if len(vs) == 0 {
		return ""
	}
	parts := make([]string, 0, len(vs))
	for _, v := range vs {
		if v.Bare { // a number, bool or timespan, as the query writes it
			parts = append(parts, fmt.Sprintf("%s (%d)", v.Value, v.Corpus))
		} else {
			parts = append(parts, fmt.Sprintf("\"%s\" (%d)", v.Value, v.Corpus))
		}
	}
	return strings.Join(parts, ", ")
}

// oneLine flattens text that holds line breaks for a table cell.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// indentRest indents every line of s after the first.
func indentRest(s, indent string) string { return strings.ReplaceAll(s, "\n", "\n"+indent) }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
