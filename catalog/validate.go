package catalog

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rulecat/rulecat/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"gopkg.in/yaml.v3"
)

// The kinds of YAML rule file, each with its own schema.
const (
	fileAnalytic    = "analytic"    // kind: Scheduled or NRT
	fileHunting     = "hunting"     // a query and no kind
	fileExploration = "exploration" // entity exploration query
	fileParser      = "parser"      // ASIM parser
)

const schemaBase = "https://rulecat.dev/schema/"

// validator checks YAML rules against the embedded JSON Schemas. It is built
// once per Load and shared, read-only, by every worker.
type validator struct {
	off     bool
	schemas map[string]*jsonschema.Schema
	raw     map[string]any      // schema documents by file name, for key suggestions
	known   map[string][]string // top-level keys of each kind of file
	quick   map[string]*quickSchema
	err     error // the embedded schemas did not compile (a bug)
}

// newValidator returns the validator for opts. The schemas are compiled
// once per process: like a compiled regexp, the result is immutable and
// safe for concurrent use.
func newValidator(opts Options) *validator {
	if opts.NoValidate {
		return &validator{off: true}
	}
	return compiledValidator()
}

// compiledValidator compiles the embedded schemas on first use.
var compiledValidator = sync.OnceValue(func() *validator {
	v := &validator{schemas: map[string]*jsonschema.Schema{}, raw: map[string]any{}, known: map[string][]string{},
		quick: map[string]*quickSchema{}}
	v.err = v.compile()
	return v
})

func (v *validator) compile() error {
	c := jsonschema.NewCompiler()
	files, err := fs.Glob(schema.FS, "*.json")
	if err != nil {
		return err
	}
	for _, f := range files {
		b, err := fs.ReadFile(schema.FS, f)
		if err != nil {
			return err
		}
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
		if err != nil {
			return fmt.Errorf("schema %s: %w", f, err)
		}
		v.raw[f] = doc
		if err := c.AddResource(schemaBase+f, doc); err != nil {
			return fmt.Errorf("schema %s: %w", f, err)
		}
	}
	for _, k := range []string{fileAnalytic, fileHunting, fileExploration, fileParser} {
		s, err := c.Compile(schemaBase + k + ".json")
		if err != nil {
			return fmt.Errorf("compile schema %s: %w", k, err)
		}
		v.schemas[k] = s
		v.known[k] = propertyNames(v.raw[k+".json"])
		if q, err := compileQuick(v.raw, k+".json"); err == nil {
			v.quick[k] = q
		} // else every file of kind k goes through jsonschema
	}
	return nil
}

// propertyNames returns the sorted keys of a schema's "properties".
func propertyNames(doc any) []string {
	m, _ := doc.(map[string]any)
	props, _ := m["properties"].(map[string]any)
	var out []string
	for k := range props {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// fileKind tells which schema a rule file follows from its keys.
func fileKind(root *yaml.Node) string {
	switch {
	case lookup(root, "kind").key != nil:
		return fileAnalytic
	case lookup(root, "ParserName", "ParserQuery", "Parser").key != nil:
		return fileParser
	case lookup(root, "InputEntityType").key != nil || (lookup(root, "DisplayName").key != nil && lookup(root, "Id").key != nil):
		return fileExploration
	}
	return fileHunting
}

// located is a YAML node converted to a JSON value, with its key.
type located struct{ key, value *yaml.Node }

// converter turns a YAML node tree into JSON-compatible values and, when at
// is set, records where each JSON pointer came from.
type converter struct {
	at    map[string]located
	nodes int
}

// maxNodes bounds the conversion, so aliases cannot blow it up.
const maxNodes = 200000

func (c *converter) convert(n, key *yaml.Node, ptr string) any {
	if c.at != nil {
		c.at[ptr] = located{key, n}
	}
	c.nodes++
	if c.nodes > maxNodes {
		return nil
	}
	n = resolve(n)
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				continue // reported as yaml-syntax
			}
			var p string
			if c.at != nil {
				p = ptr + "/" + escapePointer(k.Value)
			}
			v := c.convert(n.Content[i+1], k, p)
			if v == nil {
				// "key:" with no value reads as absent, as in Sentinel's
				// own tooling; a required one is reported as empty.
				delete(m, k.Value)
				continue
			}
			m[k.Value] = v
		}
		return m
	case yaml.SequenceNode:
		a := make([]any, len(n.Content))
		for i, e := range n.Content {
			var p string
			if c.at != nil {
				p = ptr + "/" + strconv.Itoa(i)
			}
			a[i] = c.convert(e, nil, p)
		}
		return a
	case yaml.ScalarNode:
		return scalarValue(n)
	}
	return nil
}

