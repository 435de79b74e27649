package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// yamlDecoder holds what decoding one YAML file needs.
type yamlDecoder struct {
	name string
	src  []byte
	ls   Lines
	r    *Rule
}

// decodeYAML decodes a Sentinel analytic rule, hunting query, exploration
// query or ASIM parser file.
func decodeYAML(name string, src []byte, v *validator) *Rule {
	ls := NewLines(src)
	r := &Rule{File: name, Format: FormatYAML, Lines: ls}
	d := &yamlDecoder{name: name, src: src, ls: ls, r: r}
	r.Suppressions = suppressions(src, "#", "")
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) {
		err = nil // no document at all: reported below
	}
	if err == nil {
		// Sentinel reads one rule per file: a second document would be
		// ignored without a word.
		var next yaml.Node
		if dec.Decode(&next) == nil && len(next.Content) > 0 && !isEmpty(next.Content[0]) {
			sp := d.nodeSpan(&next)
			r.Diagnostics = append(r.Diagnostics, fileDiag(name, sp.Line, 1, "yaml-syntax",
				"file holds more than one YAML document; only the first is read"))
		}
	}
	if err != nil {
		line, msg := yamlError(err)
		col := 1
		if line > len(ls) {
			line = len(ls)
		}
		if line >= 1 {
			col = firstNonSpace(src, ls, line)
		}
		r.Diagnostics = append(r.Diagnostics, fileDiag(name, max(line, 1), col, "yaml-syntax", msg))
		return r
	}
	if len(doc.Content) == 0 {
		r.Diagnostics = append(r.Diagnostics, fileDiag(name, 1, 1, "file-empty", "file holds no YAML document"))
		return r
	}
	root := doc.Content[0]
	d.duplicateKeys(root)
	d.tabs(root)
	if root.Kind != yaml.MappingNode {
		sp := d.nodeSpan(root)
		r.Diagnostics = append(r.Diagnostics, fileDiag(name, sp.Line, sp.Col, "schema",
			fmt.Sprintf("a rule file must be a mapping of fields, found %s", kindName(root))))
		return r
	}
	r.Root = root
	d.fill(root)
	if v != nil && len(r.Diagnostics) == 0 {
		// Validate only files that are valid YAML: a syntax problem
		// often shows up again as a schema one, and one clear
		// diagnostic is better than two.
		r.Diagnostics = append(r.Diagnostics, v.validate(r, src)...)
	}
	return r
}

// fill sets the rule's fields from the top-level mapping. Field names are
// Sentinel's; exploration queries (Id, DisplayName, Description, Tactics) and
// ASIM parsers (Parser.Title, ParserName, ParserQuery) use their own.
func (d *yamlDecoder) fill(m *yaml.Node) {
	r := d.r
	r.ID = d.value(m, "id", "Id")
	r.Name = d.value(m, "name", "DisplayName")
	if p := lookup(m, "Parser"); r.Name.IsZero() && p.key != nil && p.value.Kind == yaml.MappingNode {
		r.Name = d.value(p.value, "Title")
		r.Version = d.value(p.value, "Version")
	}
	if r.Name.IsZero() {
		r.Name = d.value(m, "ParserName")
	}
	r.Description = d.value(m, "description", "Description")
	r.Severity = d.value(m, "severity")
	r.Kind = d.value(m, "kind")
	if v := d.value(m, "version"); !v.IsZero() {
		r.Version = v
	}
	r.Status = d.value(m, "status")
	r.QueryFrequency = d.value(m, "queryFrequency")
	r.QueryPeriod = d.value(m, "queryPeriod")
	r.TriggerOperator = d.value(m, "triggerOperator")
	r.TriggerThreshold = d.value(m, "triggerThreshold")
	r.Tactics = d.list(m, "tactics", "Tactics")
	r.Techniques = append(d.list(m, "relevantTechniques", "techniques"), d.list(m, "subTechniques")...)
	if len(r.Techniques) == 0 {
		r.Techniques = d.tagTechniques(m)
	}
	if kv := lookup(m, "requiredDataConnectors"); kv.key != nil && kv.value.Kind == yaml.SequenceNode {
		for _, c := range kv.value.Content {
			if c.Kind != yaml.MappingNode {
				continue
			}
			r.Connectors = append(r.Connectors, Connector{
				ID:        d.value(c, "connectorId"),
				DataTypes: d.list(c, "dataTypes"),
				Span:      d.nodeSpan(c),
			})
		}
	}
	if kv := lookup(m, "entityMappings"); kv.key != nil && kv.value.Kind == yaml.SequenceNode {
		for _, e := range kv.value.Content {
			if e.Kind != yaml.MappingNode {
				continue
			}
			em := EntityMapping{EntityType: d.value(e, "entityType"), Span: d.nodeSpan(e)}
			if fm := lookup(e, "fieldMappings"); fm.key != nil && fm.value.Kind == yaml.SequenceNode {
				for _, f := range fm.value.Content {
					if f.Kind == yaml.MappingNode {
						em.FieldMappings = append(em.FieldMappings, FieldMapping{
							Identifier: d.value(f, "identifier"),
							ColumnName: d.value(f, "columnName"),
						})
					}
				}
			}
			r.EntityMappings = append(r.EntityMappings, em)
		}
	}
	if kv := lookup(m, "customDetails"); kv.key != nil && kv.value.Kind == yaml.MappingNode {
		r.CustomDetails = d.pairs(kv.value)
	}
	if kv := lookup(m, "alertDetailsOverride"); kv.key != nil && kv.value.Kind == yaml.MappingNode {
		for _, p := range pairsOf(kv.value) {
			if p.value.Kind == yaml.SequenceNode { // alertDynamicProperties
				for _, e := range p.value.Content {
					if e.Kind == yaml.MappingNode {
						r.AlertDetailsOverride = append(r.AlertDetailsOverride, KeyValue{
							Key: d.value(e, "alertProperty"), Value: d.value(e, "value")})
					}
				}
				continue
			}
			r.AlertDetailsOverride = append(r.AlertDetailsOverride, KeyValue{Key: d.scalar(p.key, nil), Value: d.scalar(p.value, p.key)})
		}
	}
	for _, k := range []string{"query", "ParserQuery"} {
		if kv := lookup(m, k); kv.key != nil && kv.value.Kind == yaml.ScalarNode {
			r.Queries = append(r.Queries, d.query(kv.value, m))
			break
		}
	}
}

