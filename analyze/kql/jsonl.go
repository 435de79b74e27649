package kql

import (
	"bufio"
	"bytes"
	"encoding/json"
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
func CheckJSONL(r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 256<<20)
	var lines [][]byte
	for sc.Scan() {
		lines = append(lines, bytes.Clone(sc.Bytes()))
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read JSON lines: %w", err)
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
			return fmt.Errorf("line %d: %w", i+1, errs[i])
		}
		if o == nil {
			continue // a blank line
		}
		bw.Write(o)
		bw.WriteByte('\n')
	}
	return bw.Flush()
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
		return nil, fmt.Errorf("no \"query\" field")
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
