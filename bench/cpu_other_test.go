//go:build !unix

package bench

import "time"

// cpuTime is not measured here; BenchmarkParse then leaves out cpu-MB/s.
func cpuTime() time.Duration { return 0 }
