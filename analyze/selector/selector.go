package selector

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2"

	"github.com/rulecat/rulecat/catalog"
)

// Subject is what an expression is matched against: a rule seen as a set
// of attribute values. Values returns the values of attr (one of
// Attributes), or none.
type Subject interface {
	Values(attr string) []string
}

// Fields is a Subject given as a map from attribute to values; tests and
// simple callers use it.
type Fields map[string][]string

// Values returns f[attr].
func (f Fields) Values(attr string) []string { return f[attr] }

// Attributes lists every attribute an expression may name.
var Attributes = []string{
	"connector", "field", "format", "id", "kind", "name", "path",
	"severity", "status", "table", "tactic", "technique",
}

// Severities are the rule severities in increasing order.
var Severities = []string{"Informational", "Low", "Medium", "High"}

// SeverityRank returns the position of s in Severities, ignoring case, or
// -1 when s is not a severity.
func SeverityRank(s string) int {
	for i, n := range Severities {
		if strings.EqualFold(n, s) {
			return i
		}
	}
	return -1
}

// An Error is the first problem found in an expression.
type Error struct {
	Line int // 1-based; 1 unless the expression spans lines
	Col  int // 1-based byte column on Line
	Msg  string
}

// Error formats the error as "column N: message", with the line first when
// the expression spans lines.
func (e *Error) Error() string {
	if e.Line > 1 {
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("column %d: %s", e.Col, e.Msg)
}

// Expr is a parsed expression. A nil *Expr matches every subject, so a
// caller can hold an unset --where as nil.
type Expr struct {
	root node
	src  string
}

// Parse parses and checks an expression. Errors are *Error.
func Parse(src string) (*Expr, error) {
	if strings.TrimSpace(src) == "" {
		return nil, &Error{Line: 1, Col: 1, Msg: "empty expression; expected a condition such as severity >= Medium"}
	}
	ast, err := grammar.ParseString("", src)
	if err != nil {
		var pe participle.Error
		if !errors.As(err, &pe) {
			return nil, &Error{Line: 1, Col: 1, Msg: err.Error()}
		}
		return nil, explain(src, pe.Position().Offset)
	}
	root, err := compileOr(ast)
	if err != nil {
		return nil, err
	}
	return &Expr{root: root, src: src}, nil
}

// MustParse is Parse for expressions known to be valid; it panics on error.
func MustParse(src string) *Expr {
	e, err := Parse(src)
	if err != nil {
		panic(fmt.Sprintf("selector.MustParse(%q): %v", src, err))
	}
	return e
}

// Match reports whether s satisfies the expression. A nil expression
// matches everything.
func (e *Expr) Match(s Subject) bool {
	if e == nil {
		return true
	}
	return e.root.match(s)
}

// String returns the expression as it was written.
func (e *Expr) String() string {
	if e == nil {
		return ""
	}
	return e.src
}

// Uses reports whether the expression names attr, so a caller can skip
// computing values nobody asks for (table and field need query analysis).
func (e *Expr) Uses(attr string) bool {
	return e != nil && e.root.uses(attr)
}

// node is a compiled expression.
type node interface {
	match(s Subject) bool
	uses(attr string) bool
}

type orNode []node

func (n orNode) match(s Subject) bool {
	for _, c := range n {
		if c.match(s) {
			return true
		}
	}
	return false
}

func (n orNode) uses(a string) bool {
	return slices.ContainsFunc(n, func(c node) bool { return c.uses(a) })
}

type andNode []node

func (n andNode) match(s Subject) bool {
	for _, c := range n {
		if !c.match(s) {
			return false
		}
	}
	return true
}

func (n andNode) uses(a string) bool {
	return slices.ContainsFunc(n, func(c node) bool { return c.uses(a) })
}

type notNode struct{ x node }

func (n notNode) match(s Subject) bool { return !n.x.match(s) }
func (n notNode) uses(a string) bool   { return n.x.uses(a) }

// cmpNode is one comparison; "in" compiles to op "==" with several values.
type cmpNode struct {
	attr   string
	op     string
	values []string
	globs  []*regexp.Regexp // for "~"
	rank   int              // for ordering operators: SeverityRank of the value
}

func (n *cmpNode) uses(a string) bool { return n.attr == a }

func (n *cmpNode) match(s Subject) bool {
	vals := s.Values(n.attr)
	switch n.op {
	case "==":
		return n.equal(vals)
	case "!=":
		return !n.equal(vals)
	case "~":
		for _, v := range vals {
			for _, g := range n.globs {
				if matchGlob(g, v, n.attr == "path") || n.attr == "tactic" && g.MatchString(squash(v)) {
					return true
				}
			}
		}
		return false
	}
	for _, v := range vals {
		r := SeverityRank(v)
		if r < 0 {
			continue
		}
		var ok bool
		switch n.op {
		case "<":
			ok = r < n.rank
		case "<=":
			ok = r <= n.rank
		case ">":
			ok = r > n.rank
		case ">=":
			ok = r >= n.rank
		}
		if ok {
			return true
		}
	}
	return false
}

func (n *cmpNode) equal(vals []string) bool {
	for _, v := range vals {
		for _, w := range n.values {
			if strings.EqualFold(v, w) || n.attr == "tactic" && strings.EqualFold(squash(v), squash(w)) {
				return true
			}
		}
	}
	return false
}

// squash drops the spaces, "-" and "_" that tactic names are written with
// or without: Initial Access, InitialAccess and initial-access are one tactic.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '_' {
			return -1
		}
		return r
	}, s)
}

