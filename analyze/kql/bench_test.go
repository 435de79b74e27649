package kql

import "testing"

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
