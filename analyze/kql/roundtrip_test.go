package kql

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// sameTree reports where a and b differ, ignoring positions; "" if equal.
func sameTree(a, b reflect.Value, path string) string {
	if a.Kind() != b.Kind() {
		return path + ": kind " + a.Kind().String() + " vs " + b.Kind().String()
	}
	switch a.Kind() {
	case reflect.Interface, reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path + ": nil vs non-nil"
			}
			return ""
		}
		if a.Elem().Type() != b.Elem().Type() {
			return fmt.Sprintf("%s: %s vs %s", path, a.Elem().Type(), b.Elem().Type())
		}
		return sameTree(a.Elem(), b.Elem(), path)
	case reflect.Struct:
		for i := range a.NumField() {
			f := a.Type().Field(i)
			if f.Type == posType || f.Name == "Text" && a.Type().Name() == "CommandStmt" {
				continue
			}
			if d := sameTree(a.Field(i), b.Field(i), path+"."+f.Name); d != "" {
				return d
			}
		}
	case reflect.Slice:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: len %d vs %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := sameTree(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
	default:
		if !a.Equal(b) {
			return fmt.Sprintf("%s: %v vs %v", path, a, b)
		}
	}
	return ""
}

// roundTrip parses src, prints it and parses the text again; it returns a
// description of the first difference, or "".
func roundTrip(src string) string {
	s1, errs := Parse(src)
	if len(errs) > 0 {
		return ""
	}
	text := Print(s1)
	s2, errs2 := Parse(text)
	if len(errs2) > 0 {
		return fmt.Sprintf("printed text does not parse: %s\n%s", errs2[0].Msg, text)
	}
	if d := sameTree(reflect.ValueOf(s1), reflect.ValueOf(s2), "Script"); d != "" {
		return d + "\n" + text
	}
	return ""
}

func TestRoundTripCorpus(t *testing.T) {
	for _, file := range []string{"kql/doc-examples.jsonl", "kql/realworld-hunting.jsonl", "corpus/LABELS.jsonl"} {
		t.Run(file, func(t *testing.T) {
			recs := loadCorpus(t, file)
			fails := 0
			for _, r := range recs {
				if d := roundTrip(r.Query); d != "" {
					fails++
					if fails <= 5 {
						t.Errorf("%s#%d: %s", r.Path+r.Source, r.Index, firstLines(d, 8))
					}
				}
			}
			if fails > 0 {
				t.Errorf("%d of %d queries do not round-trip", fails, len(recs))
			}
		})
	}
}

func firstLines(s string, n int) string {
	ls := strings.SplitN(s, "\n", n+1)
	if len(ls) > n {
		ls = ls[:n]
	}
	return strings.Join(ls, "\n")
}
