package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/analyze/tables"
	"github.com/rulecat/rulecat/catalog"
)

// loadAttack loads the embedded ATT&CK data.
func loadAttack(t testing.TB) *attack.Data {
	t.Helper()
	ad, err := attack.Load()
	if err != nil {
		t.Fatal(err)
	}
	return ad
}

// siteFor is the Site of a loaded catalog as `rulecat build` makes it: with
// the embedded ATT&CK data and table schemas, the lint findings of every
// check and the analysis of every query.
func siteFor(t testing.TB, cat *catalog.Catalog) *Site {
	t.Helper()
	ad := loadAttack(t)
	schema, err := tables.Load()
	if err != nil {
		t.Fatal(err)
	}
	checks := analyze.Checks()
	env := analyze.NewEnv(cat, ad, schema)
	res := analyze.Lint(env, checks, nil)
	stats := analyze.ComputeStats(cat, env.Analysis, analyze.StatsOptions{Attack: ad, Tables: schema, Lint: res.Diagnostics})
	return &Site{Catalog: cat, Attack: ad, Checks: checks, Lint: res, Analysis: env.Analysis,
		Statistics: func(w io.Writer, root string) error { return WriteStatsBody(w, stats, root) }}
}

// sampleSite is the site of the sample catalog in rules/.
func sampleSite(t testing.TB) *Site {
	t.Helper()
	return loadSite(t, "../rules")
}

