package bench

import (
	"fmt"
	"testing"

	"github.com/rulecat/rulecat/analyze/kql"
)

// A parser is one KQL parser under measurement. accept parses src and reports
// whether it found no syntax error; it is nil when the parser is not built in
// (why says why).
type parser struct {
	name   string
	accept func(src string) bool
	why    string
}

// parsers returns ours first, then the Go peers (kqlparser_test.go, or
// nopeer_test.go without -tags kqlparser).
func parsers() []parser {
	rulecat := parser{name: "rulecat", accept: func(src string) bool {
		_, errs := kql.Parse(src)
		return len(errs) == 0
	}}
	return append([]parser{rulecat}, peers()...)
}

// try runs p on src and turns a panic into a rejection, so that one bad
// query doesn't end the whole measurement. A parser that loops or eats
// memory on src ends the test binary (see watch), naming the query.
func try(p parser, c *corpus, i int) (ok, panicked bool) {
	watch(p.name, c, i)
	defer func() {
		watch("", nil, 0)
		if recover() != nil {
			ok, panicked = false, true
		}
	}()
	return p.accept(c.queries[i].text), false
}

// sink keeps the compiler from dropping the parse calls.
var sink bool

// BenchmarkParse parses every query of each corpus per iteration, with each
// parser; b.SetBytes makes MB/s the corpus bytes over the time of one pass.
// It also reports queries/s, and cpu-MB/s: the same bytes over the process's
// CPU time instead of the wall time. Queries on which a parser panics are left
// out of its pass (and logged).
func BenchmarkParse(b *testing.B) {
	for _, c := range corpora(b) {
		b.Run(c.name, func(b *testing.B) {
			for _, p := range parsers() {
				b.Run(p.name, func(b *testing.B) {
					if p.accept == nil {
						b.Skip(p.why)
					}
					var texts []string
					var bytes int64
					panics := 0
					for i, q := range c.queries {
						if _, panicked := try(p, c, i); panicked {
							panics++
							continue
						}
						texts = append(texts, q.text)
						bytes += int64(len(q.text))
					}
					if panics > 0 {
						b.Logf("%s panics on %d of %d queries; they are left out", p.name, panics, len(c.queries))
					}
					b.SetBytes(bytes)
					n := 0
					cpu0 := cpuTime()
					for b.Loop() {
						for _, src := range texts {
							sink = p.accept(src)
						}
						n++
					}
					cpu := cpuTime() - cpu0
					b.ReportMetric(float64(n*len(texts))/b.Elapsed().Seconds(), "queries/s")
					// On a shared machine the wall time that MB/s comes from
					// includes waiting for a core; CPU time doesn't.
					if cpu > 0 {
						b.ReportMetric(float64(int64(n)*bytes)/1e6/cpu.Seconds(), "cpu-MB/s")
					}
				})
			}
		})
	}
}

// TestCompleteness logs, for each corpus and parser, the share of officially
// valid queries the parser accepts and the share of officially invalid ones
// it rejects, in one line per pair that report/main.go reads. The official
// parser scores 100% on both by definition (it made the labels). This is a
// measurement, not a gate: it fails only when the corpora can't be read.
func TestCompleteness(t *testing.T) {
	for _, c := range corpora(t) {
		for _, p := range parsers() {
			t.Run(c.name+"/"+p.name, func(t *testing.T) {
				if p.accept == nil {
					t.Logf("completeness: corpus=%s parser=%s skipped: %s", c.name, p.name, p.why)
					return
				}
				var valid, accepted, invalid, rejected, panics int
				for i, q := range c.queries {
					if !q.known {
						continue
					}
					ok, panicked := try(p, c, i)
					if panicked {
						panics++
					}
					if q.valid {
						valid++
						if ok {
							accepted++
						}
					} else {
						invalid++
						if !ok {
							rejected++
						}
					}
				}
				t.Logf("completeness: corpus=%s parser=%s valid-accepted=%d/%d (%s) invalid-rejected=%d/%d (%s) panics=%d",
					c.name, p.name, accepted, valid, percent(accepted, valid), rejected, invalid, percent(rejected, invalid), panics)
			})
		}
	}
}

func percent(n, of int) string {
	if of == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
}
