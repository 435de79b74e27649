// Command report reads the output of one bench/run.sh run (go test -v
// TestCompleteness, go test -bench Parse, node official/bench.js, in any
// order) on standard input and prints two tables: the median MB/s of each
// parser on each corpus with the ratio of ours to the official parser, and
// each Go parser's completeness next to it.
//
// Usage:
//
//	go run ./report [-goal-mbs 60] [-goal-ratio 100] < bench.txt
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// columns are the parsers of the speed table, ours first.
var columns = []string{"rulecat", "kqlparser", "official"}

var (
	// BenchmarkParse/doc-examples/rulecat[-N]  <iterations>  <value unit>...
	benchLine = regexp.MustCompile(`^BenchmarkParse/([^/\s]+)/([^/\s]+?)(?:-\d+)?\s+(\d+)\s+(.*)$`)
	// completeness: corpus=C parser=P valid-accepted=A/V (x%) invalid-rejected=R/I (y%) panics=N
	complLine = regexp.MustCompile(`completeness: corpus=(\S+) parser=(\S+) valid-accepted=(\d+)/(\d+) \(([^)]*)\) invalid-rejected=(\d+)/(\d+) \(([^)]*)\) panics=(\d+)`)
	skipLine  = regexp.MustCompile(`completeness: corpus=(\S+) parser=(\S+) skipped: (.*)`)
)

type key struct{ corpus, parser string }

type completeness struct {
	accepted, valid, rejected, invalid, panics int
	acceptedPct, rejectedPct                   string
	skipped                                    string
}

type results struct {
	corpora []string              // in order of first appearance
	mbs     map[key][]float64     // every MB/s sample
	qps     map[key][]float64     // every queries/s sample
	compl   map[key]*completeness // from TestCompleteness
	parsers []string              // parsers seen in completeness lines, in order
}

func main() {
	goalMBs := flag.Float64("goal-mbs", 60, "MB/s rulecat must reach on every corpus")
	goalRatio := flag.Float64("goal-ratio", 100, "times the official parser's MB/s rulecat must reach")
	flag.Parse()
	r, err := read(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	write(os.Stdout, r, *goalMBs, *goalRatio)
}

func read(in io.Reader) (*results, error) {
	r := &results{mbs: map[key][]float64{}, qps: map[key][]float64{}, compl: map[key]*completeness{}}
	addCorpus := func(c string) {
		if !slices.Contains(r.corpora, c) {
			r.corpora = append(r.corpora, c)
		}
	}
	addParser := func(p string) {
		if !slices.Contains(r.parsers, p) {
			r.parsers = append(r.parsers, p)
		}
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if m := benchLine.FindStringSubmatch(line); m != nil {
			k := key{m[1], m[2]}
			addCorpus(k.corpus)
			f := strings.Fields(m[4])
			for i := 0; i+1 < len(f); i += 2 {
				v, err := strconv.ParseFloat(f[i], 64)
				if err != nil {
					break
				}
				switch f[i+1] {
				case "MB/s":
					r.mbs[k] = append(r.mbs[k], v)
				case "queries/s":
					r.qps[k] = append(r.qps[k], v)
				}
			}
			continue
		}
		if m := complLine.FindStringSubmatch(line); m != nil {
			k := key{m[1], m[2]}
			addCorpus(k.corpus)
			addParser(k.parser)
			n := func(s string) int { v, _ := strconv.Atoi(s); return v }
			r.compl[k] = &completeness{accepted: n(m[3]), valid: n(m[4]), acceptedPct: m[5],
				rejected: n(m[6]), invalid: n(m[7]), rejectedPct: m[8], panics: n(m[9])}
			continue
		}
		if m := skipLine.FindStringSubmatch(line); m != nil {
			k := key{m[1], m[2]}
			addCorpus(k.corpus)
			addParser(k.parser)
			r.compl[k] = &completeness{skipped: m[3]}
		}
	}
	return r, sc.Err()
}

// median of the samples; 0 when there are none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func cell(xs []float64, format string) string {
	if len(xs) == 0 {
		return "n/a"
	}
	return fmt.Sprintf(format, median(xs))
}

func write(w io.Writer, r *results, goalMBs, goalRatio float64) {
	fmt.Fprintln(w, "Speed: median MB/s over the runs (queries/s in brackets), one core")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| corpus | rulecat MB/s | kqlparser MB/s | official MB/s | rulecat/official |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
	met, judged := true, false
	for _, c := range r.corpora {
		row := []string{c}
		for _, p := range columns {
			k := key{c, p}
			s := cell(r.mbs[k], "%.2f")
			if len(r.qps[k]) > 0 {
				s += fmt.Sprintf(" (%.0f q/s)", median(r.qps[k]))
			}
			row = append(row, s)
		}
		ours, official := median(r.mbs[key{c, "rulecat"}]), median(r.mbs[key{c, "official"}])
		ratio := "n/a"
		if ours > 0 && official > 0 {
			ratio = fmt.Sprintf("%.0f×", ours/official)
		}
		row = append(row, ratio)
		fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
		if len(r.mbs[key{c, "rulecat"}]) > 0 {
			judged = true
			if ours < goalMBs || (official > 0 && ours/official < goalRatio) {
				met = false
			}
		}
	}
	fmt.Fprintln(w)
	switch {
	case !judged:
		fmt.Fprintln(w, "Goal: not judged (no rulecat figures)")
	case met:
		fmt.Fprintf(w, "Goal (rulecat ≥ %.0f MB/s and ≥ %.0f× official on every corpus): met\n", goalMBs, goalRatio)
	default:
		fmt.Fprintf(w, "Goal (rulecat ≥ %.0f MB/s and ≥ %.0f× official on every corpus): not met\n", goalMBs, goalRatio)
	}
	if len(r.compl) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Completeness against the official parser's verdicts (the official parser is 100% on both by definition)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| corpus | parser | valid queries accepted | invalid queries rejected | panics |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|")
	for _, c := range r.corpora {
		for _, p := range r.parsers {
			x := r.compl[key{c, p}]
			switch {
			case x == nil:
				continue
			case x.skipped != "":
				fmt.Fprintf(w, "| %s | %s | n/a | n/a | not built in |\n", c, p)
			default:
				fmt.Fprintf(w, "| %s | %s | %s (%d/%d) | %s (%d/%d) | %d |\n",
					c, p, x.acceptedPct, x.accepted, x.valid, x.rejectedPct, x.rejected, x.invalid, x.panics)
			}
		}
	}
}