func loadSite(t testing.TB, paths ...string) *Site {
	t.Helper()
	cat, err := catalog.Load(paths, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return siteFor(t, cat)
}

func (s *Site) buildInto(t testing.TB, dir string) {
	t.Helper()
	if err := s.Build(dir); err != nil {
		t.Fatalf("Build: %v", err)
	}
}

// writeTxtar writes the files of a txtar archive under dir.
func writeTxtar(t testing.TB, archive, dir string) {
	t.Helper()
	data, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	var name string
	var body []string
	flush := func() {
		if name == "" {
			return
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Join(body, "")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(strings.TrimRight(line, "\n"), " --") {
			flush()
			name = strings.TrimSuffix(strings.TrimPrefix(strings.TrimRight(line, "\n"), "-- "), " --")
			body = nil
			continue
		}
		body = append(body, line)
	}
	flush()
}

// fixtureSite builds testdata/site_fixture.txtar and returns the site's
// directory; the rules are loaded as "rules/..." from a temporary root.
func fixtureSite(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	writeTxtar(t, "testdata/site_fixture.txtar", root)
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	s := loadSite(t, "rules")
	out := filepath.Join(root, "site")
	s.buildInto(t, out)
	t.Chdir(wd)
	return out
}

func readPage(t *testing.T, dir, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// rulePage finds the page of the rule named name.
func rulePage(t *testing.T, dir, name string) (string, string) {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(dir, "rules"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		p := "rules/" + e.Name()
		html := readPage(t, dir, p)
		if strings.Contains(html, "<h1>"+name+"</h1>") {
			return p, html
		}
	}
	t.Fatalf("no rule page has the heading %q", name)
	return "", ""
}

var (
	tagRE   = regexp.MustCompile(`<[^>]*>`)
	spaceRE = regexp.MustCompile(`\s+`)
)

// tableRows returns the rows, as text with cells split by "|", of the table
// that follows the heading h on a page.
func tableRows(t *testing.T, html, h string) []string {
	t.Helper()
	i := strings.Index(html, ">"+h+"</h3>")
	if i < 0 {
		t.Fatalf("page has no heading %q", h)
	}
	rest := html[i:]
	end := strings.Index(rest, "</table>")
	if end < 0 {
		t.Fatalf("no table after %q", h)
	}
	body := rest[:end]
	if j := strings.Index(body, "<tbody>"); j >= 0 {
		body = body[j:]
	}
	var rows []string
	for _, tr := range strings.Split(body, "<tr>")[1:] {
		var cells []string
		for _, td := range strings.Split(tr, "<td")[1:] {
			text := tagRE.ReplaceAllString("<td"+td, " ")
			cells = append(cells, strings.TrimSpace(spaceRE.ReplaceAllString(unescape(text), " ")))
		}
		rows = append(rows, strings.TrimSpace(strings.Join(cells, " | ")))
	}
	return rows
}

func unescape(s string) string {
	r := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&amp;", "&", "&quot;", `"`)
	return r.Replace(s)
}

// TestRulePageLikeReference checks the rule page of a rule shaped like the
// reference page 001: its ATT&CK table, indicator and output tables,
// parameters, stages, tables and connectors.
func TestRulePageLikeReference(t *testing.T) {
	dir := fixtureSite(t)
	p, html := rulePage(t, dir, "Mail relay sender address in threat intelligence")
	for _, want := range []string{
		`<span class="badge sev sev-medium">Medium</span>`,
		`<span class="badge">Scheduled</span>`,
		"version 1.0.2",
		"rules/ti/mail-sender-ti.yaml",
		`<p>Mail accepted by the relay came from an address listed as active in threat intelligence.</p>`,
		`<a href="https://attack.mitre.org/techniques/T1078/">T1078 Valid Accounts</a>`,
		`<a href="https://attack.mitre.org/techniques/T1567/">T1567 Exfiltration Over Web Service</a>`,
		"<h3>Parameters</h3>",
		"<h3>Stages and Predicates</h3>",
		"Stage 4: extend (3 consecutive steps)",
		"Stage 7: join",
		"Ensure this data connector is enabled",
		`<th>queryFrequency</th><td>1d</td>`,
		`<th>queryPeriod</th><td>14d</td>`,
		`<a href="../connectors/examplemailrelay.html">ExampleMailRelay</a>`,
		`<a href="../tables/mailrelay-cl.html">MailRelay_CL</a>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("%s lacks %q", p, want)
		}
	}
	// The connector's page lists the rule that needs it.
	conn, err := os.ReadFile(filepath.Join(dir, "connectors", "examplemailrelay.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(conn), "Used by 1 rule<") || !strings.Contains(string(conn), "Mail relay sender address in threat intelligence") {
		t.Errorf("connectors/examplemailrelay.html does not list the rule that needs it")
	}
	// The join's right side is a nested, indented list of its own stages.
	if !regexp.MustCompile(`(?s)Stage 7: join.*?<ol class="stages">\s*<li class="stage"><div class="stage-head">right side.*?<ol class="stages">.*?Stage 1: source.*?Stage 4: extend.*?</ol>.*?</ol>.*?Stage 8: where`).MatchString(html) {
		t.Errorf("%s: the join's right side is not nested under stage 7", p)
	}
	// The ATT&CK table puts each technique under the rule's tactic it belongs to.
	if !regexp.MustCompile(`(?s)>Initial Access</a></td>\s*<td>.*?T1078 Valid Accounts.*?</tr>`).MatchString(html) {
		t.Errorf("%s: T1078 is not in the Initial Access row", p)
	}
	if !regexp.MustCompile(`(?s)>Exfiltration</a></td>\s*<td>.*?T1567 Exfiltration Over Web Service.*?</tr>`).MatchString(html) {
		t.Errorf("%s: T1567 is not in the Exfiltration row", p)
	}

	inds := tableRows(t, html, "Indicators")
	for _, want := range []string{
		"Active | eq | true 2",
		"NetworkIP | is_not_null |",
		"NetworkSourceIP | is_not_null |",
		"RelayTime | lt |",
		"SenderAddress | is_not_null |",
	} {
		if !slices.Contains(inds, want) {
			t.Errorf("%s: indicator rows %q lack %q", p, inds, want)
		}
	}
	outs := tableRows(t, html, "Output fields")
	wantOuts := []string{"ClientIP | project", "ConfidenceScore | project", "IndicatorId | project",
		"Recipient | project", "RelayTime | project", "ThreatType | project", "timestamp | extend"}
	for _, want := range wantOuts {
		if !slices.Contains(outs, want) {
			t.Errorf("%s: output rows %q lack %q", p, outs, want)
		}
	}
	// The indicator page of a shared value lists both rules.
	m := regexp.MustCompile(`<a href="\.\./(indicators/[a-z0-9-]+\.html)#([a-z0-9-]+)"><code>true</code></a>`).FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("%s: value true of Active links to no indicator page", p)
	}
	ind := readPage(t, dir, m[1])
	sec := regexp.MustCompile(`(?s)<section class="indicator" id="` + m[2] + `">(.*?)</section>`).FindStringSubmatch(ind)
	if sec == nil || !strings.Contains(sec[1], "Used by 2 rules") || !strings.Contains(sec[1], "<code>Active</code> eq <code>true</code>") {
		t.Errorf("%s has no section %q saying Active eq true is used by 2 rules", m[1], m[2])
	}
	// Similar rules: the other rule shares that indicator.
	if !strings.Contains(html, `<h2 id="similar">Similar rules</h2>`) || !strings.Contains(html, "Mail relay sender address in threat intelligence!") {
		t.Errorf("%s does not list the rule sharing its indicators as similar", p)
	}
}

// TestSiteEscapesRuleText checks that markup in rule files shows as text:
// nothing a rule says becomes an element, a script or a request.
func TestSiteEscapesRuleText(t *testing.T) {
	dir := fixtureSite(t)
	p, html := rulePage(t, dir, "Markup &lt;b&gt;in&lt;/b&gt; the name")
	for _, bad := range []string{"<b>in</b>", `<script>alert`, "<img", `href="javascript:`, "<!-- raw HTML omitted -->", "<br onmouseover"} {
		if strings.Contains(html, bad) {
			t.Errorf("%s holds %q", p, bad)
		}
	}
	for _, want := range []string{
		`&lt;script&gt;alert(&quot;description&quot;)&lt;/script&gt;`, // description, as text
		`<a href="https://tracker.example.net/p.png">pixel</a>`,       // the image became a link
		`&lt;script&gt;alert(&#39;query&#39;)&lt;/script&gt;`,         // the query
		`Line one<br>line two; &lt;br onmouseover=&#34;alert(2)&#34;&gt; stays text.`,
		`See the sibling page and a typo.`, // links that cannot work on the site are text
		`a bad link`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("%s lacks %q", p, want)
		}
	}
	// The search index is JSON inside a script element: no "</script>" may
	// appear in it.
	search := readPage(t, dir, "search.html")
	i := strings.Index(search, `<script type="application/json" id="search-data">`)
	j := strings.Index(search[i:], "</script>")
	data := search[i+len(`<script type="application/json" id="search-data">`) : i+j]
	var docs []searchDoc
	if err := json.Unmarshal([]byte(data), &docs); err != nil {
		t.Fatalf("search index is not JSON: %v", err)
	}
	if strings.Contains(data, "<") {
		t.Errorf("search index holds a raw '<'")
	}
	found := false
	for _, d := range docs {
		if d.Name == "Markup <b>in</b> the name" && strings.Contains(d.Description, "<script>") {
			found = true
		}
	}
	if !found {
		t.Errorf("search index lost the rule's name or description")
	}
}

