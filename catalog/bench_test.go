package catalog

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLoad loads the whole shared corpus: discovery, decoding and
// schema validation. It reports MB/s of rule files read.
func BenchmarkLoad(b *testing.B) {
	needCorpus(b)
	var total int64
	_ = filepath.WalkDir(corpusDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && ruleFile(filepath.ToSlash(p)) {
			if fi, err := d.Info(); err == nil {
				total += fi.Size()
			}
		}
		return nil
	})
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load([]string{corpusDir}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeYAML decodes and validates one typical analytic rule.
func BenchmarkDecodeYAML(b *testing.B) {
	src, err := os.ReadFile("testdata/load/analytic.yaml")
	if err != nil {
		b.Fatal(err)
	}
	v := newValidator(Options{})
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		decode("analytic.yaml", src, v)
	}
}
