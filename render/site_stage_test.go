package render

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// buildRule writes text as the rule file name in a temporary directory,
// builds the site of it and of the other paths, and returns the site's
// directory.
func buildRule(t *testing.T, name, text string, paths ...string) string {
	t.Helper()
	root := t.TempDir()
	file := filepath.Join(root, name)
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "site")
	loadSite(t, append([]string{file}, paths...)...).buildInto(t, out)
	return out
}

// TestBrokenStageMarked checks that the stage holding a syntax error is
// marked on the rule page with the error's message and position, and that
// the stages around it are not.
func TestBrokenStageMarked(t *testing.T) {
	t.Parallel()
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
	out := buildRule(t, "broken.yaml", rule)
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
	out := buildRule(t, "mismatch.yaml", yaml, "../rules/markdown")
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
