package catalog

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

func loadFixture(t *testing.T, name string) (*Rule, []byte) {
	t.Helper()
	src, err := os.ReadFile("testdata/load/" + name)
	if err != nil {
		t.Fatal(err)
	}
	rs := LoadBytes("testdata/load/"+name, src)
	if len(rs) != 1 {
		t.Fatalf("LoadBytes(%s) gave %d rules, want 1", name, len(rs))
	}
	return rs[0], src
}

func TestMarkdownPage(t *testing.T) {
	r, src := loadFixture(t, "page.md")
	if r.Format != FormatMarkdown || r.Type() != "markdown" {
		t.Errorf("format %s", r.Format)
	}
	if r.Name.Text != "Rare service creation" || r.Name.Span.Line != 1 || r.Name.Span.Col != 3 {
		t.Errorf("name %q at %d:%d", r.Name.Text, r.Name.Span.Line, r.Name.Span.Col)
	}
	wantDesc := "Finds services created by few devices.\nSuch services are often malware.\n\nExample command line:\n```\nsc.exe create evil binPath= C:\\evil.exe\n```"
	if r.Description.Text != wantDesc || r.Description.Span.Line != 12 {
		t.Errorf("description %q at line %d", r.Description.Text, r.Description.Span.Line)
	}
	if r.Risk != "An adversary keeps access." {
		t.Errorf("risk %q", r.Risk)
	}
	if r.FalsePositives != "- Software installers." {
		t.Errorf("false positives %q", r.FalsePositives)
	}
	if want := []string{"https://example.org/services", "https://example.org/docs"}; !slices.Equal(r.References, want) {
		t.Errorf("references %q, want %q", r.References, want)
	}
	if got, want := texts(r.Techniques), []string{"T1543.003", "T1036"}; !slices.Equal(got, want) {
		t.Errorf("techniques %q, want %q", got, want)
	}
	if s := r.Techniques[0].Span; s.Line != 9 || s.Col != 3 {
		t.Errorf("technique at %d:%d, want 9:3", s.Line, s.Col)
	}
	if got, want := texts(r.Tactics), []string{"Persistence", "DefenseEvasion"}; !slices.Equal(got, want) {
		t.Errorf("tactics %q, want %q", got, want)
	}
	type wantQ struct {
		label, text string
		line, col   int
	}
	want := []wantQ{
		{"Defender XDR", "DeviceEvents\n| where ActionType == \"ServiceInstalled\"\n", 40, 1},
		{"Sentinel", "SecurityEvent\n\t| where EventID == 7045\n", 46, 1},
	}
	if len(r.Queries) != len(want) {
		t.Fatalf("%d queries, want %d: %+v", len(r.Queries), len(want), r.Queries)
	}
	for i, w := range want {
		q := r.Queries[i]
		line, col := q.Position(0)
		if q.Label != w.label || q.Text != w.text || line != w.line || col != w.col {
			t.Errorf("query %d = %q %q at %d:%d, want %q %q at %d:%d", i, q.Label, q.Text, line, col, w.label, w.text, w.line, w.col)
		}
	}
	checkQueryMap(t, r, src)
	if len(r.Suppressions) != 1 || r.Suppressions[0].Check != "kql-unknown-table" || r.Suppressions[0].Line != 39 ||
		r.Suppressions[0].Reason != "the table exists in XDR" {
		t.Errorf("suppressions %+v", r.Suppressions)
	}
}

func TestMarkdownMicrosoftPage(t *testing.T) {
	r, _ := loadFixture(t, "ms.md")
	if r.Name.Text != "When email was ZAPed" || r.Description.Text != "This query finds ZAPed email." {
		t.Errorf("name %q description %q", r.Name.Text, r.Description.Text)
	}
	if got, want := texts(r.Tactics), []string{"InitialAccess", "CommandAndControl"}; !slices.Equal(got, want) {
		t.Errorf("tactics %q, want %q", got, want)
	}
	if len(r.Queries) != 1 || r.Queries[0].Label != "Query" || r.Queries[0].Text != "EmailEvents\n| take 10\n" {
		t.Errorf("queries %+v", r.Queries)
	}
}

func TestMarkdownFallbacks(t *testing.T) {
	tests := []struct {
		name, src, wantName string
		queries             int
	}{
		{"no heading", "Some words.\n\n```kusto\nT\n```\n", "x", 1},
		{"bare fence under title", "# T\n\n```\nT\n```\n", "T", 1},
		{"bare fence under description", "# T\n## Description\n```\nnot kql\n```\n", "T", 0},
		{"other language", "# T\n## Query\n```json\n{}\n```\n", "T", 0},
		{"empty fence", "# T\n## Query\n```kql\n```\n", "T", 1},
		{"setext heading", "Title\n=====\n\n```kql\nT\n```\n", "Title", 1},
		{"fence in list", "# T\n## Query\n- step\n  ```kql\n  T\n  | take 1\n  ```\n", "T", 1},
		{"unclosed fence", "# T\n## Query\n```kql\nT\n", "T", 1},
		{"declared language", "# T\n## Detection\n**Language:** Kusto\n\n**Query:**\n```C#\nT\n```\n## Notes\n```C#\nx\n```\n", "T", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			r := LoadBytes("dir/x.md", src)[0]
			if r.Name.Text != tt.wantName || len(r.Queries) != tt.queries {
				t.Errorf("name %q, %d queries; want %q, %d", r.Name.Text, len(r.Queries), tt.wantName, tt.queries)
			}
			checkQueryMap(t, r, src)
		})
	}
}

// TestMarkdownBlocks checks that mdParser, which has no inline parsers,
// finds the blocks goldmark's default parser finds, with the same lines,
// over the markdown of the test data and the corpus when present.
func TestMarkdownBlocks(t *testing.T) {
	blocks := func(p parser.Parser, src []byte) []string {
		var out []string
		_ = ast.Walk(p.Parse(text.NewReader(src)), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering || n.Type() != ast.TypeBlock {
				return ast.WalkContinue, nil
			}
			s := fmt.Sprintf("%s %v", n.Kind(), n.Lines().Sliced(0, n.Lines().Len()))
			if f, ok := n.(*ast.FencedCodeBlock); ok && f.Info != nil {
				s += fmt.Sprintf(" info %v", f.Info.Segment)
			}
			out = append(out, s)
			return ast.WalkContinue, nil
		})
		return out
	}
	n, total := 0, 0
	for _, dir := range []string{"testdata", corpusDir} {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if f, _ := FormatOf(p); err != nil || d.IsDir() || f != FormatMarkdown {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			n++
			got, want := blocks(mdParser, src), blocks(goldmark.DefaultParser(), src)
			total += len(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s: blocks\n%q\nwant\n%q", p, got, want)
			}
			return nil
		})
	}
	t.Logf("%d pages, %d blocks", n, total)
	if n == 0 {
		t.Fatal("no markdown files found")
	}
}
