package render

import (
	"html/template"
	"path"
	"strings"
	"testing"

	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/analyze/tables"
)

// TestAboutNotices checks that the ATT&CK and table schema attributions
// their licences require are on the about page, word for word, and that
// every page's footer links to it.
func TestAboutNotices(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	loadSite(t, "../rules/markdown").buildInto(t, dir)
	files := tree(t, dir)
	about := string(files["about.html"])
	for _, n := range []string{attack.Notice, tables.Notice} {
		if !strings.Contains(about, template.HTMLEscapeString(n)) {
			t.Errorf("about.html lacks the notice %q", n)
		}
	}
	for p, data := range files {
		if path.Ext(p) != ".html" {
			continue
		}
		root := strings.Repeat("../", strings.Count(p, "/"))
		if !strings.Contains(string(data), `<a href="`+root+`about.html#licences">About and data licences</a></footer>`) {
			t.Errorf("%s: footer does not link to about.html", p)
		}
	}
}
