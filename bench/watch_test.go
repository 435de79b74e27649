package bench

import (
	"fmt"
	"os"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
)

// A parser under development can loop forever or allocate without bound on
// some query, and a Go function call can't be interrupted. So every call made
// through try is watched: past hangAfter, or once the heap passes heapLimit,
// the test binary prints the parser, corpus and query and exits, instead of
// hanging or taking the shared machine's memory. The timed loops of
// BenchmarkParse run only queries that already passed through try.
const (
	hangAfter = 10 * time.Second
	heapLimit = 4 << 30
)

type watched struct {
	parser string
	c      *corpus
	i      int
	start  time.Time
}

var (
	current   atomic.Pointer[watched]
	startOnce sync.Once
)

// watch records the call in progress; an empty parser name clears it.
func watch(parser string, c *corpus, i int) {
	if parser == "" {
		current.Store(nil)
		return
	}
	startOnce.Do(func() { go watchdog() })
	current.Store(&watched{parser: parser, c: c, i: i, start: time.Now()})
}

func watchdog() {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	for range time.Tick(100 * time.Millisecond) {
		w := current.Load()
		if w == nil {
			continue
		}
		metrics.Read(sample)
		heap := sample[0].Value.Uint64()
		why := ""
		switch {
		case time.Since(w.start) > hangAfter:
			why = fmt.Sprintf("has not returned after %v", hangAfter)
		case heap > heapLimit:
			why = fmt.Sprintf("has grown the heap to %d MiB", heap>>20)
		default:
			continue
		}
		q := w.c.queries[w.i].text
		if len(q) > 300 {
			q = q[:300] + "..."
		}
		fmt.Fprintf(os.Stderr, "bench: %s %s on query %d of corpus %s (%d bytes); giving up:\n%s\n",
			w.parser, why, w.i+1, w.c.name, len(w.c.queries[w.i].text), q)
		os.Exit(3)
	}
}
