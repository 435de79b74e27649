package analyze

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/catalog"
)

// refChecks are the checks of this file's family: ATT&CK and duplicates.
func refChecks() []*Check {
	return []*Check{
		attackTacticUnknown(), attackTechniqueUnknown(), attackRevoked(), attackDeprecated(),
		attackTacticMismatch(), duplicateID(), duplicateName(), duplicateFilename(),
	}
}

func loadAttack(t testing.TB) *attack.Data {
	t.Helper()
	d, err := attack.Load()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// splitFiles reads rule text that is either one YAML file or, when it starts
// with "-- name --" lines (after an optional comment), several files in
// txtar form; it returns name → content in order.
func splitFiles(defaultName, text string) (names []string, files map[string]string) {
	files = map[string]string{}
	header := regexp.MustCompile(`(?m)^-- (.+) --$`)
	locs := header.FindAllStringSubmatchIndex(text, -1)
	if len(locs) == 0 {
		return []string{defaultName}, map[string]string{defaultName: text}
	}
	for i, l := range locs {
		name := text[l[2]:l[3]]
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		names = append(names, name)
		files[name] = strings.TrimPrefix(text[l[1]:end], "\n")
	}
	return names, files
}

// catalogOf loads the files of splitFiles into a catalog.
func catalogOf(names []string, files map[string]string) *catalog.Catalog {
	cat := &catalog.Catalog{}
	for _, n := range names {
		cat.Files++
		cat.Rules = append(cat.Rules, catalog.LoadBytes(n, []byte(files[n]))...)
	}
	return cat
}

// TestRefCheckExamples runs every Bad and Good example of the ATT&CK and
// duplicate checks: Bad must trigger its check, Good must not.
func TestRefCheckExamples(t *testing.T) {
	t.Parallel()
	att := loadAttack(t)
	for _, c := range refChecks() {
		t.Run(c.ID, func(t *testing.T) {
			for _, ex := range []struct {
				name, text string
				fire       bool
			}{{"Bad", c.Bad, true}, {"Good", c.Good, false}} {
				env := NewEnv(catalogOf(splitFiles("rule.yaml", ex.text)), att, nil)
				var got []string
				for _, d := range Run(env, []*Check{c}) {
					got = append(got, d.String())
				}
				if fired := len(got) > 0; fired != ex.fire {
					t.Errorf("%s example: fired = %v, want %v; findings %q", ex.name, fired, ex.fire, got)
				}
				if len(env.Catalog.Rules) == 0 {
					t.Errorf("%s example holds no rule", ex.name)
				}
			}
		})
	}
}

// wantRe finds `# want "re"` and `# want `+"`re`"+` comments; several
// regexps may follow one want.
var (
	wantRe    = regexp.MustCompile("# want((?:\\s+(?:\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`))+)")
	wantArgRe = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`")
)

type wantAt struct {
	file string
	line int
	re   *regexp.Regexp
	hit  bool
}

// readWants collects the want comments that re finds in the fixture files:
// each names one or more regexps that a finding on its line must match.
func readWants(t *testing.T, names []string, files map[string]string, re *regexp.Regexp) []*wantAt {
	t.Helper()
	var wants []*wantAt
	for _, n := range names {
		for i, line := range strings.Split(files[n], "\n") {
			m := re.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			for _, arg := range wantArgRe.FindAllString(m[1], -1) {
				s := arg[1 : len(arg)-1]
				if arg[0] == '"' {
					var err error
					if s, err = strconv.Unquote(arg); err != nil {
						t.Fatalf("%s:%d: bad want %s: %v", n, i+1, arg, err)
					}
				}
				wants = append(wants, &wantAt{file: n, line: i + 1, re: regexp.MustCompile(s)})
			}
		}
	}
	return wants
}

// checkFixture runs checks over the fixture at path (a YAML rule, or a
// .txtar of rule files) and compares the findings with its want comments:
// each finding must match a want on its line, and each want must be met.
func checkFixture(t *testing.T, path string, checks []*Check, att *attack.Data) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	names, files := splitFiles(filepath.Base(path), string(src))
	wants := readWants(t, names, files, wantRe)
	env := NewEnv(catalogOf(names, files), att, nil)
	for _, d := range Run(env, checks) {
		text := fmt.Sprintf("%s [%s]", d.Message, d.Check)
		i := slices.IndexFunc(wants, func(w *wantAt) bool {
			return !w.hit && w.file == d.File && w.line == d.Line && w.re.MatchString(d.Message)
		})
		if i < 0 {
			t.Errorf("%s:%d:%d: unexpected finding: %s", d.File, d.Line, d.Col, text)
			continue
		}
		wants[i].hit = true
	}
	for _, w := range wants {
		if !w.hit {
			t.Errorf("%s:%d: no finding matched %q", w.file, w.line, w.re)
		}
	}
}

// TestRefCheckFixtures runs the ATT&CK and duplicate checks over
// testdata/checks/attack-* and duplicate-*.
func TestRefCheckFixtures(t *testing.T) {
	t.Parallel()
	att := loadAttack(t)
	var paths []string
	for _, pat := range []string{"attack-*", "duplicate-*"} {
		ps, err := filepath.Glob(filepath.Join("testdata", "checks", pat))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, ps...)
	}
	if len(paths) == 0 {
		t.Fatal("no fixtures")
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			t.Parallel()
			checkFixture(t, p, refChecks(), att)
		})
	}
}

// TestAttackChecksMarkdown covers what the YAML fixtures cannot: markdown
// rules accept ATT&CK display names, and are not held to tactic lists.
func TestAttackChecksMarkdown(t *testing.T) {
	t.Parallel()
	att := loadAttack(t)
	val := func(s string, line int) catalog.Value {
		return catalog.Value{Text: s, Span: catalog.Span{Line: line, Col: 3, EndLine: line, EndCol: 3 + len(s)}}
	}
	tests := []struct {
		name       string
		format     catalog.Format
		tactics    []string
		techniques []string
		want       []string // "line: message [check]"
	}{
		{"display names", catalog.FormatMarkdown,
			[]string{"Initial Access", "command-and-control", "TA0002", "Inhibit Response Function", "InitialAccess"}, nil, nil},
		{"markdown typo", catalog.FormatMarkdown, []string{"Credential Acess"}, nil,
			[]string{`1: error: unknown tactic "Credential Acess"; did you mean "CredentialAccess" [attack-tactic-unknown]`}},
		{"markdown PreAttack", catalog.FormatMarkdown, []string{"PreAttack"}, nil,
			[]string{`1: error: tactic "PreAttack" is retired; use "Reconnaissance" or "ResourceDevelopment" [attack-tactic-unknown]`}},
		{"markdown mismatch not checked", catalog.FormatMarkdown, []string{"Execution"}, []string{"T1566"}, nil},
		{"markdown revoked", catalog.FormatMarkdown, nil, []string{"T1086"},
			[]string{`1: warning: technique T1086 is revoked; use T1059.001 [attack-revoked]`}},
		{"yaml display name", catalog.FormatYAML, []string{"Lateral Movement"}, nil,
			[]string{`1: error: tactic "Lateral Movement" is not spelled as Sentinel expects; use "LateralMovement" [attack-tactic-unknown]`}},
		{"mobile technique", catalog.FormatYAML, []string{"Persistence"}, []string{"T1398"}, nil},
		{"ics evasion", catalog.FormatYAML, []string{"Execution"}, []string{"T0820"},
			[]string{`1: error: technique T0820 belongs to DefenseEvasion, which is not in tactics [attack-tactic-mismatch]`}},
		{"hunting query mismatch", "hunting", []string{"Execution"}, []string{"T1566"},
			[]string{`1: warning: technique T1566 belongs to InitialAccess, which is not in tactics [attack-tactic-mismatch]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &catalog.Rule{File: "r", Format: tt.format, Kind: catalog.Value{Text: "Scheduled"}}
			if tt.format == "hunting" {
				r.Format, r.Kind = catalog.FormatYAML, catalog.Value{}
			}
			for i, s := range tt.tactics {
				r.Tactics = append(r.Tactics, val(s, i+1))
			}
			for i, s := range tt.techniques {
				r.Techniques = append(r.Techniques, val(s, i+1))
			}
			env := NewEnv(&catalog.Catalog{Files: 1, Rules: []*catalog.Rule{r}}, att, nil)
			var got []string
			for _, d := range Run(env, refChecks()) {
				got = append(got, fmt.Sprintf("%d: %s: %s [%s]", d.Line, d.Severity, d.Message, d.Check))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRefChecksWithoutData checks that the checks stay silent, rather than
// fail, when the Env lacks the ATT&CK data or the index.
func TestRefChecksWithoutData(t *testing.T) {
	t.Parallel()
	for _, c := range refChecks() {
		names, files := splitFiles("rule.yaml", c.Bad)
		env := &Env{Catalog: catalogOf(names, files)}
		if ds := Run(env, []*Check{c}); len(ds) != 0 {
			t.Errorf("%s without data: %v", c.ID, ds)
		}
	}
}

func TestRefChecksRegistered(t *testing.T) {
	t.Parallel()
	var ids []string
	for _, c := range Checks() {
		ids = append(ids, c.ID)
	}
	for _, c := range refChecks() {
		if !slices.Contains(ids, c.ID) {
			t.Errorf("check %s is not in checkList", c.ID)
		}
		if c.Title == "" || c.Doc == "" || c.Bad == "" || c.Good == "" || strings.HasSuffix(c.Title, ".") {
			t.Errorf("check %s lacks a title, doc or examples", c.ID)
		}
	}
}

// TestRefChecksCorpus runs the checks over the real rules of shared/corpus
// and checks that every ATT&CK finding points at the list item it is about:
// the file holds the item's text at the finding's position.
func TestRefChecksCorpus(t *testing.T) {
	t.Parallel()
	const dir = "../../shared/corpus"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("shared corpus not available")
	}
	cat, err := catalog.Load([]string{dir}, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string]*catalog.Rule{}
	for _, r := range cat.Rules {
		byFile[r.File] = r
	}
	counts := map[string]int{}
	for _, d := range Run(NewEnv(cat, loadAttack(t), nil), refChecks()) {
		counts[d.Check]++
		if !strings.HasPrefix(d.Check, "attack-") {
			continue
		}
		r := byFile[d.File]
		var v *catalog.Value
		for _, list := range [][]catalog.Value{r.Tactics, r.Techniques} {
			for i := range list {
				if list[i].Span.Line == d.Line && list[i].Span.Col == d.Col {
					v = &list[i]
				}
			}
		}
		if v == nil {
			t.Errorf("%s: points at no tactic or technique", d)
			continue
		}
		src, err := os.ReadFile(d.File)
		if err != nil {
			t.Fatal(err)
		}
		ls := catalog.NewLines(src)
		at := string(src[ls[d.Line-1]+d.Col-1:])
		if !strings.HasPrefix(strings.TrimLeft(at, `"'`), v.Text) {
			t.Errorf("%s: file has %.20q there, not %q", d, at, v.Text)
		}
	}
	t.Logf("%d rules: %v", len(cat.Rules), counts)
}

// BenchmarkRefChecks measures NewEnv and the ATT&CK and duplicate checks over
// shared/corpus, loaded once.
func BenchmarkRefChecks(b *testing.B) {
	const dir = "../../shared/corpus"
	if _, err := os.Stat(dir); err != nil {
		b.Skip("shared corpus not available")
	}
	cat, err := catalog.Load([]string{dir}, catalog.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, r := range cat.Rules {
		if fi, err := os.Stat(r.File); err == nil {
			size += fi.Size()
		}
	}
	att := loadAttack(b)
	checks := refChecks()
	b.SetBytes(size)
	for b.Loop() {
		Run(NewEnv(cat, att, nil), checks)
	}
}
