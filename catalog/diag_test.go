package catalog

import (
	"slices"
	"testing"
)

func TestNewLines(t *testing.T) {
	tests := []struct {
		src  string
		want Lines
	}{
		{"", Lines{0}},
		{"a", Lines{0}},
		{"\n", Lines{0, 1}},
		{"ab\ncd\n\nx", Lines{0, 3, 6, 7}},
		{"\r\n\r\n", Lines{0, 2, 4}},
	}
	for _, tt := range tests {
		if got := NewLines([]byte(tt.src)); !slices.Equal(got, tt.want) {
			t.Errorf("NewLines(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

func TestLinesPosition(t *testing.T) {
	ls := NewLines([]byte("ab\ncd\n\nx"))
	for _, tt := range []struct{ off, line, col int }{
		{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {5, 2, 3}, {6, 3, 1}, {7, 4, 1}, {8, 4, 2},
	} {
		if l, c := ls.Position(tt.off); l != tt.line || c != tt.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
}

func TestSortDiagnostics(t *testing.T) {
	d := func(file string, line, col int, check string) Diagnostic {
		return Diagnostic{File: file, Line: line, Col: col, Check: check, Message: "m"}
	}
	got := SortDiagnostics([]Diagnostic{d("b", 1, 1, "x"), d("a", 2, 1, "x"), d("a", 1, 5, "y"), d("a", 1, 5, "x"), d("a", 2, 1, "x")})
	want := []Diagnostic{d("a", 1, 5, "x"), d("a", 1, 5, "y"), d("a", 2, 1, "x"), d("b", 1, 1, "x")}
	if !slices.Equal(got, want) {
		t.Errorf("SortDiagnostics = %v, want %v", got, want)
	}
}
