package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/rulecat/rulecat/analyze"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// rulecat runs the CLI in-process and returns its exit status and output.
func rulecat(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/rulecat -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./cmd/rulecat -update rewrites it):\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

const noConfig = "--config=testdata/empty.rulecat.yaml"

func TestLintExitStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // regexp stdout must match
		stderr string // substring of stderr
	}{
		{"clean", []string{"lint", noConfig, "testdata/lint/clean"}, 0, "1 file, 1 rule: 0 errors, 0 warnings, 0 info", ""},
		{"findings", []string{"lint", noConfig, "testdata/lint"}, 1, `1 error, 3 warnings`, ""},
		{"warnings only", []string{"lint", noConfig, "testdata/lint/mixed/stale-ignore.yaml"}, 0, "0 errors, 3 warnings", ""},
		{"several paths", []string{"lint", noConfig, "testdata/lint/clean", "testdata/lint/mixed/failed-signins.kql"}, 0, "2 files, 2 rules", ""},
		{"config accepts the error", []string{"lint", "--config", "testdata/quiet.rulecat.yaml", "testdata/lint"}, 0, `0 errors, 0 warnings, 3 info`, ""},
		{"missing path", []string{"lint", noConfig, "testdata/lint/clean", "testdata/no/such/dir"}, 2, "", "rulecat: load rules: stat testdata/no/such/dir: no such file or directory"},
		{"bad flag", []string{"lint", "--no-such-flag", "testdata/lint"}, 2, "", "unknown flag: --no-such-flag"},
		{"bad format", []string{"lint", noConfig, "--format", "xml", "testdata/lint"}, 2, "", `unknown --format "xml"; want one of text, json, sarif, github`},
		{"bad config", []string{"lint", "--config", "testdata/bad.rulecat.yaml", "testdata/lint"}, 2, "", `rulecat: testdata/bad.rulecat.yaml:5:15: unknown severity "fatal"; want error, warning or info`},
		{"missing config", []string{"lint", "--config", "testdata/nope.yaml", "testdata/lint"}, 2, "", "read config: open testdata/nope.yaml"},
		{"bad where", []string{"lint", noConfig, "--where", "tactics == X", "testdata/lint"}, 2, "", `unknown attribute "tactics"`},
		{"where", []string{"lint", noConfig, "--where", `name == "Inbox rule that deletes incoming mail"`, "testdata/lint"}, 0, "0 errors, 0 warnings", ""},
		{"bad attack", []string{"lint", noConfig, "--attack", "testdata/nope.json", "testdata/lint"}, 2, "", "load ATT&CK bundle"},
		{"bad schemas", []string{"lint", noConfig, "--schemas", "testdata/nope.json", "testdata/lint"}, 2, "", "load table schemas"},
		{"schemas", []string{"lint", noConfig, "--schemas", "testdata/schemas.json", "testdata/lint/clean"}, 0, `1 file, 1 rule: 0 errors`, ""},
		{"checks", []string{"checks"}, 0, `(?m)^unused-suppression +warning +suppression matches`, ""},
		{"check doc", []string{"checks", "unused-suppression"}, 0, `Bad:\n\n    # rulecat:ignore`, ""},
		{"unknown check", []string{"checks", "no-such-check"}, 2, "", `unknown check "no-such-check"`},
		{"checks markdown", []string{"checks", "--markdown"}, 0, "## unused-suppression", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := rulecat(t, tt.args...)
			if code != tt.code || !regexp.MustCompile(tt.stdout).MatchString(stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("rulecat %q = %d\nstdout:\n%s\nstderr:\n%s\nwant %d, stdout with %q, stderr with %q",
					tt.args, code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

// fingerprints masks SARIF fingerprints, which hash the repository-relative
// path and so depend on where the checkout is (render tests pin them).
var fingerprints = regexp.MustCompile(`"rulecat/v1": "[0-9a-f]+(:[0-9]+)"`)

func TestLintGolden(t *testing.T) {
	t.Parallel()
	// Paths in SARIF are relative to the repository (or, outside git, the
	// working directory); the golden file holds them relative to here.
	prefix := strings.TrimSuffix(repoRelative()("testdata"), "testdata")
	for _, format := range []string{"text", "json", "sarif", "github"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := rulecat(t, "lint", noConfig, "--format", format, "testdata/lint")
			if code != 1 || stderr != "" {
				t.Fatalf("lint --format %s = %d, stderr %q; want 1 and nothing", format, code, stderr)
			}
			if format == "sarif" {
				stdout = strings.ReplaceAll(stdout, `"uri": "`+prefix, `"uri": "`)
				stdout = fingerprints.ReplaceAllString(stdout, `"rulecat/v1": "…$1"`)
				stdout = ruleIDsOnly(t, stdout)
			}
			golden(t, "lint."+format+".golden", stdout)
		})
	}
}

// ruleIDsOnly keeps the golden file independent of the set of checks and
// of their documentation, which belong to their authors and are pinned by
// the render tests: it cuts tool.driver.rules down to the id and level of
// the rules the results use, and drops the results' ruleIndex after
// checking that it points at the result's rule.
func ruleIDsOnly(t *testing.T, log string) string {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(log), &v); err != nil {
		t.Fatalf("SARIF output is not JSON: %v", err)
	}
	for _, run := range v["runs"].([]any) {
		run := run.(map[string]any)
		driver := run["tool"].(map[string]any)["driver"].(map[string]any)
		rules := driver["rules"].([]any)
		if len(rules) < len(analyze.Checks()) {
			t.Errorf("driver lists %d rules, fewer than the %d checks", len(rules), len(analyze.Checks()))
		}
		used := map[any]bool{}
		for _, r := range run["results"].([]any) {
			r := r.(map[string]any)
			i := int(r["ruleIndex"].(float64))
			if id := rules[i].(map[string]any)["id"]; id != r["ruleId"] {
				t.Errorf("result for %v has ruleIndex %d, which is %v", r["ruleId"], i, id)
			}
			used[r["ruleId"]] = true
			delete(r, "ruleIndex")
		}
		var kept []any
		for _, r := range rules {
			r := r.(map[string]any)
			if used[r["id"]] {
				kept = append(kept, map[string]any{"id": r["id"], "defaultConfiguration": r["defaultConfiguration"]})
			}
		}
		driver["rules"] = kept
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

func TestLintJSONPaths(t *testing.T) {
	t.Parallel()
	code, stdout, _ := rulecat(t, "lint", noConfig, "-f", "json", "./testdata/lint/mixed/", "testdata/lint/clean/../mixed/broken.yaml")
	var got struct {
		Files, Rules int
		Diagnostics  []struct{ File, Check string }
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("lint -f json: %v\n%s", err, stdout)
	}
	if code != 1 || got.Files != 3 || got.Rules != 3 || len(got.Diagnostics) != 4 {
		t.Fatalf("lint -f json = %d, %+v", code, got)
	}
	for _, d := range got.Diagnostics {
		if !strings.HasPrefix(d.File, "testdata/lint/mixed/") {
			t.Errorf("file %q is not as reached from the command line", d.File)
		}
	}
}

// TestLintConfigDiscovery finds .rulecat.yaml in a parent of the working
// directory and reads its globs relative to itself.
func TestLintConfigDiscovery(t *testing.T) {
	root := t.TempDir()
	if _, err := os.Stat(filepath.Join(filepath.Dir(root), ".rulecat.yaml")); err == nil {
		t.Skip("a .rulecat.yaml above the temporary directory")
	}
	broken, err := os.ReadFile("testdata/lint/mixed/broken.yaml")
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(root, "rules", "broken.yaml"), string(broken))
	mustWrite(t, filepath.Join(root, "rules", "old", "broken.yaml"), string(broken))
	mustWrite(t, filepath.Join(root, ".rulecat.yaml"),
		"exclude: [rules/old]\nsuppress:\n  - {check: yaml-syntax, path: \"rules/*.yaml\", reason: fixture}\n")
	t.Chdir(filepath.Join(root, "rules"))
	code, stdout, stderr := rulecat(t, "lint", ".")
	if code != 0 || stdout != "1 file, 1 rule: 0 errors, 0 warnings, 0 info\n" {
		t.Errorf("lint in rules/ = %d\n%s%s", code, stdout, stderr)
	}
	// Explicit --config wins over discovery.
	code, stdout, _ = rulecat(t, "lint", "--config", filepath.Join(root, "nothing.yaml"), ".")
	if code != 2 {
		t.Errorf("lint --config missing = %d\n%s", code, stdout)
	}
}

func mustWrite(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLintChangedSince lints a git repository where one broken rule is
// committed on the base branch and another is added on a feature branch:
// only the new one is reported, and a bad ref is exit status 2.
func TestLintChangedSince(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root := t.TempDir()
	t.Chdir(root)
	sh := func(args ...string) {
		t.Helper()
		c := exec.Command("git", args...)
		c.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org", "GIT_CONFIG_GLOBAL=/dev/null")
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	broken := "id: x\nname: y\ntactics:\n  - A\n - B\n"
	sh("init", "-q", "-b", "main")
	mustWrite(t, "rules/old.yaml", broken)
	mustWrite(t, "rules/ok.kql", "SigninLogs\n")
	sh("add", ".")
	sh("commit", "-q", "-m", "base")
	sh("checkout", "-q", "-b", "feature")
	mustWrite(t, "rules/committed.yaml", broken)
	sh("add", ".")
	sh("commit", "-q", "-m", "feature")
	mustWrite(t, "rules/untracked.yaml", broken)
	mustWrite(t, "rules/ok.kql", "SigninLogs\n| take 1\n") // uncommitted, clean

	code, stdout, stderr := rulecat(t, "lint", "--changed-since", "main", "-f", "json", "rules")
	var got struct {
		Files       int
		Diagnostics []struct{ File string }
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v\n%s%s", err, stdout, stderr)
	}
	var files []string
	for _, d := range got.Diagnostics {
		files = append(files, d.File)
	}
	if code != 1 || got.Files != 4 || strings.Join(files, " ") != "rules/committed.yaml rules/untracked.yaml" {
		t.Errorf("lint --changed-since main = %d, %d files, findings in %v; want 1, 4 files, committed and untracked", code, got.Files, files)
	}

	// From a subdirectory, changes outside it still count.
	if err := os.MkdirAll(filepath.Join(root, "rules", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(root, "rules", "sub"))
	code, stdout, stderr = rulecat(t, "lint", "--changed-since", "main", "-f", "json", "..")
	got.Diagnostics = nil
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v\n%s%s", err, stdout, stderr)
	}
	files = files[:0]
	for _, d := range got.Diagnostics {
		files = append(files, d.File)
	}
	if code != 1 || strings.Join(files, " ") != "../committed.yaml ../untracked.yaml" {
		t.Errorf("lint --changed-since main .. (in rules/sub) = %d, findings in %v; want 1, committed and untracked", code, files)
	}
	t.Chdir(root)

	code, _, stderr = rulecat(t, "lint", "--changed-since", "no-such-ref", "rules")
	if code != 2 || !strings.Contains(stderr, "--changed-since: git diff") {
		t.Errorf("lint --changed-since no-such-ref = %d, %q; want 2 and git's error", code, stderr)
	}
}

// TestREADMEWorkflow keeps the workflow shown in the README identical to
// the committed docs/github-workflow.yml.
func TestREADMEWorkflow(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	wf, err := os.ReadFile("../../docs/github-workflow.yml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```yaml\n"+string(wf)+"```\n") {
		t.Errorf("README.md does not show docs/github-workflow.yml verbatim")
	}
}

func TestUseColor(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	t.Setenv("NO_COLOR", "")
	if useColor(&bytes.Buffer{}) || useColor(w) {
		t.Errorf("useColor is true for a buffer or a pipe")
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		if !useColor(tty) {
			t.Errorf("useColor(/dev/tty) = false, want true")
		}
		t.Setenv("NO_COLOR", "1")
		if useColor(tty) {
			t.Errorf("useColor(/dev/tty) with NO_COLOR = true, want false")
		}
	}
}

// TestLintSARIFSchema validates what `lint --format sarif` prints, every
// check's documentation included, against the official SARIF 2.1.0 schema.
func TestLintSARIFSchema(t *testing.T) {
	t.Parallel()
	schemaPath := filepath.Join("..", "..", "..", "shared", "formats", "sarif-schema-2.1.0.json")
	if _, err := os.Stat(schemaPath); err != nil {
		t.Skipf("SARIF schema not available: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	sch, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatalf("compile SARIF schema: %v", err)
	}
	_, stdout, _ := rulecat(t, "lint", noConfig, "-f", "sarif", "testdata/lint")
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(stdout))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("lint -f sarif does not validate: %v", err)
	}
}

// TestREADMEConfig parses the example .rulecat.yaml of the README, so that
// the documented format is one rulecat accepts.
func TestREADMEConfig(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## Configuration")
	if !ok {
		t.Fatal("README.md has no Configuration section")
	}
	_, block, ok := strings.Cut(section, "```yaml\n")
	if !ok {
		t.Fatal("the Configuration section has no yaml block")
	}
	block, _, _ = strings.Cut(block, "```")
	cfg, err := analyze.ParseConfig("README.md", []byte(block), configOptions())
	if err != nil {
		t.Fatalf("README config: %v", err)
	}
	if len(cfg.Disable) == 0 || len(cfg.Severity) == 0 || len(cfg.Exclude) == 0 || len(cfg.Suppress) == 0 {
		t.Errorf("README config does not show every key: %+v", cfg)
	}
}

// TestLintAttackBundle lints with the official ATT&CK bundle from ../shared
// given as --attack: T1086 is revoked there too (and an Execution technique
// under DefenseEvasion, an error).
func TestLintAttackBundle(t *testing.T) {
	t.Parallel()
	bundle := filepath.Join("..", "..", "..", "shared", "attack", "enterprise-attack.json")
	if _, err := os.Stat(bundle); err != nil {
		t.Skipf("ATT&CK bundle not available: %v", err)
	}
	rule, err := os.ReadFile("testdata/lint/clean/mailbox-rule-deletes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "r.yaml"), strings.Replace(string(rule), "T1564.008", "T1086", 1))
	mustWrite(t, filepath.Join(dir, "u.yaml"), strings.Replace(strings.Replace(string(rule), "T1564.008", "T1999", 1),
		"id: ", "id: 0", 1))
	code, stdout, stderr := rulecat(t, "lint", noConfig, "--attack", bundle, dir)
	if code != 1 || !strings.Contains(stdout, "technique T1086 is revoked; use T1059.001 [attack-revoked]") ||
		!strings.Contains(stdout, "unknown technique T1999 in ATT&CK [attack-technique-unknown]") {
		t.Errorf("lint --attack = %d\n%s%s", code, stdout, stderr)
	}
	// The per-domain bundles name no release; --attack-version does.
	code, stdout, stderr = rulecat(t, "lint", noConfig, "--attack", bundle, "--attack-version", "18.1", dir)
	if code != 1 || !strings.Contains(stdout, "unknown technique T1999 in ATT&CK v18.1 [attack-technique-unknown]") {
		t.Errorf("lint --attack --attack-version 18.1 = %d\n%s%s", code, stdout, stderr)
	}
}

// TestLintWhereDerivedTactic: lint --where compares tactics as the other
// commands do, taking a markdown rule's tactics from its techniques.
func TestLintWhereDerivedTactic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "svc.md"), "# Service installed remotely\n\n"+
		"| Technique ID | Title |\n| --- | --- |\n| T1569.002 | Service Execution |\n\n"+
		"```KQL\nSecurityEvent\n| where TimeGenerated > ago(1d)\n| where ServiceFileName contains \"psexesvc\"\n```\n")
	code, stdout, stderr := rulecat(t, "lint", noConfig, "--where", `tactic == "Execution"`, dir)
	if code != 0 || !strings.Contains(stdout, "[prefer-has]") {
		t.Errorf("lint --where 'tactic == Execution' = %d\n%s%s\nwant the prefer-has finding of the rule", code, stdout, stderr)
	}
}

// TestREADMELintExample runs the README's lint example on the rules it was
// made from (testdata/readme) and compares the output with the README's.
func TestREADMELintExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, example, ok := strings.Cut(string(readme), "$ rulecat lint rules/\n")
	if !ok {
		t.Fatal(`README.md has no "$ rulecat lint rules/" example`)
	}
	want, _, ok := strings.Cut(example, "$ echo $?\n1\n")
	if !ok {
		t.Fatal("the README example does not end with its exit status 1")
	}
	t.Chdir("testdata/readme")
	code, stdout, stderr := rulecat(t, "lint", "--config", "../empty.rulecat.yaml", "rules/")
	if code != 1 || stdout != want {
		t.Errorf("rulecat lint rules/ in testdata/readme = %d\n%s%s\nthe README says 1 and\n%s", code, stdout, stderr, want)
	}
}