// scalarValue is the JSON value of scalar node n.
func scalarValue(n *yaml.Node) any {
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil {
			return json.Number(strconv.FormatInt(i, 10))
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil {
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
		}
	}
	return n.Value
}

// escapePointer escapes a JSON pointer token.
func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// unescapePointer undoes escapePointer.
func unescapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// validate returns the schema and unknown-key diagnostics of YAML rule r.
func (v *validator) validate(r *Rule, src []byte) []Diagnostic {
	if v.off || v.err != nil || r.Root == nil {
		return nil
	}
	k := fileKind(r.Root)
	e := &reporter{v: v, r: r, src: src}
	if q := v.quick[k]; q != nil && quickable(r.Root) && q.valid(r.Root) {
		// Valid: nothing for jsonschema to explain.
	} else {
		e.doc = (&converter{}).convert(r.Root, nil, "")
		if err := v.schemas[k].Validate(e.doc); err != nil {
			var ve *jsonschema.ValidationError
			if errors.As(err, &ve) {
				for _, l := range leaves(ve, nil) {
					e.schemaError(l.err, l.parent)
				}
			}
		}
	}
	e.unknownKeys(v.known[k])
	if k == fileAnalytic {
		e.crossField()
	}
	return e.diags
}

// leaf is an innermost validation error and the instance location of the
// error that holds it.
type leaf struct {
	err    *jsonschema.ValidationError
	parent []string
}

// leaves returns the innermost errors of a validation error tree.
func leaves(e *jsonschema.ValidationError, parent []string) []leaf {
	if _, ok := e.ErrorKind.(*kind.PropertyNames); ok || len(e.Causes) == 0 {
		// A bad property name's cause is a pattern error that has lost
		// which property it was about: keep the outer error.
		return []leaf{{e, parent}}
	}
	var out []leaf
	for _, c := range e.Causes {
		out = append(out, leaves(c, e.InstanceLocation)...)
	}
	return out
}

// reporter turns validation findings into diagnostics.
type reporter struct {
	v     *validator
	r     *Rule
	src   []byte
	at    map[string]located // built by locate on first use
	doc   any
	diags []Diagnostic
}

// locate returns where the value at JSON pointer ptr came from. The map
// of locations is built only when a file has something to report, by
// converting the rule again the same way.
func (e *reporter) locate(ptr string) (located, bool) {
	if e.at == nil {
		c := &converter{at: map[string]located{}}
		c.convert(e.r.Root, nil, "")
		e.at = c.at
	}
	l, ok := e.at[ptr]
	return l, ok
}

// report adds a diagnostic at the key of the value at ptr (or the value
// itself for list items; the start of the file for the root).
func (e *reporter) report(ptr string, sev Severity, check, format string, args ...any) {
	sp := Span{Line: 1, Col: 1}
	if l, ok := e.locate(ptr); ok && ptr != "" {
		n := l.key
		if n == nil {
			n = l.value
		}
		sp = e.span(n)
	}
	e.diags = append(e.diags, Diagnostic{
		File: e.r.File, Line: sp.Line, Col: sp.Col, EndLine: sp.EndLine, EndCol: sp.EndCol,
		Severity: sev, Check: check, Message: fmt.Sprintf(format, args...),
	})
}

func (e *reporter) span(n *yaml.Node) Span {
	d := &yamlDecoder{src: e.src, ls: e.r.Lines}
	return d.nodeSpan(n)
}

