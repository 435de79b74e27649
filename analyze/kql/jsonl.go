package kql

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
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
	bw := bufio.NewWriterSize(w, 1<<16)
	var rec struct {
		Query *string `json:"query"`
	}
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		rec.Query = nil
		if err := json.Unmarshal(line, &rec); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if rec.Query == nil {
			return fmt.Errorf("line %d: no \"query\" field", n)
		}
		_, errs := Parse(*rec.Query)
		out, err := withErrors(line, *rec.Query, errs)
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		bw.Write(out)
		bw.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read JSON lines: %w", err)
	}
	return bw.Flush()
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
