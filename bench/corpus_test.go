package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// corpusFiles are the shared corpora, in the order and under the names that
// official/bench.js also uses. Paths are relative to the shared folder.
var corpusFiles = []struct{ name, file string }{
	{"doc-examples", "kql/doc-examples.jsonl"},
	{"realworld-hunting", "kql/realworld-hunting.jsonl"},
	{"rule-corpus", "corpus/LABELS.jsonl"},
}

// A corpus is the queries of one shared JSON-lines file.
type corpus struct {
	name    string
	queries []query
	bytes   int64 // UTF-8 bytes of all queries
}

// A query is one record's text and the official parser's verdict on it.
type query struct {
	text  string
	valid bool // official_syntax_errors is present and empty
	known bool // official_syntax_errors is present
}

// sharedDir is the folder holding kql/ and corpus/: $SHARED, or the shared
// folder next to the repository (tests run in bench/).
func sharedDir() string {
	if d := os.Getenv("SHARED"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared")
}

// loadCorpora reads every corpus once per test binary.
var loadCorpora = sync.OnceValues(func() ([]*corpus, error) {
	dir := sharedDir()
	var cs []*corpus
	for _, f := range corpusFiles {
		c, err := readCorpus(f.name, filepath.Join(dir, f.file))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, nil
})

func readCorpus(name, path string) (*corpus, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c := &corpus{name: name}
	dec := json.NewDecoder(f)
	for {
		var r struct {
			Query  *string            `json:"query"`
			Errors *[]json.RawMessage `json:"official_syntax_errors"`
		}
		err := dec.Decode(&r)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read corpus %s: record %d: %w", path, len(c.queries)+1, err)
		}
		if r.Query == nil {
			continue
		}
		q := query{text: *r.Query, known: r.Errors != nil}
		q.valid = q.known && len(*r.Errors) == 0
		c.queries = append(c.queries, q)
		c.bytes += int64(len(q.text))
	}
	return c, nil
}

// corpora returns the shared corpora, or skips tb when none is present.
func corpora(tb testing.TB) []*corpus {
	tb.Helper()
	cs, err := loadCorpora()
	if err != nil {
		tb.Fatal(err)
	}
	if len(cs) == 0 {
		tb.Skipf("no shared corpus under %s (set SHARED to the folder holding kql/ and corpus/)", sharedDir())
	}
	return cs
}
