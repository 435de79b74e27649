package analyze

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rulecat/rulecat/analyze/selector"
	"github.com/rulecat/rulecat/catalog"
)

// ConfigName is the file name FindConfig looks for.
const ConfigName = ".rulecat.yaml"

// A Config is a parsed .rulecat.yaml: which checks run, at which severity,
// which files are skipped and which findings are accepted. The zero Config
// (and a nil *Config) changes nothing.
type Config struct {
	File string // the file it was read from, as given; "" when there is none
	// Dir is the absolute directory that path globs are relative to: the
	// directory holding File.
	Dir      string
	Disable  []string
	Severity []SeverityRule
	Exclude  []Glob
	Suppress []PathSuppression
}

// A SeverityRule changes the severity of one check's findings, optionally
// only for the rules a selector expression matches.
type SeverityRule struct {
	Check    string
	Severity catalog.Severity
	Where    string   // selector expression; "" matches every rule
	Selector Selector // Where compiled; nil when Where is ""
	Line     int      // position of the entry in the config file
	Col      int
}

// A Glob is a slash-separated path pattern relative to the config file's
// directory: "*" and "?" match within one path segment, "**" matches any
// number of segments, and a pattern that matches a directory matches
// everything under it.
type Glob struct {
	Pattern   string
	Line, Col int // position in the config file
}

// A PathSuppression accepts the findings of one check in every file a glob
// matches. If it accepts nothing, it is reported as unused-suppression.
type PathSuppression struct {
	Check     string
	Path      Glob
	Reason    string
	Line, Col int // position of the entry in the config file
}

// A Selector is a compiled `where:` expression of the rule selector
// language.
type Selector interface {
	Match(r *catalog.Rule) bool
}

// ConfigOptions tell ParseConfig what it may accept.
type ConfigOptions struct {
	// Known reports whether a check id exists; nil accepts every id.
	Known func(id string) bool
	// Compile compiles a `where:` expression. When nil, a config that uses
	// `where:` is rejected, since it could not be honoured.
	Compile func(expr string) (Selector, error)
}

// A ConfigError is a problem in a config file, with its position.
type ConfigError struct {
	File      string
	Line, Col int
	Msg       string
}

// Error formats the problem as "file:line:col: message".
func (e *ConfigError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// FindConfig looks for ConfigName in dir and then in each parent directory,
// and returns the first one found.
func FindConfig(dir string) (string, bool) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, ConfigName)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// LoadConfig reads and parses the config file name. Problems in the file are
// *ConfigError values.
func LoadConfig(name string, opts ConfigOptions) (*Config, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	c, err := ParseConfig(filepath.ToSlash(name), src, opts)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	c.Dir = filepath.Dir(abs)
	return c, nil
}

// configKeys are the top-level keys of a config file, in documentation order.
var configKeys = []string{"disable", "severity", "exclude", "suppress"}

// yamlLine finds the line number in a yaml.v3 error message.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// ParseConfig parses config file text; name is used in error positions.
// Dir is left empty: globs are then relative to the working directory.
func ParseConfig(name string, src []byte, opts ConfigOptions) (*Config, error) {
	p := &configParser{file: name, opts: opts}
	c := &Config{File: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		msg, line := err.Error(), 1
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		return nil, &ConfigError{File: name, Line: line, Col: 1, Msg: "invalid YAML: " + msg}
	}
	if len(doc.Content) == 0 {
		return c, nil // empty file: defaults
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			return c, nil
		}
		return nil, p.errorf(root, "config must be a mapping with keys %s", strings.Join(configKeys, ", "))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			return nil, p.errorf(k, "key %q appears twice", k.Value)
		}
		seen[k.Value] = true
		var err error
		switch k.Value {
		case "disable":
			c.Disable, err = list(p, v, p.check)
		case "severity":
			c.Severity, err = list(p, v, p.severityRule)
		case "exclude":
			c.Exclude, err = list(p, v, p.glob)
		case "suppress":
			c.Suppress, err = list(p, v, p.suppression)
		default:
			return nil, p.errorf(k, "unknown key %q%s", k.Value, suggest(k.Value, configKeys))
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

// configParser decodes one config file, reporting the first problem with
// its position.
type configParser struct {
	file string
	opts ConfigOptions
}

// errorf makes a *ConfigError at node n.
func (p *configParser) errorf(n *yaml.Node, format string, args ...any) error {
	return &ConfigError{File: p.file, Line: max(n.Line, 1), Col: max(n.Column, 1), Msg: fmt.Sprintf(format, args...)}
}

// list decodes each entry of sequence n with f; null is an empty list.
func list[T any](p *configParser, n *yaml.Node, f func(*yaml.Node) (T, error)) ([]T, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.errorf(n, "expected a list")
	}
	var out []T
	for _, e := range n.Content {
		x, err := f(e)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// str reads a non-empty scalar, described as what in the error.
func (p *configParser) str(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || n.Value == "" {
		return "", p.errorf(n, "expected %s", what)
	}
	return n.Value, nil
}

// check reads a check id that opts.Known accepts.
func (p *configParser) check(n *yaml.Node) (string, error) {
	id, err := p.str(n, "a check id")
	if err != nil {
		return "", err
	}
	if p.opts.Known != nil && !p.opts.Known(id) {
		return "", p.errorf(n, "unknown check %q; run \"rulecat checks\" for the list", id)
	}
	return id, nil
}

// glob reads a path glob, dropping a leading "./" and a trailing "/".
func (p *configParser) glob(n *yaml.Node) (Glob, error) {
	s, err := p.str(n, "a path glob")
	if err != nil {
		return Glob{}, err
	}
	s = strings.TrimPrefix(strings.TrimSuffix(s, "/"), "./")
	if _, err := path.Match(strings.ReplaceAll(s, "**", "*"), ""); err != nil {
		return Glob{}, p.errorf(n, "bad path glob %q", n.Value)
	}
	return Glob{Pattern: s, Line: n.Line, Col: n.Column}, nil
}

// fields decodes a mapping entry of a list, rejecting unknown keys and
// requiring the keys in required.
func (p *configParser) fields(n *yaml.Node, allowed, required []string) (map[string]*yaml.Node, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errorf(n, "expected a mapping with keys %s", strings.Join(allowed, ", "))
	}
	m := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(allowed, k.Value) {
			return nil, p.errorf(k, "unknown key %q%s", k.Value, suggest(k.Value, allowed))
		}
		if m[k.Value] != nil {
			return nil, p.errorf(k, "key %q appears twice", k.Value)
		}
		m[k.Value] = n.Content[i+1]
	}
	for _, k := range required {
		if m[k] == nil {
			return nil, p.errorf(n, "missing key %q", k)
		}
	}
	return m, nil
}

