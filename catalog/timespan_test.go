package catalog

import (
	"testing"
	"time"
)

func TestParseTimespan(t *testing.T) {
	t.Parallel()
	const day = 24 * time.Hour
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		// Sentinel's queryFrequency and queryPeriod.
		{"5m", 5 * time.Minute, true},
		{"1h", time.Hour, true},
		{"14d", 14 * day, true},
		{"01:00:00", time.Hour, true},
		{"1.02:03:04", 26*time.Hour + 3*time.Minute + 4*time.Second, true},
		// KQL timespan literals.
		{"1.5h", 90 * time.Minute, true},
		{"30min", 30 * time.Minute, true},
		{"100ms", 100 * time.Millisecond, true},
		{"2hours", 2 * time.Hour, true},
		{"0s", 0, true},
		{"-2d", -2 * day, true},
		{"timespan(2d)", 2 * day, true},
		{"time( 1h )", time.Hour, true},
		{"00:30", 30 * time.Minute, true},
		{"00:00:01.5", 1500 * time.Millisecond, true},
		// ISO 8601, as ARM templates write durations.
		{"PT1H", time.Hour, true},
		{"P1D", day, true},
		{"P1DT12H", 36 * time.Hour, true},
		{"pt30m", 30 * time.Minute, true},
		{"P1W", 7 * day, true},
		// Not durations.
		{"", 0, false},
		{"1w", 0, false},
		{"h", 0, false},
		{"d", 0, false},
		{"5x", 0, false},
		{"1:2", 0, false},
		{"01:-5", 0, false},
		{"1:2:3:4", 0, false},
		{"P1H", 0, false}, // hours belong after T
		{"PT0S", 0, false},
		{"lookback * 2", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseTimespan(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseTimespan(%q) = %v, %v, want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