// techniqueID matches an ATT&CK technique or sub-technique id.
var techniqueID = regexp.MustCompile(`^T\d{4}(\.\d{3})?$`)

// tagTechniques returns the technique ids listed under tags, where some
// hunting queries keep them.
func (d *yamlDecoder) tagTechniques(m *yaml.Node) []Value {
	var out []Value
	for _, v := range d.list(m, "tags", "Tags") {
		if techniqueID.MatchString(v.Text) {
			out = append(out, v)
		}
	}
	return out
}

// query builds the Query of scalar node n, mapping its text to the file.
func (d *yamlDecoder) query(n, parent *yaml.Node) Query {
	q := Query{Text: n.Value}
	segs, end, ok := scalarMap(d.src, d.ls, n, parent.Column-1)
	start := nodeOffset(d.src, d.ls, n.Line, n.Column)
	q.Map = segs
	if ok && len(segs) > 0 {
		q.Span.Line, q.Span.Col = segs[0].Line, segs[0].Col
	} else {
		q.Span.Line, q.Span.Col = d.ls.Position(start)
	}
	if ok && len(q.Text) > 0 {
		el, ec := q.Position(len(q.Text) - 1)
		q.Span.EndLine, q.Span.EndCol = el, ec+1
	} else {
		q.Span.EndLine, q.Span.EndCol = d.ls.Position(end)
	}
	return q
}

// keyValue is one entry of a mapping node.
type keyValue struct{ key, value *yaml.Node }

// pairsOf returns the entries of mapping m in order.
func pairsOf(m *yaml.Node) []keyValue {
	var out []keyValue
	for i := 0; i+1 < len(m.Content); i += 2 {
		out = append(out, keyValue{m.Content[i], m.Content[i+1]})
	}
	return out
}

// lookup returns the last entry of mapping m whose key is one of names
// (the last, as most YAML readers let a repeated key win); its key is nil
// when there is none.
func lookup(m *yaml.Node, names ...string) keyValue {
	if m == nil || m.Kind != yaml.MappingNode {
		return keyValue{}
	}
	for _, name := range names {
		found := -1
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == name {
				found = i
			}
		}
		if found >= 0 {
			return keyValue{m.Content[found], m.Content[found+1]}
		}
	}
	return keyValue{}
}

// value returns the scalar under the first of names present in m.
func (d *yamlDecoder) value(m *yaml.Node, names ...string) Value {
	kv := lookup(m, names...)
	if kv.key == nil {
		return Value{}
	}
	return d.scalar(kv.value, kv.key)
}

// scalar returns the Value of node n; a null value takes the span of its
// key, and a non-scalar has no text.
func (d *yamlDecoder) scalar(n, key *yaml.Node) Value {
	n = resolve(n)
	if key != nil && n.Kind == yaml.ScalarNode && n.Tag == "!!null" && n.Value == "" {
		return Value{Span: d.nodeSpan(key)}
	}
	if n.Kind != yaml.ScalarNode {
		return Value{Span: d.nodeSpan(n)}
	}
	return Value{Text: n.Value, Span: d.nodeSpan(n)}
}