// severityRule reads one entry of severity: and compiles its where:.
func (p *configParser) severityRule(n *yaml.Node) (SeverityRule, error) {
	f, err := p.fields(n, []string{"check", "severity", "where"}, []string{"check", "severity"})
	if err != nil {
		return SeverityRule{}, err
	}
	r := SeverityRule{Line: n.Line, Col: n.Column}
	if r.Check, err = p.check(f["check"]); err != nil {
		return r, err
	}
	s, err := p.str(f["severity"], "a severity")
	if err != nil {
		return r, err
	}
	var ok bool
	if r.Severity, ok = catalog.ParseSeverity(s); !ok {
		return r, p.errorf(f["severity"], "unknown severity %q; want error, warning or info", s)
	}
	if w := f["where"]; w != nil {
		if r.Where, err = p.str(w, "a selector expression"); err != nil {
			return r, err
		}
		if p.opts.Compile == nil {
			return r, p.errorf(w, "where: selector expressions are not supported by this build")
		}
		if r.Selector, err = p.opts.Compile(r.Where); err != nil {
			return r, p.selectorError(w, err)
		}
	}
	return r, nil
}

// selectorError places a selector error at its column inside the where:
// value when the value is written on one line as it is parsed (plain or
// single-quoted without escapes), else at the value.
func (p *configParser) selectorError(w *yaml.Node, err error) error {
	var se *selector.Error
	if !errors.As(err, &se) {
		return p.errorf(w, "bad selector %q: %v", w.Value, err)
	}
	ce := p.errorf(w, "bad selector %q: %s", w.Value, se.Msg).(*ConfigError)
	switch {
	case se.Line > 1 || strings.Contains(w.Value, "'"):
	case w.Style == 0:
		ce.Col += se.Col - 1
	case w.Style == yaml.SingleQuotedStyle:
		ce.Col += se.Col
	}
	return ce
}

// suppression reads one entry of suppress:.
func (p *configParser) suppression(n *yaml.Node) (PathSuppression, error) {
	f, err := p.fields(n, []string{"check", "path", "reason"}, []string{"check", "path"})
	if err != nil {
		return PathSuppression{}, err
	}
	s := PathSuppression{Line: n.Line, Col: n.Column}
	if s.Check, err = p.check(f["check"]); err != nil {
		return s, err
	}
	if s.Path, err = p.glob(f["path"]); err != nil {
		return s, err
	}
	if r := f["reason"]; r != nil {
		if r.Kind != yaml.ScalarNode {
			return s, p.errorf(r, "expected a reason")
		}
		s.Reason = strings.TrimSpace(r.Value)
	}
	return s, nil
}

// suggest returns `; did you mean "x"` for the closest of keys to k, or "".
func suggest(k string, keys []string) string {
	best, ok := catalog.Closest(k, keys)
	if !ok {
		return "; want one of " + strings.Join(keys, ", ")
	}
	return fmt.Sprintf("; did you mean %q", best)
}

// Disabled reports whether check id is turned off.
func (c *Config) Disabled(id string) bool {
	return c != nil && slices.Contains(c.Disable, id)
}

// Excluded reports whether the file or directory p (slash-separated, as
// reached from the command line) matches an exclude glob. It fits
// catalog.Options.Exclude.
func (c *Config) Excluded(p string) bool {
	if c == nil || len(c.Exclude) == 0 {
		return false
	}
	rel := c.rel(p)
	for _, g := range c.Exclude {
		if g.Match(rel) {
			return true
		}
	}
	return false
}

// rel makes p relative to the config's directory, so globs written in the
// config mean the same from any working directory.
func (c *Config) rel(p string) string {
	if c.Dir == "" {
		return path.Clean(p)
	}
	abs, err := filepath.Abs(filepath.FromSlash(p))
	if err != nil {
		return path.Clean(p)
	}
	r, err := filepath.Rel(c.Dir, abs)
	if err != nil {
		return path.Clean(p)
	}
	return filepath.ToSlash(r)
}

// Match reports whether slash path p, or a directory holding it, matches g.
func (g Glob) Match(p string) bool {
	segs := strings.Split(path.Clean(p), "/")
	pat := strings.Split(g.Pattern, "/")
	for n := len(segs); n > 0; n-- {
		if matchSegments(pat, segs[:n]) {
			return true
		}
	}
	return false
}

// matchSegments matches path segments against pattern segments, where a
// "**" segment matches zero or more path segments.
func matchSegments(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchSegments(pat[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], segs[0]); err != nil || !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}