// pointer joins instance location tokens into a JSON pointer.
func pointer(tokens []string) string {
	var sb strings.Builder
	for _, t := range tokens {
		sb.WriteString("/" + escapePointer(t))
	}
	return sb.String()
}

// describe names a location for messages: "entityMappings[0].fieldMappings".
func describe(tokens []string) string {
	var sb strings.Builder
	for _, t := range tokens {
		if _, err := strconv.Atoi(t); err == nil {
			sb.WriteString("[" + t + "]")
			continue
		}
		if sb.Len() > 0 {
			sb.WriteString(".")
		}
		sb.WriteString(t)
	}
	return sb.String()
}

// enumPattern matches the case-insensitive enumerations of the schemas.
var enumPattern = regexp.MustCompile(`^\^\(\?i:([A-Za-z0-9|]+)\)\$$`)

// Patterns of the schemas that have their own wording.
const (
	guidPattern      = `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`
	durationPattern  = `^([0-9]+[mhd]|([0-9]+\.)?[0-9]{1,2}:[0-9]{2}:[0-9]{2})$`
	versionPattern   = `^[0-9]+\.[0-9]+\.[0-9]+$`
	techniquePattern = `^T[0-9]{4}(\.[0-9]{3})?$`
	columnPattern    = `^[A-Za-z_][A-Za-z0-9_]*$`
	detailKeyPattern = `^[a-zA-Z0-9_]{1,20}$`
)

// schemaError translates one jsonschema error into plain words.
func (e *reporter) schemaError(ve *jsonschema.ValidationError, parent []string) {
	loc := ve.InstanceLocation
	if _, ok := ve.ErrorKind.(*kind.PropertyNames); ok {
		// jsonschema v6.0.3 can report a property-name error at a wrong
		// location; the enclosing error has the object's.
		loc = parent
	}
	ptr := pointer(loc)
	name := describe(loc)
	last := ""
	if len(loc) > 0 {
		last = loc[len(loc)-1]
	}
	what := fmt.Sprintf("%q", name) // the thing, quoted
	if _, err := strconv.Atoi(last); err == nil && len(loc) > 1 {
		what = fmt.Sprintf("entry %s of %q", last, describe(loc[:len(loc)-1]))
	}
	errorf := func(format string, args ...any) { e.report(ptr, Error, "schema", format, args...) }
	switch k := ve.ErrorKind.(type) {
	case *kind.Required:
		for _, m := range k.Missing {
			child := pointer(append(slices.Clone(loc), m))
			if _, ok := e.locate(child); ok {
				e.report(child, Error, "schema", "required key %q has no value", m)
				continue
			}
			if len(loc) == 0 {
				errorf("missing required key %q", m)
			} else {
				errorf("missing required key %q in %s", m, name)
			}
		}
	case *kind.AdditionalProperties:
		allowed := e.v.allowedKeys(ve.SchemaURL)
		for _, p := range k.Properties {
			child := append(slices.Clone(loc), p)
			msg := fmt.Sprintf("unknown key %q in %s", p, name)
			if s := suggest(p, allowed); s != "" {
				msg += fmt.Sprintf("; did you mean %q", s)
			}
			e.report(pointer(child), Error, "schema", "%s", msg)
		}
	case *kind.Type:
		errorf("%s must be %s, found %s", what, typeWords(k.Want...), typeWords(k.Got))
	case *kind.Pattern:
		e.patternError(ptr, loc, last, k)
	case *kind.PropertyNames:
		child := append(slices.Clone(loc), k.Property)
		e.report(pointer(child), Error, "schema", "custom detail key %q must be 1 to 20 letters, digits or underscores", k.Property)
	case *kind.MinLength:
		if k.Want == 1 {
			errorf("%s is empty", what)
		} else {
			errorf("%s is %d characters long; at least %d required", what, k.Got, k.Want)
		}
	case *kind.MaxLength:
		errorf("%s is %d characters long; at most %d allowed", what, k.Got, k.Want)
	case *kind.MinItems:
		errorf("%s has %d entries; at least %d required", what, k.Got, k.Want)
	case *kind.MaxItems:
		errorf("%s has %d entries; at most %d allowed", what, k.Got, k.Want)
	case *kind.MaxProperties:
		errorf("%s has %d entries; at most %d allowed", what, k.Got, k.Want)
	case *kind.MinProperties:
		errorf("%s has %d entries; at least %d required", what, k.Got, k.Want)
	case *kind.Minimum:
		errorf("%s is %s; the minimum is %s", what, ratString(k.Got), ratString(k.Want))
	case *kind.Maximum:
		errorf("%s is %s; the maximum is %s", what, ratString(k.Got), ratString(k.Want))
	default:
		// Anything else the schemas may grow: jsonschema's own words, in
		// lowercase without the location it prefixes.
		msg := strings.TrimSuffix(ve.ErrorKind.LocalizedString(nil), ".")
		errorf("%s is invalid: %s", what, strings.ToLower(msg[:1])+msg[1:])
	}
}

