package catalog

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// A quickSchema is one of the embedded JSON Schemas compiled to answer a
// single question: is a value valid? Almost every rule file is, and
// jsonschema spends most of a load building the error tree and evaluation
// bookkeeping that a valid file throws away. validate asks the quickSchema
// first and runs jsonschema, whose errors it translates, only on values
// the quickSchema rejects; so a quickSchema must never accept what
// jsonschema rejects, while rejecting a valid value merely costs time.
// compileQuick refuses any keyword it does not implement, and validation
// then always goes through jsonschema.
type quickSchema struct {
	never         bool    // the schema false
	types         typeSet // 0: any type
	ref           *quickSchema
	required      []string
	props         map[string]*quickSchema
	additional    *quickSchema // for keys not in props; nil: any
	propertyNames *quickSchema
	items         *quickSchema
	pattern       *regexp.Regexp
	enum          []string // the alternatives of pattern when it is "^(?i:A|B)$"
	minLength     int      // -1 when absent, as for the bounds below
	maxLength     int
	minItems      int
	maxItems      int
	minProps      int
	maxProps      int
	minimum       *big.Rat
	maximum       *big.Rat
	allOf         []*quickSchema
	cond          *quickSchema // "if"
	then, els     *quickSchema
}

// typeSet is a set of JSON types.
type typeSet uint8

const (
	typeNull typeSet = 1 << iota
	typeBoolean
	typeNumber
	typeInteger
	typeString
	typeArray
	typeObject
)

var typeNames = map[string]typeSet{
	"null": typeNull, "boolean": typeBoolean, "number": typeNumber, "integer": typeInteger,
	"string": typeString, "array": typeArray, "object": typeObject,
}

// quickCompiler compiles the schema documents in raw (by file name) into
// quickSchemas, each location once, so that references may recurse.
type quickCompiler struct {
	raw  map[string]any
	done map[string]*quickSchema // by "file#pointer"
}

// compileQuick compiles the schema in file raw[file].
func compileQuick(raw map[string]any, file string) (*quickSchema, error) {
	c := &quickCompiler{raw: raw, done: map[string]*quickSchema{}}
	return c.at(file, "")
}