// TestBrokenRuleGetsAPage checks that a file that does not parse still has
// a page that shows the problem.
func TestBrokenRuleGetsAPage(t *testing.T) {
	dir := fixtureSite(t)
	html := readPage(t, dir, "rules/broken.html")
	if !strings.Contains(html, `<section class="findings has-error" id="findings">`) {
		t.Errorf("broken.html shows no error findings")
	}
	index := readPage(t, dir, "index.html")
	if !strings.Contains(index, `href="rules/broken.html#findings">1 error`) {
		t.Errorf("index does not link the broken rule's findings")
	}
}

// TestICSMatrix checks that a rule using ICS techniques gets the ICS
// matrix and Navigator layer, and markdown technique lists count.
func TestICSMatrix(t *testing.T) {
	dir := fixtureSite(t)
	html := readPage(t, dir, "attack.html")
	for _, want := range []string{`<h2 id="enterprise-attack">Enterprise</h2>`, `<h2 id="ics-attack">ICS</h2>`,
		`href="techniques/t0843.html"`, `href="techniques/t1021-004.html"`} {
		if !strings.Contains(html, want) {
			t.Errorf("attack.html lacks %q", want)
		}
	}
	// An ICS technique sits under the enterprise-named tactic Sentinel uses.
	_, rule := rulePage(t, dir, "Program download to a PLC outside a change window")
	if !regexp.MustCompile(`(?s)>Execution</a></td>\s*<td>.*?T0807 Command-Line Interface.*?</tr>`).MatchString(rule) {
		t.Errorf("ICS rule page: T0807 is not in the Execution row")
	}
	var l Layer
	if err := json.Unmarshal([]byte(readPage(t, dir, "downloads/navigator-ics.json")), &l); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, lt := range l.Techniques {
		ids[lt.TechniqueID] = lt.Tactic
	}
	if l.Domain != "ics-attack" || ids["T0843"] != "lateral-movement" || ids["T0807"] != "execution" {
		t.Errorf("ICS layer %s scores %v, want T0843 under lateral-movement and T0807 under execution", l.Domain, ids)
	}
}

