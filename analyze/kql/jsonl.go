package kql

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"
)

// CheckJSONL reads JSON lines, each an object with a "query" field, and
// writes each object back with an "errors" field added: the syntax errors
// of the query as [{"offset", "line", "column", "message"}], empty when it
// parses. Offsets are bytes into the query; line and column are 1-based,
// the column counting bytes. The other fields are kept as they were, in
// their order. Blank lines are skipped.
//
// A line that is not a JSON object with a string "query" is left out of the
// output, and the others are still checked: bad has a *LineError for each
// such line. err is an error of reading or writing.
func CheckJSONL(r io.Reader, w io.Writer) (bad []*LineError, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 256<<20)
	var lines [][]byte
	for sc.Scan() {
		lines = append(lines, bytes.Clone(sc.Bytes()))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read JSON lines: %w", err)
	}
	// Lines are checked in parallel, each result in its own slot, and
	// written in input order.
	out := make([][]byte, len(lines))
	errs := make([]error, len(lines))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, line := range lines {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			out[i], errs[i] = checkLine(line)
		})
	}
	wg.Wait()
	bw := bufio.NewWriterSize(w, 1<<16)
	for i, o := range out {
		if errs[i] != nil {
			bad = append(bad, lineError(i+1, lines[i], errs[i]))
			continue
		}
		if o == nil {
			continue // a blank line
		}
		bw.Write(o)
		bw.WriteByte('\n')
	}
	return bad, bw.Flush()
}

// A LineError is a line of JSON lines input that could not be checked.
// Line and Column are 1-based; the column counts bytes.
type LineError struct {
	Line, Column int
	Msg          string
}

func (e *LineError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg) }

// lineError describes err, met decoding line n (text), as a *LineError at
// the byte where the JSON went wrong.
func lineError(n int, text []byte, err error) *LineError {
	col := len(text) - len(bytes.TrimLeft(text, " \t")) + 1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		col += int(syn.Offset) - 1
		return &LineError{n, max(col, 1), "not valid JSON: " + syn.Error()}
	case errors.As(err, &typ):
		return &LineError{n, queryColumn(text), "not a JSON object with a string \"query\": " + typ.Error()}
	}
	return &LineError{n, col, err.Error()}
}

// queryColumn returns the column of the value of the top-level "query"
// field of the JSON object text, or 1 if it has none.
func queryColumn(text []byte) int {
	dec := json.NewDecoder(bytes.NewReader(text))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return 1
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return 1
		}
		if key == "query" {
			// The value starts after the ':' and any spaces that follow the key.
			i := int(dec.InputOffset())
			for i < len(text) && (text[i] == ':' || text[i] == ' ' || text[i] == '\t') {
				i++
			}
			return i + 1
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return 1
		}
	}
	return 1
}

// checkLine returns the JSON object on line with its "errors" field, or
// nil for a blank line.
func checkLine(line []byte) ([]byte, error) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return nil, nil
	}
	var rec struct {
		Query *string `json:"query"`
	}
	if err := json.Unmarshal(line, &rec); err != nil {
		return nil, err
	}
	if rec.Query == nil {
		return nil, errors.New(`the object has no "query" field`)
	}
	_, errs := Parse(*rec.Query)
	return withErrors(line, *rec.Query, errs)
}

// withErrors returns the JSON object obj with an "errors" field for errs.
func withErrors(obj []byte, src string, errs []*Error) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('[')
	var ls Lines
	if len(errs) > 0 {
		ls = NewLines(src)
	}
	for i, e := range errs {
		if i > 0 {
			b.WriteByte(',')
		}
		l, c := ls.Position(int(e.Pos))
		msg, _ := json.Marshal(e.Msg)
		fmt.Fprintf(&b, `{"offset":%d,"line":%d,"column":%d,"message":%s}`, e.Pos, l, c, msg)
	}
	b.WriteByte(']')
	var fields map[string]json.RawMessage
	if bytes.Contains(obj, []byte(`"errors"`)) {
		// Only then is the object decoded a second time.
		if err := json.Unmarshal(obj, &fields); err != nil {
			return nil, err
		}
	}
	if _, ok := fields["errors"]; ok {
		// Replace the old field; the object is written back with sorted keys.
		fields["errors"] = b.Bytes()
		return json.Marshal(fields)
	}
	// Append the field before the closing brace, keeping the text as it was.
	end := bytes.LastIndexByte(obj, '}')
	out := make([]byte, 0, len(obj)+b.Len()+12)
	out = append(out, obj[:end]...)
	if len(bytes.TrimSpace(obj[1:end])) > 0 {
		out = append(out, ',')
	}
	out = append(out, strconv.Quote("errors")...)
	out = append(out, ':')
	out = append(out, b.Bytes()...)
	return append(out, '}'), nil
}