func (e *reporter) patternError(ptr string, loc []string, last string, k *kind.Pattern) {
	errorf := func(format string, args ...any) { e.report(ptr, Error, "schema", format, args...) }
	field := last
	if _, err := strconv.Atoi(last); err == nil && len(loc) > 1 {
		field = loc[len(loc)-2] // an item: name it after its list
	}
	if m := enumPattern.FindStringSubmatch(k.Want); m != nil {
		choices := strings.ReplaceAll(m[1], "|", ", ")
		if last == "identifier" && len(loc) >= 4 {
			et := lookupValue(e.doc, loc[:len(loc)-3], "entityType")
			errorf("identifier %q is not valid for entity type %q; expected one of %s", k.Got, et, choices)
			return
		}
		errorf("%s %q is not one of %s", singular(field), k.Got, choices)
		return
	}
	switch k.Want {
	case guidPattern:
		errorf("%s %q is not a GUID like 01234567-89ab-cdef-0123-456789abcdef", field, k.Got)
	case durationPattern:
		errorf("%s %q is not a duration like 5m, 1h, 1d or 1.00:00:00", field, k.Got)
	case versionPattern:
		errorf("%s %q is not a version like 1.0.0", field, k.Got)
	case techniquePattern:
		errorf("technique %q is not an ATT&CK technique id like T1078 or T1078.004", k.Got)
	case columnPattern:
		if len(loc) == 2 && loc[0] == "customDetails" {
			errorf("custom detail %q maps to %q, which is not a column name", last, k.Got)
			return
		}
		errorf("%s %q is not a column name", singular(field), k.Got)
	case detailKeyPattern:
		errorf("custom detail key %q must be 1 to 20 letters, digits or underscores", k.Got)
	default:
		errorf("%s %q does not match %s", field, k.Got, k.Want)
	}
}

// singular names an item of a list key: "tactics" → "tactic".
func singular(field string) string {
	switch field {
	case "tactics":
		return "tactic"
	case "relevantTechniques", "techniques", "subTechniques":
		return "technique"
	case "groupByEntities":
		return "entity type"
	case "groupByAlertDetails":
		return "alert detail"
	}
	if field == "" {
		return "value"
	}
	return field
}

// lookupValue follows tokens into doc and returns the text of key there.
func lookupValue(doc any, tokens []string, key string) string {
	for _, t := range tokens {
		switch d := doc.(type) {
		case map[string]any:
			doc = d[t]
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i >= len(d) {
				return ""
			}
			doc = d[i]
		}
	}
	m, _ := doc.(map[string]any)
	s, _ := m[key].(string)
	return s
}

// typeWord names each JSON type in plain words.
var typeWord = map[string]string{
	"string": "text", "integer": "a whole number", "number": "a number", "array": "a list",
	"object": "a mapping", "boolean": "true or false", "null": "nothing",
}

// typeWords names JSON types in plain words.
func typeWords(types ...string) string {
	words := make([]string, len(types))
	for i, t := range types {
		words[i] = cmp.Or(typeWord[t], t)
	}
	return strings.Join(words, " or ")
}

func ratString(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return r.Num().String()
	}
	return r.FloatString(3)
}