// at compiles the schema at JSON pointer ptr of file.
func (c *quickCompiler) at(file, ptr string) (*quickSchema, error) {
	key := file + "#" + ptr
	if s, ok := c.done[key]; ok {
		return s, nil
	}
	doc, ok := c.raw[file]
	if !ok {
		return nil, fmt.Errorf("no schema %s", file)
	}
	for t := range strings.SplitSeq(strings.TrimPrefix(ptr, "/"), "/") {
		if t == "" {
			continue
		}
		t = unescapePointer(t)
		switch d := doc.(type) {
		case map[string]any:
			doc, ok = d[t]
		case []any:
			i, err := strconv.Atoi(t)
			ok = err == nil && i >= 0 && i < len(d)
			if ok {
				doc = d[i]
			}
		default:
			ok = false
		}
		if !ok {
			return nil, fmt.Errorf("%s: no %s", file, ptr)
		}
	}
	s := &quickSchema{}
	c.done[key] = s
	if err := c.fill(s, doc, file, ptr); err != nil {
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	return s, nil
}

// fill compiles schema doc, at ptr in file, into s.
func (c *quickCompiler) fill(s *quickSchema, doc any, file, ptr string) error {
	s.minLength, s.maxLength, s.minItems, s.maxItems, s.minProps, s.maxProps = -1, -1, -1, -1, -1, -1
	if b, ok := doc.(bool); ok {
		s.never = !b
		return nil
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return fmt.Errorf("schema is %T", doc)
	}
	sub := func(kw string) (*quickSchema, error) {
		return c.at(file, ptr+"/"+escapePointer(kw))
	}
	var err error
	for kw, v := range m {
		switch kw {
		case "title", "description", "$comment", "$defs":
			// Annotations, and definitions compiled when referenced.
		case "$schema", "$id":
			if ptr != "" {
				return fmt.Errorf("%s below the root", kw)
			}
		case "type":
			switch v := v.(type) {
			case string:
				s.types = typeNames[v]
				if s.types == 0 {
					return fmt.Errorf("type %q", v)
				}
			default:
				return fmt.Errorf("type %v", v)
			}
		case "$ref":
			r, _ := v.(string)
			f, frag, ok := strings.Cut(r, "#")
			if !ok || strings.Contains(f, "/") {
				return fmt.Errorf("$ref %q", r)
			}
			if f == "" {
				f = file
			}
			if s.ref, err = c.at(f, frag); err != nil {
				return err
			}
		case "required":
			a, ok := v.([]any)
			if !ok {
				return fmt.Errorf("required %v", v)
			}
			for _, e := range a {
				k, ok := e.(string)
				if !ok {
					return fmt.Errorf("required %v", v)
				}
				s.required = append(s.required, k)
			}
		case "properties":
			props, ok := v.(map[string]any)
			if !ok {
				return fmt.Errorf("properties %v", v)
			}
			s.props = make(map[string]*quickSchema, len(props))
			for k := range props {
				if s.props[k], err = c.at(file, ptr+"/properties/"+escapePointer(k)); err != nil {
					return err
				}
			}
		case "additionalProperties":
			s.additional, err = sub(kw)
		case "propertyNames":
			s.propertyNames, err = sub(kw)
		case "items":
			s.items, err = sub(kw)
		case "if":
			s.cond, err = sub(kw)
		case "then":
			s.then, err = sub(kw)
		case "else":
			s.els, err = sub(kw)
		case "allOf":
			a, ok := v.([]any)
			if !ok {
				return fmt.Errorf("allOf %v", v)
			}
			for i := range a {
				e, err := c.at(file, fmt.Sprintf("%s/allOf/%d", ptr, i))
				if err != nil {
					return err
				}
				s.allOf = append(s.allOf, e)
			}
		case "pattern":
			p, _ := v.(string)
			if s.pattern, err = regexp.Compile(p); err != nil {
				return err
			}
			if m := enumPattern.FindStringSubmatch(p); m != nil {
				s.enum = strings.Split(m[1], "|")
			}
		case "minLength":
			s.minLength, err = count(v)
		case "maxLength":
			s.maxLength, err = count(v)
		case "minItems":
			s.minItems, err = count(v)
		case "maxItems":
			s.maxItems, err = count(v)
		case "minProperties":
			s.minProps, err = count(v)
		case "maxProperties":
			s.maxProps, err = count(v)
		case "minimum":
			s.minimum, err = rat(v)
		case "maximum":
			s.maximum, err = rat(v)
		default:
			return fmt.Errorf("keyword %q not implemented", kw)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// count reads a non-negative integer keyword value.
func count(v any) (int, error) {
	r, err := rat(v)
	if err != nil || !r.IsInt() || r.Sign() < 0 || !r.Num().IsInt64() {
		return 0, fmt.Errorf("count %v", v)
	}
	return int(r.Num().Int64()), nil
}

// rat reads a number keyword value.
func rat(v any) (*big.Rat, error) {
	n, ok := v.(json.Number)
	if !ok {
		return nil, fmt.Errorf("number %v", v)
	}
	r, ok := new(big.Rat).SetString(string(n))
	if !ok {
		return nil, fmt.Errorf("number %v", v)
	}
	return r, nil
}

// quickable reports whether the quick schemas may judge the document at
// root: one without aliases, duplicate or non-text keys, and small enough
// that converter does not cut it short. Then every node converts to one
// JSON value, and a mapping's entries are its keys.
func quickable(root *yaml.Node) bool {
	nodes := 0
	var ok func(n *yaml.Node) bool
	ok = func(n *yaml.Node) bool {
		nodes += 1 + len(n.Content)
		switch n.Kind {
		case yaml.AliasNode:
			return false
		case yaml.MappingNode:
			c := n.Content
			if len(c)%2 != 0 || len(c) > 2*64 {
				return false
			}
			for i := 0; i < len(c); i += 2 {
				if c[i].Kind != yaml.ScalarNode {
					return false
				}
				for j := 0; j < i; j += 2 {
					if c[j].Value == c[i].Value {
						return false
					}
				}
			}
		}
		for _, c := range n.Content {
			if !ok(c) {
				return false
			}
		}
		return true
	}
	return ok(root) && nodes < maxNodes
}

// valid reports whether the JSON value converter makes of n is valid; n is
// part of a document for which quickable holds.
func (s *quickSchema) valid(n *yaml.Node) bool {
	if s.never {
		return false
	}
	if s.ref != nil && !s.ref.valid(n) {
		return false
	}
	switch n.Kind {
	case yaml.MappingNode:
		if !s.allows(typeObject) || !s.validObject(n.Content) {
			return false
		}
	case yaml.SequenceNode:
		if !s.allows(typeArray) || !s.validArray(n.Content) {
			return false
		}
	case yaml.ScalarNode:
		if !s.validScalar(n) {
			return false
		}
	default:
		if !s.allows(typeNull) {
			return false
		}
	}
	for _, a := range s.allOf {
		if !a.valid(n) {
			return false
		}
	}
	if s.cond != nil {
		if s.cond.valid(n) {
			if s.then != nil && !s.then.valid(n) {
				return false
			}
		} else if s.els != nil && !s.els.valid(n) {
			return false
		}
	}
	return true
}

// validScalar checks the JSON value of scalar node n.
func (s *quickSchema) validScalar(n *yaml.Node) bool {
	switch n.Tag {
	case "!!null", "!!bool", "!!int", "!!float":
	default:
		// Text, as scalarValue has it, without boxing it.
		return s.allows(typeString) && s.validString(n.Value)
	}
	switch v := scalarValue(n).(type) {
	case nil:
		return s.allows(typeNull)
	case bool:
		return s.allows(typeBoolean)
	case string:
		return s.allows(typeString) && s.validString(v)
	case json.Number:
		return s.validNumber(v)
	}
	return false
}

// isNull reports whether n converts to nil, which in a mapping makes its
// key absent.
func isNull(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.MappingNode, yaml.SequenceNode:
		return false
	case yaml.ScalarNode:
		return n.Tag == "!!null"
	}
	return true
}

func (s *quickSchema) allows(t typeSet) bool { return s.types == 0 || s.types&t != 0 }

func (s *quickSchema) validString(v string) bool {
	// A string of n bytes has n/4 to n characters: count them only when
	// that range does not settle the bounds.
	if (s.minLength >= 0 && (len(v)+3)/4 < s.minLength) || (s.maxLength >= 0 && len(v) > s.maxLength) {
		n := utf8.RuneCountInString(v)
		if (s.minLength >= 0 && n < s.minLength) || (s.maxLength >= 0 && n > s.maxLength) {
			return false
		}
	}
	if s.enum != nil && isASCII(v) {
		// For ASCII text "(?i:...)" is ASCII case folding, which is
		// what EqualFold does on it.
		for _, e := range s.enum {
			if strings.EqualFold(v, e) {
				return true
			}
		}
		return false
	}
	return s.pattern == nil || s.pattern.MatchString(v)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func (s *quickSchema) validNumber(v json.Number) bool {
	if s.types == 0 && s.minimum == nil && s.maximum == nil {
		return true
	}
	r, ok := new(big.Rat).SetString(string(v))
	if !ok {
		return false // not sure: let jsonschema say
	}
	if !s.allows(typeNumber) && !(s.allows(typeInteger) && r.IsInt()) {
		return false
	}
	return (s.minimum == nil || r.Cmp(s.minimum) >= 0) && (s.maximum == nil || r.Cmp(s.maximum) <= 0)
}

func (s *quickSchema) validArray(a []*yaml.Node) bool {
	if (s.minItems >= 0 && len(a) < s.minItems) || (s.maxItems >= 0 && len(a) > s.maxItems) {
		return false
	}
	if s.items != nil {
		for _, e := range a {
			if !s.items.valid(e) {
				return false
			}
		}
	}
	return true
}

// validObject checks the entries of a mapping, given as its Content.
func (s *quickSchema) validObject(c []*yaml.Node) bool {
	if s.minProps >= 0 || s.maxProps >= 0 {
		n := 0
		for i := 1; i < len(c); i += 2 {
			if !isNull(c[i]) {
				n++
			}
		}
		if (s.minProps >= 0 && n < s.minProps) || (s.maxProps >= 0 && n > s.maxProps) {
			return false
		}
	}
	for _, k := range s.required {
		found := false
		for i := 0; i < len(c); i += 2 {
			if c[i].Value == k && !isNull(c[i+1]) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	for i := 0; i < len(c); i += 2 {
		k, e := c[i].Value, c[i+1]
		if isNull(e) {
			continue
		}
		if s.propertyNames != nil && !s.propertyNames.validKey(k) {
			return false
		}
		if p, ok := s.props[k]; ok {
			if !p.valid(e) {
				return false
			}
		} else if s.additional != nil && !s.additional.valid(e) {
			return false
		}
	}
	return true
}

// validKey checks a property name, which is a string.
func (s *quickSchema) validKey(k string) bool {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}
	return s.valid(n)
}
