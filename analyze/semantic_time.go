package analyze

import (
	"strconv"
	"strings"
	"time"

	"github.com/rulecat/rulecat/analyze/kql"
	"github.com/rulecat/rulecat/catalog"
)

// parseSpan reads a non-negative duration, a KQL timespan ("14d", "1.5h",
// "1.00:00:00") or an ISO 8601 duration as Sentinel's queryFrequency may be
// written ("PT5H", "P1D"); see catalog.ParseTimespan.
func parseSpan(s string) (time.Duration, bool) {
	d, ok := catalog.ParseTimespan(s)
	return d, ok && d >= 0
}

// formatSpan writes d as KQL would: "1d", "12h", "90m", "1d12h".
func formatSpan(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	var b strings.Builder
	if days := d / (24 * time.Hour); days > 0 {
		b.WriteString(strconv.Itoa(int(days)) + "d")
		d -= days * 24 * time.Hour
	}
	if h := d / time.Hour; h > 0 {
		b.WriteString(strconv.Itoa(int(h)) + "h")
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		b.WriteString(strconv.Itoa(int(m)) + "m")
		d -= m * time.Minute
	}
	if s := d / time.Second; s > 0 {
		b.WriteString(strconv.Itoa(int(s)) + "s")
	}
	return b.String()
}

// agoCall is one ago(window) of a query whose window is a constant.
type agoCall struct {
	call   *kql.CallExpr
	window time.Duration
}

// agoCalls returns the ago() calls of script whose argument is a constant
// timespan, directly or through top-level lets and * and + of constants.
func agoCalls(script *kql.Script, nodes []kql.Node) []agoCall {
	lets := topLets(script)
	var out []agoCall
	for _, n := range nodes {
		c, ok := n.(*kql.CallExpr)
		if !ok || c.Fun == nil || c.Fun.Name != "ago" || len(c.Args) != 1 {
			continue
		}
		if w, ok := evalSpan(c.Args[0], lets, 0); ok {
			out = append(out, agoCall{call: c, window: w})
		}
	}
	return out
}

// evalSpan evaluates a constant timespan expression.
func evalSpan(e kql.Expr, lets map[string]kql.Expr, depth int) (time.Duration, bool) {
	if depth > 8 {
		return 0, false
	}
	switch e := e.(type) {
	case *kql.Literal:
		if e.Kind == kql.LitTimespan {
			return parseSpan(e.Value)
		}
	case *kql.ParenExpr:
		return evalSpan(e.X, lets, depth+1)
	case *kql.Ident:
		if v, ok := lets[e.Name]; ok {
			return evalSpan(v, lets, depth+1)
		}
	case *kql.CallExpr:
		if e.Fun != nil && (e.Fun.Name == "totimespan" || e.Fun.Name == "time") && len(e.Args) == 1 {
			return evalSpan(e.Args[0], lets, depth+1)
		}
	case *kql.BinaryExpr:
		switch e.Op {
		case "+":
			x, ok1 := evalSpan(e.X, lets, depth+1)
			y, ok2 := evalSpan(e.Y, lets, depth+1)
			return x + y, ok1 && ok2
		case "*":
			if n, ok := evalNumber(e.X); ok {
				y, ok := evalSpan(e.Y, lets, depth+1)
				return time.Duration(n * float64(y)), ok
			}
			if n, ok := evalNumber(e.Y); ok {
				x, ok := evalSpan(e.X, lets, depth+1)
				return time.Duration(n * float64(x)), ok
			}
		}
	}
	return 0, false
}

func evalNumber(e kql.Expr) (float64, bool) {
	l, ok := e.(*kql.Literal)
	if !ok || l.Kind != kql.LitInt && l.Kind != kql.LitLong && l.Kind != kql.LitReal {
		return 0, false
	}
	f, err := strconv.ParseFloat(l.Value, 64)
	return f, err == nil
}