// TestSlugCollisions checks that rules whose names slug alike get distinct
// pages named after their files, whatever else the catalog holds.
func TestSlugCollisions(t *testing.T) {
	dir := fixtureSite(t)
	ents, err := os.ReadDir(filepath.Join(dir, "rules"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "mail-relay-sender-address-in-threat-intelligence") {
			names = append(names, e.Name())
		}
	}
	want := []string{
		"mail-relay-sender-address-in-threat-intelligence-" + shortHash("rules/ti/mail-sender-ti-copy.yaml#0") + ".html",
		"mail-relay-sender-address-in-threat-intelligence-" + shortHash("rules/ti/mail-sender-ti.yaml#0") + ".html",
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("colliding rules got pages %q, want %q", names, want)
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Encoded PowerShell that downloads content", "encoded-powershell-that-downloads-content"},
		{"../../etc/passwd", "etc-passwd"},
		{"..", "x"},
		{"", "x"},
		{"  --Ünïcode__name--  ", "n-code-name"},
		{"T1059.001", "t1059-001"},
		{"a/b\\c:d*e?f", "a-b-c-d-e-f"},
		{strings.Repeat("ab", 100), strings.Repeat("ab", 32)},
		{strings.Repeat("a ", 100), strings.TrimSuffix(strings.Repeat("a-", 32), "-")},
		// Windows reserves device names, in any case and with any extension.
		{"CON", "con-page"},
		{"con.html", "con-html"},
		{"Nul", "nul-page"},
		{"aux ", "aux-page"},
		{"PRN", "prn-page"},
		{"COM1", "com1-page"},
		{"lpt9", "lpt9-page"},
		{"COM10", "com10"},
		{"console", "console"},
	}
	for _, tt := range tests {
		if got := slug(tt.in); got != tt.want {
			t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`).MatchString(slug(tt.in)) || len(slug(tt.in)) > maxSlug {
			t.Errorf("slug(%q) = %q is not a safe name", tt.in, slug(tt.in))
		}
	}
}

// deviceName matches the file names Windows reserves for devices.
var deviceName = regexp.MustCompile(`(?i)^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)`)

// TestSlugWindowsDevices checks that rules named like Windows devices get
// pages that can be checked out on Windows, distinct from a rule whose name
// slugs to the safe name.
func TestSlugWindowsDevices(t *testing.T) {
	root := t.TempDir()
	for name, src := range map[string]string{
		"con.yaml":  "id: 2f6c1d0e-4b8a-4c3e-9a1f-0d2e3c4b5a61\nname: CON\nquery: |\n  SecurityEvent\n",
		"page.yaml": "id: 2f6c1d0e-4b8a-4c3e-9a1f-0d2e3c4b5a62\nname: con page\nquery: |\n  SecurityEvent\n",
		"nul.kql":   "SecurityEvent\n| take 1\n",
	} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(root, "site")
	loadSite(t, root).buildInto(t, out)
	var pages []string
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if deviceName.MatchString(d.Name()) {
			t.Errorf("%s is a Windows device name", p)
		}
		if filepath.Base(filepath.Dir(p)) == "rules" {
			pages = append(pages, d.Name())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 3 {
		t.Errorf("rule pages %q, want 3", pages)
	}
}

func TestUniqueSlugs(t *testing.T) {
	got := uniqueSlugs([]string{"a", "b", "a", "index"}, []string{"k1", "k2", "k3", "k4"}, "index")
	want := []string{"a-" + shortHash("k1"), "b", "a-" + shortHash("k3"), "index-" + shortHash("k4")}
	if !slices.Equal(got, want) {
		t.Errorf("uniqueSlugs = %q, want %q", got, want)
	}
	// Order does not change names.
	got2 := uniqueSlugs([]string{"index", "a", "b", "a"}, []string{"k4", "k3", "k2", "k1"}, "index")
	if got2[1] != got[2] || got2[3] != got[0] || got2[0] != got[3] {
		t.Errorf("uniqueSlugs depends on order: %q vs %q", got, got2)
	}
}

func TestHighlight(t *testing.T) {
	tests := []struct {
		src  string
		toks []HighlightToken
		want string
	}{
		{"T | where x", []HighlightToken{{0, 1, "ident"}, {2, 3, "punct"}, {4, 9, "operator"}, {10, 11, "ident"}},
			`T | <span class="k-operator">where</span> x`},
		{`"<script>"`, []HighlightToken{{0, 10, "string"}}, `<span class="k-string">&#34;&lt;script&gt;&#34;</span>`},
		{"a<b", nil, "a&lt;b"},
		// Bad tokens are skipped; every byte still shows, escaped.
		{"ab&cd", []HighlightToken{{3, 2, "x"}, {1, 99, "x"}, {0, 2, `k"><script>`}, {1, 3, "number"}}, `<span class="k-kscript">ab</span>&amp;cd`},
	}
	for _, tt := range tests {
		if got := string(Highlight(tt.src, tt.toks)); got != tt.want {
			t.Errorf("Highlight(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
	// With the KQL lexer, a query reads back as itself.
	q := "let x = dynamic([\"a<b\", 'c&d']);\nT | where A has_any (x) // <note>\n| project B"
	got := tagRE.ReplaceAllString(string(highlightKQL(q)), "")
	if unescape(got) != q {
		t.Errorf("highlighted text = %q, want %q", unescape(got), q)
	}
}

// TestSiteDeterministic builds the sample catalog twice and compares the
// trees byte for byte.
func TestSiteDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	sampleSite(t).buildInto(t, a)
	sampleSite(t).buildInto(t, b)
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) < 30 {
		t.Fatalf("site has %d files", len(ta))
	}
	for p, data := range ta {
		if other, ok := tb[p]; !ok {
			t.Errorf("%s is only in the first build", p)
		} else if !bytes.Equal(data, other) {
			t.Errorf("%s differs between builds", p)
		}
	}
	if len(ta) != len(tb) {
		t.Errorf("builds have %d and %d files", len(ta), len(tb))
	}
}

func tree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var linkRE = regexp.MustCompile(`(?:href|src|action)="([^"]*)"`)

// checkLinks checks every page of a site: each relative link names an
// existing file inside the site, and absolute links only go to
// attack.mitre.org or to a host the rule's own text names (on rule pages).
func checkLinks(t *testing.T, dir string, s *Site) {
	t.Helper()
	files := tree(t, dir)
	ruleHosts := map[string]map[string]bool{} // rule page → hosts its file names
	hostRE := regexp.MustCompile(`https?://([^/\s)"'>\]]+)`)
	b := newBuilder(s)
	for _, r := range b.rules {
		src, _ := os.ReadFile(r.Rule.File)
		hosts := map[string]bool{}
		for _, m := range hostRE.FindAllStringSubmatch(string(src)+strings.Join(r.Rule.References, " "), -1) {
			hosts[strings.ToLower(m[1])] = true
		}
		ruleHosts[r.Path] = hosts
	}
	pages := 0
	for p, data := range files {
		if path.Ext(p) != ".html" {
			continue
		}
		pages++
		for _, m := range linkRE.FindAllStringSubmatch(string(data), -1) {
			ref := unescape(m[1])
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s: bad link %q", p, ref)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				if u.Scheme == "https" && u.Host == "attack.mitre.org" {
					continue
				}
				if ruleHosts[p][strings.ToLower(u.Host)] {
					continue
				}
				t.Errorf("%s links to another host: %q", p, ref)
				continue
			}
			if u.Path == "" {
				continue // "#findings" or "?q="
			}
			target := path.Join(path.Dir(p), u.Path)
			if strings.HasPrefix(target, "../") {
				t.Errorf("%s: link %q leaves the site", p, ref)
			} else if data, ok := files[target]; !ok {
				t.Errorf("%s: link %q names no file (%s)", p, ref, target)
			} else if u.Fragment != "" && !bytes.Contains(data, []byte(`id="`+u.Fragment+`"`)) {
				t.Errorf("%s: link %q names no element of %s", p, ref, target)
			}
		}
	}
	if pages < 10 {
		t.Errorf("site has %d pages", pages)
	}
}

