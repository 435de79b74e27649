package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuild builds the sample catalog in-process and checks the printed
// index path and a few pages.
func TestBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "../../rules", "-o", out, "--title", "Sample rules"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("rulecat build: exit %d, stderr %q", code, stderr.String())
	}
	index := strings.TrimSpace(stdout.String())
	if !filepath.IsAbs(index) || filepath.Base(index) != "index.html" {
		t.Errorf("printed %q, want the absolute path of index.html", index)
	}
	html, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(html, []byte(`<a class="brand" href="index.html">Sample rules</a>`)) {
		t.Errorf("index.html does not carry the --title")
	}
	for _, p := range []string{"attack.html", "search.html", "statistics.html", "downloads/analysis.json", "downloads/navigator-enterprise.json"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("site lacks %s", p)
		}
	}
	ents, err := os.ReadDir(filepath.Join(out, "rules"))
	if err != nil || len(ents) < 10 {
		t.Errorf("site has %d rule pages (%v)", len(ents), err)
	}
}

func TestBuildMissingPath(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "no/such/dir", "-o", t.TempDir()}, nil, &stdout, &stderr); code != exitUsage {
		t.Errorf("rulecat build no/such/dir: exit %d, want %d", code, exitUsage)
	}
}

// TestBuildOutputDir checks that build refuses a non-empty directory that
// is not a site, and rebuilds a site into its own directory.
func TestBuildOutputDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "../../rules/markdown", "-o", dir}, nil, &stdout, &stderr); code != exitUsage {
		t.Errorf("rulecat build -o non-empty dir: exit %d, want %d", code, exitUsage)
	}
	if !strings.Contains(stderr.String(), "not a rulecat site") {
		t.Errorf("stderr %q does not say why", stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err == nil {
		t.Errorf("refused build wrote index.html")
	}
	site := filepath.Join(dir, "site")
	for range 2 {
		stderr.Reset()
		if code := run([]string{"build", "../../rules/markdown", "-o", site}, nil, &stdout, &stderr); code != exitOK {
			t.Fatalf("rulecat build -o %s: exit %d, stderr %q", site, code, stderr.String())
		}
	}
}
