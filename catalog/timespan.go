package catalog

import (
	"strconv"
	"strings"
	"time"
)

// ParseTimespan reads a duration as rules write one, in a queryFrequency or
// queryPeriod or as a KQL timespan literal:
//
//   - a number with a KQL unit: "5m", "1h", "14d", "1.5h", "30min",
//     "100ms", "2hours", "-2d"; optionally inside timespan(...) or time(...);
//   - "[d.]hh:mm[:ss[.fff]]", minutes and seconds of two digits:
//     "01:00:00", "1.02:03:04", "00:30";
//   - an ISO 8601 duration, in any case, as ARM templates write Sentinel's
//     durations: "PT1H", "P1D", "P1DT12H".
//
// ok is false for anything else, and for an ISO 8601 duration of zero.
func ParseTimespan(s string) (d time.Duration, ok bool) {
	s = strings.TrimSpace(s)
	if u := strings.ToUpper(s); strings.HasPrefix(u, "P") {
		return parseISODuration(u[1:])
	}
	for _, f := range []string{"timespan(", "time("} {
		if strings.HasPrefix(s, f) && strings.HasSuffix(s, ")") {
			s = strings.TrimSpace(s[len(f) : len(s)-1])
		}
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if strings.Contains(s, ":") {
		d, ok = parseClock(s)
	} else {
		d, ok = parseWithUnit(s)
	}
	if neg {
		d = -d
	}
	return d, ok
}

// timespanUnits are the KQL timespan suffixes.
var timespanUnits = map[string]time.Duration{
	"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
	"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
	"m": time.Minute, "min": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"s": time.Second, "sec": time.Second, "second": time.Second, "seconds": time.Second,
	"ms": time.Millisecond, "milli": time.Millisecond, "millis": time.Millisecond,
	"millisec": time.Millisecond, "millisecond": time.Millisecond, "milliseconds": time.Millisecond,
	"micro": time.Microsecond, "micros": time.Microsecond, "microsec": time.Microsecond,
	"microsecond": time.Microsecond, "microseconds": time.Microsecond,
	"tick": 100 * time.Nanosecond, "ticks": 100 * time.Nanosecond,
}

// parseWithUnit reads a number followed by a KQL unit: "14d", "1.5h".
func parseWithUnit(s string) (time.Duration, bool) {
	i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i <= 0 {
		return 0, false
	}
	unit, ok := timespanUnits[s[i:]]
	v, err := strconv.ParseFloat(s[:i], 64)
	if !ok || err != nil {
		return 0, false
	}
	return time.Duration(v * float64(unit)), true
}

// parseClock reads "[d.]hh:mm[:ss[.fff]]".
func parseClock(s string) (time.Duration, bool) {
	days := 0.0
	if dd, rest, ok := strings.Cut(s, "."); ok && !strings.Contains(dd, ":") {
		v, err := strconv.ParseFloat(dd, 64)
		if err != nil {
			return 0, false
		}
		days, s = v, rest
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	units := []time.Duration{time.Hour, time.Minute, time.Second}
	d := time.Duration(days * float64(24*time.Hour))
	for i, p := range parts {
		if whole, _, _ := strings.Cut(p, "."); i > 0 && (len(whole) != 2 || strings.Trim(whole, "0123456789") != "") {
			return 0, false // "1:2" is not a clock time; "01:02" is
		}
		v, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return 0, false
		}
		d += time.Duration(v * float64(units[i]))
	}
	return d, true
}

// parseISODuration reads the part of an ISO 8601 duration after "P", in
// upper case.
func parseISODuration(s string) (time.Duration, bool) {
	var d time.Duration
	inTime := false
	num := ""
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9' || c == '.':
			num += string(c)
		case c == 'T':
			inTime = true
		default:
			f, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0, false
			}
			num = ""
			switch {
			case c == 'D' && !inTime:
				d += time.Duration(f * float64(24*time.Hour))
			case c == 'W' && !inTime:
				d += time.Duration(f * float64(7*24*time.Hour))
			case c == 'H' && inTime:
				d += time.Duration(f * float64(time.Hour))
			case c == 'M' && inTime:
				d += time.Duration(f * float64(time.Minute))
			case c == 'S' && inTime:
				d += time.Duration(f * float64(time.Second))
			default:
				return 0, false
			}
		}
	}
	return d, num == "" && d > 0
}
