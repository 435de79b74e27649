package tables

import (
	"os"
	"testing"
)

// FuzzParseAny feeds files to the parser LoadFile uses and checks that
// whatever it accepts can be looked up: every table by its name, every
// listed column of it by its name, with a Kusto type.
func FuzzParseAny(f *testing.F) {
	for _, p := range []string{"testdata/Okta_CL.json", "testdata/my-tables.json", "testdata/customdir/b.json"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parseAny(b)
		if err != nil {
			return
		}
		checkSchema(t, s)
	})
}

// FuzzParseText does the same for the embedded table's text form.
func FuzzParseText(f *testing.F) {
	f.Add([]byte(textHeader + "\n*standard\t-\tTenantId string\nA_CL\t-\tx long\ty string\nB\tdefender-xdr,custom\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parseText(b)
		if err != nil {
			return
		}
		for _, name := range s.Names() {
			if _, ok := s.Table(name); !ok {
				t.Fatalf("Table(%q) not found", name)
			}
		}
	})
}

func checkSchema(t *testing.T, s *Schema) {
	t.Helper()
	for _, name := range s.Names() {
		tab, ok := s.Table(name)
		if !ok || tab.Name != name {
			t.Fatalf("Table(%q) = %v, %v", name, tab, ok)
		}
		for _, c := range tab.Columns {
			typ, ok := s.ColumnType(name, c.Name)
			if !ok {
				t.Fatalf("ColumnType(%q, %q) not found", name, c.Name)
			}
			if _, known := NormalizeType(typ); !known {
				t.Fatalf("ColumnType(%q, %q) = %q, not a Kusto type", name, c.Name, typ)
			}
		}
	}
}