func TestSiteLinks(t *testing.T) {
	t.Run("sample", func(t *testing.T) {
		dir := t.TempDir()
		s := sampleSite(t)
		s.buildInto(t, dir)
		wd, _ := os.Getwd()
		t.Chdir(wd) // rule files are read relative to here
		checkLinks(t, dir, s)
	})
	t.Run("fixture", func(t *testing.T) {
		root := t.TempDir()
		writeTxtar(t, "testdata/site_fixture.txtar", root)
		t.Chdir(root)
		s := loadSite(t, "rules")
		s.buildInto(t, filepath.Join(root, "site"))
		checkLinks(t, filepath.Join(root, "site"), s)
	})
}

// TestEveryRuleHasAPage checks that each rule of the sample catalog, and
// the pages the site promises, exist.
func TestEveryRuleHasAPage(t *testing.T) {
	dir := t.TempDir()
	s := sampleSite(t)
	s.buildInto(t, dir)
	files := tree(t, dir)
	ruleFiles := 0
	for p := range files {
		if strings.HasPrefix(p, "rules/") {
			ruleFiles++
		}
	}
	if ruleFiles != len(s.Catalog.Rules) {
		t.Errorf("%d rule pages for %d rules", ruleFiles, len(s.Catalog.Rules))
	}
	for _, p := range []string{"index.html", "attack.html", "search.html", "tables.html", "connectors.html",
		"indicators.html", "checks.html", "downloads.html", "downloads/navigator-enterprise.json",
		"downloads/analysis.json", "static/site.css", "static/site.js", "static/minisearch.js",
		"static/minisearch-LICENSE.txt"} {
		if _, ok := files[p]; !ok {
			t.Errorf("site lacks %s", p)
		}
	}
	for _, c := range s.Checks {
		if _, ok := files["checks/"+c.ID+".html"]; !ok {
			t.Errorf("site lacks the page of check %s", c.ID)
		}
	}
	if _, ok := files["static/README.md"]; ok {
		t.Errorf("site ships the developers' static/README.md")
	}
}

