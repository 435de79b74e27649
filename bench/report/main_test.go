package main

import (
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	const out = `== rulecat bench run
BenchmarkParse/doc-examples/rulecat 	      30	  40000000 ns/op	  20.20 MB/s	        60.00 cpu-MB/s	     47000 queries/s
BenchmarkParse/doc-examples/rulecat-4 	      30	  40000000 ns/op	  30.30 MB/s	        62.00 cpu-MB/s	     48000 queries/s
BenchmarkParse/doc-examples/kqlparser 	      30	  40000000 ns/op	  50.00 MB/s	     48000 queries/s
BenchmarkParse/doc-examples/official            	       1	  1870000000 ns/op	   0.43 MB/s	        0.40 cpu-MB/s	    1010.0 queries/s
    parse_test.go:120: completeness: corpus=doc-examples parser=rulecat valid-accepted=1838/1839 (99.9%) invalid-rejected=50/51 (98.0%) panics=0
    parse_test.go:96: completeness: corpus=doc-examples parser=kqlparser skipped: not built in
--- SKIP: BenchmarkParse/rule-corpus/kqlparser
`
	r, err := read(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		unit, parser string
		want         []float64
	}{
		{"MB/s", "rulecat", []float64{20.2, 30.3}},
		{"cpu-MB/s", "rulecat", []float64{60, 62}},
		{"MB/s", "kqlparser", []float64{50}},
		{"cpu-MB/s", "kqlparser", nil},
		{"queries/s", "official", []float64{1010}},
	}
	for _, tt := range tests {
		got := r.samples[tt.unit][key{"doc-examples", tt.parser}]
		if len(got) != len(tt.want) {
			t.Errorf("%s of %s = %v, want %v", tt.unit, tt.parser, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s of %s = %v, want %v", tt.unit, tt.parser, got, tt.want)
			}
		}
	}
	if c := r.compl[key{"doc-examples", "rulecat"}]; c == nil || c.accepted != 1838 || c.valid != 1839 || c.rejected != 50 || c.invalid != 51 {
		t.Errorf("completeness of rulecat = %+v", c)
	}
	if c := r.compl[key{"doc-examples", "kqlparser"}]; c == nil || c.skipped == "" {
		t.Errorf("completeness of kqlparser = %+v, want skipped", c)
	}
	if len(r.corpora) != 1 {
		t.Errorf("corpora = %v, want [doc-examples]", r.corpora)
	}

	var b strings.Builder
	write(&b, r, 60, 100)
	for _, want := range []string{
		"| doc-examples | 25.25 | 50.00 | 0.43 | 59× |",
		"| doc-examples | 61.00 | n/a | 0.40 | 152× |",
		"Goal in MB/s (rulecat ≥ 60 and ≥ 100× official on every corpus): not met",
		"Goal in cpu-MB/s (rulecat ≥ 60 and ≥ 100× official on every corpus): met",
		"| doc-examples | rulecat | 99.9% (1838/1839) | 98.0% (50/51) | 0 |",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