// resolve follows an alias.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// list returns the scalars of the sequence under the first of names in m; a
// single scalar is split at commas.
func (d *yamlDecoder) list(m *yaml.Node, names ...string) []Value {
	kv := lookup(m, names...)
	if kv.key == nil {
		return nil
	}
	n := resolve(kv.value)
	var out []Value
	switch n.Kind {
	case yaml.SequenceNode:
		for _, e := range n.Content {
			if e = resolve(e); e.Kind == yaml.ScalarNode && e.Tag != "!!null" {
				out = append(out, d.scalar(e, nil))
			}
		}
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil
		}
		sp := d.nodeSpan(n)
		off := 0
		for part := range strings.SplitSeq(n.Value, ",") {
			t := strings.TrimSpace(part)
			if t != "" {
				s := sp
				if n.Style == 0 && sp.EndLine == sp.Line { // plain one-line: exact column
					s.Col = sp.Col + off + strings.Index(part, t)
					s.EndLine, s.EndCol = s.Line, s.Col+len(t)
				}
				out = append(out, Value{Text: t, Span: s})
			}
			off += len(part) + 1
		}
	}
	return out
}

// pairs returns the scalar entries of mapping m.
func (d *yamlDecoder) pairs(m *yaml.Node) []KeyValue {
	var out []KeyValue
	for _, p := range pairsOf(m) {
		out = append(out, KeyValue{Key: d.scalar(p.key, nil), Value: d.scalar(p.value, p.key)})
	}
	return out
}

// nodeSpan returns where node n starts and, for scalars, ends.
func (d *yamlDecoder) nodeSpan(n *yaml.Node) Span {
	start := nodeOffset(d.src, d.ls, n.Line, n.Column)
	s := Span{}
	s.Line, s.Col = d.ls.Position(start)
	if n.Kind == yaml.ScalarNode {
		end := scalarEnd(d.src, d.ls, n)
		s.EndLine, s.EndCol = d.ls.Position(end)
	}
	return s
}

// scalarEnd returns the file offset just after scalar n's text.
func scalarEnd(src []byte, ls Lines, n *yaml.Node) int {
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 && !strings.ContainsAny(n.Value, "\n\\'\"") {
		// The common case: a one-line scalar.
		start := skipProperties(src, nodeOffset(src, ls, n.Line, n.Column))
		if start >= len(src) {
			return len(src)
		}
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			if e := start + 1 + len(n.Value) + 1; e <= len(src) && src[e-1] == src[start] {
				return e
			}
		} else if e := start + len(n.Value); e <= len(src) && string(src[start:e]) == n.Value {
			return e
		}
	}
	end := scalarMapEnd(src, ls, n, 0)
	// Trailing line breaks of a block scalar belong to no line of its own.
	for end > 0 && (src[end-1] == '\n' || src[end-1] == '\r' || src[end-1] == ' ') {
		end--
	}
	return end
}

// duplicateKeys reports every key repeated within one mapping, which
// yaml.v3 accepts in a node tree but most YAML readers reject or resolve
// silently.
func (d *yamlDecoder) duplicateKeys(n *yaml.Node) {
	switch n.Kind {
	case yaml.MappingNode:
		first := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				sp := d.nodeSpan(k)
				d.r.Diagnostics = append(d.r.Diagnostics, fileDiag(d.name, sp.Line, sp.Col, "yaml-syntax",
					fmt.Sprintf("a key must be plain text, found %s; quote values that start with \"{\" or \"[\"", kindName(k))))
			}
			if f, ok := first[k.Value]; ok && k.Kind == yaml.ScalarNode {
				sp := d.nodeSpan(k)
				d.r.Diagnostics = append(d.r.Diagnostics, Diagnostic{
					File: d.name, Line: sp.Line, Col: sp.Col, EndLine: sp.EndLine, EndCol: sp.EndCol,
					Severity: Error, Check: "yaml-syntax",
					Message: fmt.Sprintf("duplicate key %q; first defined at line %d", k.Value, f.Line),
				})
			} else if !ok {
				first[k.Value] = k
			}
			d.duplicateKeys(n.Content[i+1])
		}
	case yaml.SequenceNode, yaml.DocumentNode:
		for _, c := range n.Content {
			d.duplicateKeys(c)
		}
	}
}