// allowedKeys returns the "properties" of the schema at url (a schema file
// and a JSON pointer fragment), for "did you mean" suggestions.
func (v *validator) allowedKeys(url string) []string {
	file, frag, _ := strings.Cut(strings.TrimPrefix(url, schemaBase), "#")
	var doc any = v.raw[file]
	for t := range strings.SplitSeq(strings.TrimPrefix(frag, "/"), "/") {
		if t == "" {
			continue
		}
		t = unescapePointer(t)
		m, ok := doc.(map[string]any)
		if !ok {
			return nil
		}
		doc = m[t]
	}
	// The error's schema URL names the keyword; step back to its object.
	return propertyNames(doc)
}

// unknownKeys warns about top-level keys the file's schema does not know.
func (e *reporter) unknownKeys(known []string) {
	for _, p := range pairsOf(e.r.Root) {
		k := p.key.Value
		if p.key.Kind != yaml.ScalarNode || slices.Contains(known, k) {
			continue
		}
		msg := fmt.Sprintf("unknown key %q", k)
		if s := suggest(k, known); s != "" {
			msg += fmt.Sprintf("; did you mean %q", s)
		}
		e.report("/"+escapePointer(k), Warning, "unknown-key", "%s", msg)
	}
}

// suggest returns the known key closest to k by edit distance (ignoring
// case), if it is close enough to be a likely typo.
func suggest(k string, known []string) string {
	s, _ := Closest(k, known)
	return s
}

// placeholder matches a {{column}} reference in an alert format.
var placeholder = regexp.MustCompile(`\{\{[^{}]*\}\}`)

// crossField runs the analytic-rule checks that relate fields to each
// other, which JSON Schema cannot express.
func (e *reporter) crossField() {
	r := e.r
	const minWindow, maxWindow = 5 * time.Minute, 14 * 24 * time.Hour
	freq, freqOK := ParseTimespan(r.QueryFrequency.Text)
	period, periodOK := ParseTimespan(r.QueryPeriod.Text)
	window := func(ptr, key string, d time.Duration, text string) {
		switch {
		case d < minWindow:
			e.report(ptr, Error, "schema", "%s %q is shorter than the minimum of 5 minutes", key, text)
		case d > maxWindow:
			e.report(ptr, Error, "schema", "%s %q is longer than the maximum of 14 days", key, text)
		}
	}
	if freqOK {
		window("/queryFrequency", "queryFrequency", freq, r.QueryFrequency.Text)
	}
	if periodOK {
		window("/queryPeriod", "queryPeriod", period, r.QueryPeriod.Text)
	}
	if freqOK && periodOK {
		if period < freq {
			e.report("/queryPeriod", Error, "schema", "queryPeriod %q is shorter than queryFrequency %q", r.QueryPeriod.Text, r.QueryFrequency.Text)
		}
		if period >= 48*time.Hour && freq < time.Hour {
			e.report("/queryFrequency", Error, "schema", "queryFrequency %q must be at least 1h when queryPeriod is 2 days or more", r.QueryFrequency.Text)
		}
	}
	for i, em := range r.EntityMappings {
		seen := map[string]bool{}
		for j, f := range em.FieldMappings {
			id := strings.ToLower(f.Identifier.Text)
			if id == "" {
				continue
			}
			if seen[id] {
				e.report(fmt.Sprintf("/entityMappings/%d/fieldMappings/%d/identifier", i, j), Error, "schema",
					"identifier %q is mapped twice in the same entity mapping", f.Identifier.Text)
			}
			seen[id] = true
		}
	}
	if kv := lookup(r.Root, "alertDetailsOverride"); kv.key != nil {
		for _, key := range []string{"alertDisplayNameFormat", "alertDescriptionFormat"} {
			f := lookup(kv.value, key)
			if f.key == nil || f.value.Kind != yaml.ScalarNode {
				continue
			}
			if n := len(placeholder.FindAllString(f.value.Value, -1)); n > 3 {
				e.report("/alertDetailsOverride/"+key, Error, "schema", "%s has %d {{placeholders}}; at most 3 allowed", key, n)
			}
		}
	}
}