func compileOr(a *orAST) (node, error) {
	var n orNode
	for _, t := range a.Terms {
		c, err := compileAnd(t)
		if err != nil {
			return nil, err
		}
		n = append(n, c)
	}
	if len(n) == 1 {
		return n[0], nil
	}
	return n, nil
}

func compileAnd(a *andAST) (node, error) {
	var n andNode
	for _, t := range a.Terms {
		c, err := compileUnary(t)
		if err != nil {
			return nil, err
		}
		n = append(n, c)
	}
	if len(n) == 1 {
		return n[0], nil
	}
	return n, nil
}

func compileUnary(a *unaryAST) (node, error) {
	switch {
	case a.Not != nil:
		x, err := compileUnary(a.Not)
		if err != nil {
			return nil, err
		}
		return notNode{x}, nil
	case a.Group != nil:
		return compileOr(a.Group)
	}
	return compileCmp(a.Cmp)
}

func compileCmp(a *cmpAST) (node, error) {
	attr := strings.ToLower(a.Attr)
	if !slices.Contains(Attributes, attr) {
		msg := fmt.Sprintf("unknown attribute %q", a.Attr)
		if s := suggest(attr, Attributes); s != "" {
			msg += fmt.Sprintf("; did you mean %q", s)
		} else {
			msg += "; want one of " + strings.Join(Attributes, ", ")
		}
		return nil, errAt(a.Pos.Line, a.Pos.Column, msg)
	}
	n := &cmpNode{attr: attr, op: "=="}
	var vals []*valueAST
	opText := "in"
	if a.Op != nil {
		n.op, opText = a.Op.Op, a.Op.Op
		vals = []*valueAST{a.Value}
		switch n.op {
		case "<", "<=", ">", ">=":
			if attr != "severity" {
				return nil, errAt(a.Op.Pos.Line, a.Op.Pos.Column,
					fmt.Sprintf("operator %q applies only to severity, not to %q", n.op, attr))
			}
		}
	} else {
		vals = a.In.Values
		if len(vals) == 0 {
			return nil, errAt(a.In.Pos.Line, a.In.Pos.Column, `expected at least one value in the list after "in"`)
		}
	}
	for _, v := range vals {
		t := v.text()
		if v.Word != nil && keywords[t] {
			return nil, errAt(v.Pos.Line, v.Pos.Column,
				fmt.Sprintf("expected a value after %q, found keyword %q; quote it to use it as a value", opText, t))
		}
		if attr == "severity" && n.op != "~" {
			r := SeverityRank(t)
			if r < 0 {
				msg := fmt.Sprintf("unknown severity %q", t)
				if s := suggest(strings.ToLower(t), Severities); s != "" {
					msg += fmt.Sprintf("; did you mean %q", s)
				} else {
					msg += "; want Informational, Low, Medium or High"
				}
				return nil, errAt(v.Pos.Line, v.Pos.Column, msg)
			}
			n.rank = r
		}
		n.values = append(n.values, t)
		if n.op == "~" {
			g, err := compileGlob(t)
			if err != "" {
				return nil, errAt(v.Pos.Line, v.Pos.Column, fmt.Sprintf("bad glob %s: %s", quote(t), err))
			}
			n.globs = append(n.globs, g)
		}
	}
	return n, nil
}

