package render

import (
	"bytes"
	"maps"
	"os"
	"path"
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
	got, want := rebuildMarkdown(t, dir, fresh)
	for p, data := range want {
		if !bytes.Equal(got[p], data) {
			t.Errorf("%s differs from a fresh build", p)
		}
	}
	if fi, err := os.Stat(css); err != nil || !fi.ModTime().Equal(old) {
		t.Errorf("unchanged static/site.css was rewritten")
	}
}

// rebuildMarkdown builds the markdown rules over the site in dir and into
// the empty directory fresh, reports every file of dir that the fresh
// build lacks, and returns the files of both.
func rebuildMarkdown(t *testing.T, dir, fresh string) (got, want map[string][]byte) {
	t.Helper()
	small := loadSite(t, "../rules/markdown")
	small.buildInto(t, dir)
	small.buildInto(t, fresh)
	got, want = tree(t, dir), tree(t, fresh)
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s of the earlier build survives", p)
		}
	}
	return got, want
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

// TestPageLayout checks every page's layout, whose navigation and footer
// are executed once per build and copied: each page is one whole document
// with its own title, links relative to its own depth, and its own section
// marked current.
func TestPageLayout(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sampleSite(t).buildInto(t, dir)
	current := map[string]string{"index.html": "Rules", "attack.html": "ATT&amp;CK", "checks.html": "Checks",
		"statistics.html": "Statistics", "search.html": ""}
	for p, data := range tree(t, dir) {
		if path.Ext(p) != ".html" {
			continue
		}
		page := string(data)
		root := strings.Repeat("../", strings.Count(p, "/"))
		if !strings.HasPrefix(page, "<!DOCTYPE html>") || strings.Count(page, "</title>\n<link rel=\"icon\"") != 1 ||
			!strings.HasSuffix(strings.TrimSpace(page), "</html>") || strings.Count(page, "</html>") != 1 {
			t.Errorf("%s is not one whole document", p)
		}
		if !strings.Contains(page, `<a class="brand" href="`+root+`index.html">`) ||
			!strings.Contains(page, `<link rel="stylesheet" href="`+root+`static/site.css">`) {
			t.Errorf("%s: layout links are not relative to its depth %q", p, root)
		}
		if want, ok := current[p]; ok {
			got := ""
			if i := strings.Index(page, `aria-current="page">`); i >= 0 {
				got = page[i+len(`aria-current="page">`):]
				got = got[:strings.Index(got, "<")]
			}
			if got != want {
				t.Errorf("%s: current menu entry %q, want %q", p, got, want)
			}
		}
	}
}

// TestBuildOverLegacySite checks that a site built before sites had a
// marker is rebuilt like a marked one, its stale pages removed.
func TestBuildOverLegacySite(t *testing.T) {
	t.Parallel()
	dir, fresh := t.TempDir(), t.TempDir()
	sampleSite(t).buildInto(t, dir)
	if err := os.Remove(filepath.Join(dir, Marker)); err != nil {
		t.Fatal(err)
	}
	got, want := rebuildMarkdown(t, dir, fresh)
	if len(got) != len(want) {
		t.Errorf("rebuilt site has %d files, a fresh build %d", len(got), len(want))
	}
}