// blockLines returns, for each line of the file, whether it is content of a
// block scalar (where tabs and anything else are text).
func (d *yamlDecoder) blockLines(root *yaml.Node) []bool {
	in := make([]bool, len(d.ls)+1)
	var visit func(n *yaml.Node)
	visit = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle|yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			endLine, _ := d.ls.Position(scalarEnd(d.src, d.ls, n))
			first := n.Line + 1
			if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
				first = n.Line
			}
			for l := first; l <= endLine && l < len(in); l++ {
				in[l] = true
			}
		}
		for _, c := range n.Content {
			visit(c)
		}
	}
	visit(root)
	return in
}

// tabs reports tab characters that strict YAML readers (PyYAML, which
// Sentinel's tooling uses) reject although yaml.v3 accepts them: in the
// indentation or after a value, outside block and quoted scalars.
func (d *yamlDecoder) tabs(root *yaml.Node) {
	if bytes.IndexByte(d.src, '\t') < 0 {
		return // the common case
	}
	inBlock := d.blockLines(root)
	for i, start := range d.ls {
		line := i + 1
		if inBlock[line] {
			continue
		}
		end, _ := lineEnd(d.src, start)
		text := d.src[start:end]
		trimmed := bytes.TrimRight(text, " \t")
		if t := bytes.IndexByte(text[len(trimmed):], '\t'); t >= 0 && len(bytes.TrimSpace(trimmed)) > 0 && !bytes.HasPrefix(bytes.TrimSpace(trimmed), []byte("#")) {
			d.r.Diagnostics = append(d.r.Diagnostics, fileDiag(d.name, line, len(trimmed)+t+1, "yaml-syntax",
				"tab character after the value; strict YAML readers reject it, remove it"))
			continue
		}
		lead := len(text) - len(bytes.TrimLeft(text, " \t"))
		if t := bytes.IndexByte(text[:lead], '\t'); t >= 0 && lead < len(text) && text[lead] != '#' {
			d.r.Diagnostics = append(d.r.Diagnostics, fileDiag(d.name, line, t+1, "yaml-syntax",
				"tab character in the indentation; YAML allows only spaces there"))
		}
	}
}

// isEmpty reports whether n is a null with no text ("---" and nothing).
func isEmpty(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null" && n.Value == ""
}

// kindName describes a YAML node's kind in plain words.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "nothing"
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	}
	return "a string"
}

// yamlLine matches the position yaml.v3 puts in its error messages.
var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// yamlError turns a yaml.v3 error into a line (0 when unknown) and a plain
// message.
func yamlError(err error) (int, string) {
	s := err.Error()
	m := yamlLine.FindStringSubmatch(s)
	if m == nil {
		return 0, "invalid YAML: " + s
	}
	line, _ := strconv.Atoi(m[1])
	msg := m[2]
	if line > 0 && parserError(msg) {
		// yaml.v3 prints the 0-based line of parser (not scanner) errors.
		line++
	}
	switch {
	case strings.HasPrefix(msg, "did not find expected key"):
		msg = "invalid YAML: did not find expected key; check the indentation of this line and the one before"
	case strings.HasPrefix(msg, "mapping values are not allowed"):
		msg = `invalid YAML: unexpected ":" in a value; quote the value or fix the indentation`
	case strings.HasPrefix(msg, "found character that cannot start any token"):
		msg = "invalid YAML: found a character that cannot start a token (a tab in the indentation?)"
	case strings.HasPrefix(msg, "found a tab character"):
		msg = "invalid YAML: a tab character is used for indentation; use spaces"
	case strings.HasPrefix(msg, "did not find expected alphabetic or numeric character"):
		msg = `invalid YAML: "*" or "&" must be followed by a name; quote the value`
	case strings.HasPrefix(msg, "could not find expected ':'"):
		msg = `invalid YAML: could not find the ":" after a key`
	case strings.HasPrefix(msg, "block sequence entries are not allowed"):
		msg = `invalid YAML: a "-" list entry is not allowed here; fix the indentation`
	default:
		msg = "invalid YAML: " + msg
	}
	return line, msg
}

// parserError reports whether libyaml's message comes from its parser,
// whose errors yaml.v3 reports one line early.
func parserError(msg string) bool {
	for _, p := range []string{
		"did not find expected key", "did not find expected node content",
		"did not find expected '-' indicator", "did not find expected ',' or",
		"did not find expected <document start>", "found undefined tag handle",
	} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// firstNonSpace returns the column of the first non-blank byte of line (1
// if it has none).
func firstNonSpace(src []byte, ls Lines, line int) int {
	off := ls[line-1]
	for i := off; i < len(src) && src[i] != '\n'; i++ {
		if !isSpace(src[i]) && src[i] != '\r' {
			return i - off + 1
		}
	}
	return 1
}
