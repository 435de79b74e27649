package render

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestBuildOverPreviousSite builds the sample catalog, then only its
// markdown rules into the same directory: the directory must then hold
// exactly what a fresh build of the markdown rules holds, and files the
// second build writes unchanged keep their modification times.
func TestBuildOverPreviousSite(t *testing.T) {
	t.Parallel()
	dir, fresh := t.TempDir(), t.TempDir()
	sampleSite(t).buildInto(t, dir)
	before := tree(t, dir)
	if _, ok := before["rules/ssh-bruteforce-syslog.html"]; !ok {
		t.Fatalf("first build lacks rules/ssh-bruteforce-syslog.html; has %v", slices.Sorted(maps.Keys(before)))
	}
	css := filepath.Join(dir, "static", "site.css")
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(css, old, old); err != nil {
		t.Fatal(err)
	}
	small := loadSite(t, "../rules/markdown")
	small.buildInto(t, dir)
	small.buildInto(t, fresh)
	got, want := tree(t, dir), tree(t, fresh)
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s of the earlier build survives", p)
		}
	}
	for p, data := range want {
		if !bytes.Equal(got[p], data) {
			t.Errorf("%s differs from a fresh build", p)
		}
	}
	if fi, err := os.Stat(css); err != nil || !fi.ModTime().Equal(old) {
		t.Errorf("unchanged static/site.css was rewritten")
	}
}

// TestBuildRefusesForeignDir checks that a non-empty directory that holds
// no site is left alone, and that a new or empty one is accepted.
func TestBuildRefusesForeignDir(t *testing.T) {
	t.Parallel()
	s := loadSite(t, "../rules/markdown")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := s.Build(dir)
	if err == nil || !strings.Contains(err.Error(), "not a rulecat site") {
		t.Fatalf("Build into a non-empty directory: %v, want a refusal", err)
	}
	if files := tree(t, dir); len(files) != 1 {
		t.Errorf("refused build left %d files, want only notes.txt", len(files))
	}
	s.buildInto(t, filepath.Join(dir, "new", "site"))
	if _, err := os.Stat(filepath.Join(dir, "new", "site", Marker)); err != nil {
		t.Errorf("site has no marker: %v", err)
	}
}

// TestSitePagesValidUTF8 checks that every file of the sample and fixture
// sites is UTF-8, though a check's example holds an invalid byte on
// purpose (file-encoding shows it as \xe9).
func TestSitePagesValidUTF8(t *testing.T) {
	sample := t.TempDir()
	sampleSite(t).buildInto(t, sample)
	for name, dir := range map[string]string{"sample": sample, "fixture": fixtureSite(t)} {
		files := tree(t, dir)
		for p, data := range files {
			if !utf8.Valid(data) {
				t.Errorf("%s site: %s is not valid UTF-8", name, p)
			}
		}
		if !bytes.Contains(files["checks/file-encoding.html"], []byte(`Tor \xe9tranges`)) {
			t.Errorf(`%s site: checks/file-encoding.html does not show the byte as \xe9`, name)
		}
	}
}
