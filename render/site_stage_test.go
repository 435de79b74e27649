package render

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBrokenStageMarked checks that the stage holding a syntax error is
// marked on the rule page with the error's message and position, and that
// the stages around it are not.
func TestBrokenStageMarked(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	rule := `id: 6c6e5a4e-0f8a-4f57-9d4b-1f5a0b8a1c02
name: Broken stage
kind: Scheduled
severity: Low
query: |
  SecurityEvent
  | where TimeGenerated > ago(1h)
  | where EventID == 4688 and
  | project TimeGenerated, Computer
`
	if err := os.WriteFile(filepath.Join(root, "broken.yaml"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "site")
	loadSite(t, filepath.Join(root, "broken.yaml")).buildInto(t, out)
	html := readPage(t, out, "rules/broken-stage.html")
	stages := regexp.MustCompile(`(?s)<li class="stage( broken)?"><div class="stage-head">Stage (\d+)`).FindAllStringSubmatch(html, -1)
	var broken []string
	for _, m := range stages {
		if m[1] != "" {
			broken = append(broken, m[2])
		}
	}
	if len(stages) < 4 || strings.Join(broken, ",") != "3" {
		t.Errorf("%d stages, broken %v; want stage 3 alone marked broken", len(stages), broken)
	}
	if !strings.Contains(html, `<p class="stage-error">line 8, column 30: expected an expression after &#34;and&#34;, found &#34;|&#34;</p>`) {
		t.Errorf("rule page does not show the error under its stage")
	}
}

// TestDerivedTactics checks that a rule listing no tactics (markdown) is
// filed under its techniques' tactics, labelled as derived, on its page and
// in the index, while a YAML rule's technique outside its listed tactics
// still reads "(none of the rule's tactics)".
func TestDerivedTactics(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	yaml := `id: 6c6e5a4e-0f8a-4f57-9d4b-1f5a0b8a1c03
name: Mismatched tactic
kind: Scheduled
severity: Low
tactics:
  - Execution
relevantTechniques:
  - T1566.002
query: |
  SecurityEvent
  | where TimeGenerated > ago(1h)
`
	if err := os.WriteFile(filepath.Join(root, "mismatch.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "site")
	loadSite(t, filepath.Join(root, "mismatch.yaml"), "../rules/markdown").buildInto(t, out)
	md := readPage(t, out, "rules/rclone-or-megacmd-copying-data-to-cloud-storage.html")
	if !strings.Contains(md, `<a href="../tactics/exfiltration.html">Exfiltration</a> <span class="note">(derived)</span>`) ||
		strings.Contains(md, "none of the rule") {
		t.Errorf("markdown rule's page does not file T1567.002 under Exfiltration (derived)")
	}
	index := readPage(t, out, "index.html")
	if !strings.Contains(index, `title="derived from the rule's techniques">Exfiltration <span class="note">(derived)</span></td>`) {
		t.Errorf("index shows no derived tactic for the markdown rule")
	}
	y := readPage(t, out, "rules/mismatched-tactic.html")
	if !strings.Contains(y, `<span class="empty">(none of the rule&#39;s tactics)</span>`) || strings.Contains(y, "(derived)") {
		t.Errorf("YAML rule's page does not keep its mismatched technique under (none of the rule's tactics)")
	}
}
