package kql

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
)

// MarshalJSON encodes the tree rooted at n as JSON. Each node is an object
// with "type" (the Go type name, e.g. "WhereOp"), "pos" and "end" (byte
// offsets), then its fields by Go name in declaration order; the fields of
// OpHead are inlined. Position fields, nil nodes, empty lists, empty
// strings and false flags are left out. The output is deterministic.
func MarshalJSON(n Node) ([]byte, error) {
	var b bytes.Buffer
	writeJSON(&b, reflect.ValueOf(n))
	return b.Bytes(), nil
}

var (
	posType = reflect.TypeFor[Pos]()
)

func writeJSON(b *bytes.Buffer, v reflect.Value) {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			b.WriteString("null")
			return
		}
		if n, ok := v.Interface().(Node); ok && v.Kind() == reflect.Pointer {
			e := v.Elem()
			b.WriteString(`{"type":`)
			b.WriteString(strconv.Quote(e.Type().Name()))
			b.WriteString(`,"pos":`)
			b.WriteString(strconv.Itoa(int(n.Pos())))
			b.WriteString(`,"end":`)
			b.WriteString(strconv.Itoa(int(n.End())))
			writeFields(b, e)
			b.WriteByte('}')
			return
		}
		writeJSON(b, v.Elem())
	case reflect.Slice:
		b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, v.Index(i))
		}
		b.WriteByte(']')
	case reflect.String:
		s, _ := json.Marshal(v.String())
		b.Write(s)
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Uint8:
		if v.Type() == reflect.TypeFor[LitKind]() {
			b.WriteString(strconv.Quote(LitKind(v.Uint()).String()))
			return
		}
		b.WriteString(strconv.FormatUint(v.Uint(), 10))
	case reflect.Int32, reflect.Int, reflect.Int64:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Struct:
		b.WriteByte('{')
		writeFields(b, v)
		b.WriteByte('}')
	default:
		b.WriteString("null")
	}
}

func writeFields(b *bytes.Buffer, v reflect.Value) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		fv := v.Field(i)
		if !f.IsExported() || f.Type == posType {
			continue
		}
		if f.Anonymous {
			writeFields(b, fv)
			continue
		}
		if f.Type != reflect.TypeFor[LitKind]() && fv.IsZero() || (fv.Kind() == reflect.Slice && fv.Len() == 0) {
			continue
		}
		if b.Len() > 0 && b.Bytes()[b.Len()-1] != '{' {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(f.Name))
		b.WriteByte(':')
		writeJSON(b, fv)
	}
}