func TestNavigatorLayer(t *testing.T) {
	dir := t.TempDir()
	s := sampleSite(t)
	s.BaseURL = "https://rules.example.org/docs/"
	s.buildInto(t, dir)
	var l Layer
	if err := json.Unmarshal([]byte(readPage(t, dir, "downloads/navigator-enterprise.json")), &l); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%d techniques; open it in ATT&amp;CK Navigator", len(l.Techniques)); !strings.Contains(readPage(t, dir, "downloads.html"), want) {
		t.Errorf("downloads.html lacks %q", want)
	}
	if l.Domain != "enterprise-attack" || l.Versions.Layer != "4.5" || l.Versions.Attack == "" || l.Versions.Navigator < "4.9" {
		t.Errorf("layer header = %q %+v", l.Domain, l.Versions)
	}
	if len(l.Gradient.Colors) < 2 || l.Gradient.MaxValue <= l.Gradient.MinValue {
		t.Errorf("bad gradient %+v", l.Gradient)
	}
	ad := loadAttack(t)
	found := false
	for _, lt := range l.Techniques {
		at, ok := ad.Technique(lt.TechniqueID)
		if !ok {
			t.Errorf("layer scores unknown technique %s", lt.TechniqueID)
			continue
		}
		if !slices.Contains(at.Tactics, lt.Tactic) {
			t.Errorf("%s is scored under %q, not one of its tactics %q", lt.TechniqueID, lt.Tactic, at.Tactics)
		}
		if lt.Score != len(lt.Metadata) || lt.Score < 1 {
			t.Errorf("%s: score %d for %d rules", lt.TechniqueID, lt.Score, len(lt.Metadata))
		}
		for _, link := range lt.Links {
			if !strings.HasPrefix(link.URL, "https://rules.example.org/docs/rules/") {
				t.Errorf("%s links to %q", lt.TechniqueID, link.URL)
			}
		}
		if lt.TechniqueID == "T1059.001" {
			found = true
		}
	}
	if !found {
		t.Errorf("layer lacks T1059.001, which a sample rule lists")
	}
}

