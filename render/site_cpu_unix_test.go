//go:build unix

package render

import (
	"syscall"
	"time"
)

// cpuTime is the user and system CPU time the process has used: the
// benchmarks report it because wall time on a shared machine says little.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
