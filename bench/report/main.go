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
	corpora []string                     // in order of first appearance
	samples map[string]map[key][]float64 // unit ("MB/s", "cpu-MB/s", "queries/s") → every sample
	compl   map[key]*completeness        // from TestCompleteness
	parsers []string                     // parsers seen in completeness lines, in order
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
	r := &results{samples: map[string]map[key][]float64{}, compl: map[key]*completeness{}}
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
				unit := f[i+1]
				if r.samples[unit] == nil {
					r.samples[unit] = map[key][]float64{}
				}
				r.samples[unit][k] = append(r.samples[unit][k], v)
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

// speed prints the table of one unit and whether rulecat meets the goal in it.
func speed(w io.Writer, r *results, unit, title string, goalMBs, goalRatio float64) {
	m := r.samples[unit]
	fmt.Fprintln(w, title)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "| corpus | rulecat %[1]s | kqlparser %[1]s | official %[1]s | rulecat/official |\n", unit)
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
	met, judged := true, false
	for _, c := range r.corpora {
		row := []string{c}
		for _, p := range columns {
			row = append(row, cell(m[key{c, p}], "%.2f"))
		}
		ours, official := median(m[key{c, "rulecat"}]), median(m[key{c, "official"}])
		ratio := "n/a"
		if ours > 0 && official > 0 {
			ratio = fmt.Sprintf("%.0f×", ours/official)
		}
		row = append(row, ratio)
		fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
		if ours > 0 {
			judged = true
			if ours < goalMBs || (official > 0 && ours/official < goalRatio) {
				met = false
			}
		}
	}
	fmt.Fprintln(w)
	goal := fmt.Sprintf("Goal in %s (rulecat ≥ %.0f and ≥ %.0f× official on every corpus)", unit, goalMBs, goalRatio)
	switch {
	case !judged:
		fmt.Fprintln(w, goal+": not judged, no rulecat figures")
	case met:
		fmt.Fprintln(w, goal+": met")
	default:
		fmt.Fprintln(w, goal+": not met")
	}
}

func write(w io.Writer, r *results, goalMBs, goalRatio float64) {
	speed(w, r, "MB/s", "Speed on one core (GOMAXPROCS=1): median MB/s over the rounds, from wall time as go test reports it", goalMBs, goalRatio)
	if len(r.samples["cpu-MB/s"]) > 0 {
		fmt.Fprintln(w)
		speed(w, r, "cpu-MB/s", "The same from CPU time (user+system of the process), which waiting for a core on a busy machine doesn't inflate", goalMBs, goalRatio)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Spread over the rounds")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| corpus | parser | rounds | MB/s min–median–max | cpu-MB/s min–median–max | queries/s median |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|")
	spread := func(xs []float64) string {
		if len(xs) == 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.2f–%.2f–%.2f", slices.Min(xs), median(xs), slices.Max(xs))
	}
	for _, c := range r.corpora {
		for _, p := range columns {
			k := key{c, p}
			mbs := r.samples["MB/s"][k]
			if len(mbs) == 0 {
				continue
			}
			fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s |\n", c, p, len(mbs),
				spread(mbs), spread(r.samples["cpu-MB/s"][k]), cell(r.samples["queries/s"][k], "%.0f"))
		}
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
				fmt.Fprintf(w, "| %s | %s | not built in | not built in | – |\n", c, p)
			default:
				fmt.Fprintf(w, "| %s | %s | %s (%d/%d) | %s (%d/%d) | %d |\n",
					c, p, x.acceptedPct, x.accepted, x.valid, x.rejectedPct, x.rejected, x.invalid, x.panics)
			}
		}
	}
}
