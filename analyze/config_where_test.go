package analyze

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rulecat/rulecat/catalog"
)

// A path in a config's where: expression is relative to the config's
// directory, as its globs are, so the verdict does not depend on the
// directory rulecat runs from.
func TestConfigWherePathIsConfigRelative(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "rules", "cloud"), 0o755); err != nil {
		t.Fatal(err)
	}
	sel, err := CompileSelector(`path ~ "rules/cloud/**"`)
	if err != nil {
		t.Fatal(err)
	}
	c := &Config{Dir: root}
	for _, tt := range []struct {
		wd, file string
	}{
		{root, "rules/cloud/a.yaml"},
		{filepath.Join(root, "rules"), "cloud/a.yaml"},
		{filepath.Join(root, "rules", "cloud"), "a.yaml"},
	} {
		t.Chdir(tt.wd)
		if !c.match(sel, &catalog.Rule{File: tt.file}) {
			t.Errorf("from %s, where: path ~ \"rules/cloud/**\" does not select %s", tt.wd, tt.file)
		}
		if c.match(sel, &catalog.Rule{File: "../elsewhere/a.yaml"}) {
			t.Errorf("from %s, where: path ~ \"rules/cloud/**\" selects ../elsewhere/a.yaml", tt.wd)
		}
	}
}
