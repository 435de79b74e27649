package kql

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func benchCorpus(b *testing.B, file string, lexOnly bool) {
	recs := loadCorpus(b, file)
	n := 0
	for _, r := range recs {
		n += len(r.Query)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range recs {
			if lexOnly {
				Lex(r.Query)
			} else {
				Parse(r.Query)
			}
		}
	}
}

func BenchmarkParseDocExamples(b *testing.B) { benchCorpus(b, "kql/doc-examples.jsonl", false) }
func BenchmarkParseRealworld(b *testing.B)   { benchCorpus(b, "kql/realworld-hunting.jsonl", false) }
func BenchmarkParseLabels(b *testing.B)      { benchCorpus(b, "corpus/LABELS.jsonl", false) }
func BenchmarkLexLabels(b *testing.B)        { benchCorpus(b, "corpus/LABELS.jsonl", true) }

// BenchmarkCheckJSONL measures "rulecat kql check --jsonl" over all three
// corpora, JSON decoding and encoding included.
func BenchmarkCheckJSONL(b *testing.B) {
	var all []byte
	for _, f := range []string{"kql/doc-examples.jsonl", "kql/realworld-hunting.jsonl", "corpus/LABELS.jsonl"} {
		data, err := os.ReadFile(filepath.Join(sharedDir, f))
		if err != nil {
			b.Skipf("corpus not available: %v", err)
		}
		all = append(all, data...)
	}
	b.SetBytes(int64(len(all)))
	for b.Loop() {
		if bad, err := CheckJSONL(bytes.NewReader(all), io.Discard); err != nil || bad != nil {
			b.Fatal(bad, err)
		}
	}
}