func errAt(line, col int, msg string) *Error {
	return &Error{Line: max(line, 1), Col: max(col, 1), Msg: msg}
}

// compileGlob turns a glob into an anchored, case-insensitive regexp, or
// says what is wrong with it. Besides *, ** and ?, a glob has the classes
// and escapes of path.Match, as the path globs of .rulecat.yaml do:
// [abc], [a-z], [^0-9], and \ before a character that stands for itself.
func compileGlob(g string) (*regexp.Regexp, string) {
	var b strings.Builder
	b.WriteString(`(?is)^`)
	for i := 0; i < len(g); i++ {
		switch c := g[i]; {
		case c == '*' && i+1 < len(g) && g[i+1] == '*':
			i++
			if i+1 < len(g) && g[i+1] == '/' { // "**/" also matches no directory
				i++
				b.WriteString(`(?:.*/)?`)
			} else {
				b.WriteString(`.*`)
			}
		case c == '*':
			b.WriteString(`[^/]*`)
		case c == '?':
			b.WriteString(`[^/]`)
		case c == '\\':
			if i+1 == len(g) {
				return nil, `"\" at the end escapes nothing`
			}
			i++
			b.WriteString(regexp.QuoteMeta(string(g[i])))
		case c == '[':
			end, class, err := globClass(g, i)
			if err != "" {
				return nil, err
			}
			b.WriteString(class)
			i = end
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String()), ""
}

// globClass translates the character class of g that opens at g[start]
// into a regexp class, returning the index of its closing "]".
func globClass(g string, start int) (end int, class string, err string) {
	var b strings.Builder
	b.WriteByte('[')
	i := start + 1
	if i < len(g) && g[i] == '^' {
		b.WriteByte('^')
		i++
	}
	// char reads one character of the class, escaped or not.
	char := func() (byte, string) {
		if i >= len(g) {
			return 0, `"[" without its closing "]"`
		}
		c := g[i]
		switch c {
		case '\\':
			i++
			if i >= len(g) {
				return 0, `"[" without its closing "]"`
			}
			c = g[i]
		case '-', ']':
			return 0, fmt.Sprintf("%q must be escaped inside [...]", string(c))
		}
		i++
		return c, ""
	}
	for n := 0; ; n++ {
		if i < len(g) && g[i] == ']' && n > 0 {
			b.WriteByte(']')
			return i, b.String(), ""
		}
		lo, err := char()
		if err != "" {
			return 0, "", err
		}
		b.WriteString(regexp.QuoteMeta(string(lo)))
		if i < len(g) && g[i] == '-' {
			i++
			hi, err := char()
			if err != "" {
				return 0, "", err
			}
			if hi < lo {
				return 0, "", fmt.Sprintf("range %q-%q runs backwards", string(lo), string(hi))
			}
			b.WriteByte('-')
			b.WriteString(regexp.QuoteMeta(string(hi)))
		}
	}
}

// matchGlob matches v against g; for a path, also every trailing part of v
// that starts after a "/".
func matchGlob(g *regexp.Regexp, v string, path bool) bool {
	if g.MatchString(v) {
		return true
	}
	if !path {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] == '/' && g.MatchString(v[i+1:]) {
			return true
		}
	}
	return false
}

// suggest returns the candidate closest to s when it is close enough to be
// a likely misspelling.
func suggest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := catalog.EditDistance(s, lc)
		if strings.HasPrefix(s, lc) || strings.HasPrefix(lc, s) && len(s) >= 3 {
			d = min(d, 1)
		}
		if d < bestD || d == bestD && c < best {
			best, bestD = c, d
		}
	}
	if bestD > len(s)/2 && bestD > 1 {
		return ""
	}
	return best
}

// quote is how messages name a token.
func quote(s string) string { return strconv.Quote(s) }