// TestStatisticsHook checks the page slot for the statistics report.
func TestStatisticsHook(t *testing.T) {
	dir := t.TempDir()
	s := sampleSite(t)
	s.Statistics = func(w io.Writer, root string) error {
		_, err := io.WriteString(w, `<h1>Statistics</h1><p><a href="`+root+`index.html">home</a></p>`)
		return err
	}
	s.buildInto(t, dir)
	html := readPage(t, dir, "statistics.html")
	if !strings.Contains(html, `<h1>Statistics</h1><p><a href="index.html">home</a></p>`) || !strings.Contains(html, "</footer>") {
		t.Errorf("statistics.html = %q", html)
	}
	if !strings.Contains(readPage(t, dir, "index.html"), `<a href="statistics.html">Statistics</a>`) {
		t.Errorf("index has no Statistics entry")
	}
}

// sharedCorpus is the corpus of real rules next to the checkout, if present.
func sharedCorpus(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("shared corpus not found at %s", dir)
	}
	return dir
}

// TestBuildCorpus renders the whole shared corpus: every rule, broken ones
// included, gets a page, and every link resolves.
func TestBuildCorpus(t *testing.T) {
	corpus, err := filepath.Abs(sharedCorpus(t))
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		t.Skip("corpus build skipped in -short mode")
	}
	s := loadSite(t, corpus)
	dir := t.TempDir()
	s.buildInto(t, dir)
	ents, err := os.ReadDir(filepath.Join(dir, "rules"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != len(s.Catalog.Rules) {
		t.Errorf("%d rule pages for %d rules", len(ents), len(s.Catalog.Rules))
	}
	checkLinks(t, dir, s)
}

// BenchmarkBuildCorpus measures rendering the shared corpus into a fresh
// directory (loading, linting and analysis excluded).
func BenchmarkBuildCorpus(b *testing.B) {
	corpus := sharedCorpus(b)
	s := loadSite(b, corpus)
	root := b.TempDir()
	n := 0
	cpu := cpuTime()
	for b.Loop() {
		n++
		if err := s.Build(filepath.Join(root, strconv.Itoa(n))); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(n), "cpu-s/op")
	b.ReportMetric(float64(len(s.Catalog.Rules)), "rules")
}

// BenchmarkRebuildCorpus measures rendering the shared corpus over its own
// previous output, where unchanged files are not rewritten.
func BenchmarkRebuildCorpus(b *testing.B) {
	corpus := sharedCorpus(b)
	s := loadSite(b, corpus)
	dir := b.TempDir()
	if err := s.Build(dir); err != nil {
		b.Fatal(err)
	}
	n := 0
	cpu := cpuTime()
	for b.Loop() {
		n++
		if err := s.Build(dir); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(n), "cpu-s/op")
}
