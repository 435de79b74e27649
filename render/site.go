package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"

	"github.com/rulecat/rulecat/analyze"
	"github.com/rulecat/rulecat/analyze/attack"
	"github.com/rulecat/rulecat/analyze/tables"
	"github.com/rulecat/rulecat/catalog"
	"github.com/rulecat/rulecat/templates"
)

// The documentation site. Site.Build writes, below one directory:
//
//	index.html                 every rule: a sortable, filterable table
//	rules/<slug>.html          one page per rule, broken ones included
//	attack.html                the ATT&CK matrix of each domain rules use
//	techniques/, tactics/      who covers each technique and tactic
//	tables.html, tables/       tables and the rules reading them
//	connectors.html, connectors/
//	indicators.html, indicators/<field>.html#<kind-value>
//	checks.html, checks/<id>.html
//	statistics.html            when Site.Statistics is set
//	search.html                MiniSearch over an index embedded as JSON
//	about.html                 the data's attributions and licences
//	downloads.html, downloads/ Navigator layers, the analysis JSON
//	static/                    CSS, JavaScript, MiniSearch and its licence
//
// Every link is relative and nothing is fetched from another host, so the
// site works from file:// and from any path of any web server. File names
// come from slug only. Pages are built from a model of views (site_model.go,
// site_index.go) by html/template; the only template.HTML values are
// highlighted KQL (Highlight) and markdown rendered with raw HTML shown as
// text (markdown).

// Site is everything a documentation site is built from. Only Catalog is
// required; every other field adds to the pages when it is set.
type Site struct {
	Title   string // shown in every page's header; "rulecat" when empty
	Catalog *catalog.Catalog
	// Lint is the outcome of analyze.Lint over Catalog, whose findings (load
	// problems included) rule pages and the index show. When nil, each rule
	// shows the problems found while loading it.
	Lint   *analyze.Result
	Checks []*analyze.Check // documented at checks/<id>.html
	Attack *attack.Data     // names, matrices and tactics of techniques
	// Analysis is the analysis of Catalog (stages, indicators with corpus
	// counts, output fields, lookbacks); rules it does not cover show their
	// queries without analysis. It is offered for download as
	// downloads/analysis.json, as `rulecat analyze --format json` writes it.
	Analysis *analyze.CatalogAnalysis
	// BaseURL is the absolute URL the site will be served from ("" if
	// unknown). ATT&CK Navigator only accepts absolute links, so layers link
	// to rule pages only when it is set.
	BaseURL string
	// Statistics, when set, writes the body of statistics.html (inside the
	// site's layout, which adds a "Statistics" navigation entry). root is
	// the relative path from that page to the site root ("" for this page).
	// What it writes is inserted as is, so it must escape what it prints
	// (html/template does).
	Statistics func(w io.Writer, root string) error
}

// page is what every template gets: the layout's fields and the page's own
// Data.
type page struct {
	Site          string
	Title         string
	Root          string // "" for pages at the top, "../" one level down
	Nav           string // navigation entry to mark as current
	Wide          bool   // use the whole window (the ATT&CK matrix)
	Menu          []menuItem
	Statistics    bool
	Rules         int
	AttackVersion string
	Data          any
}

// funcs are the templates' helpers; none returns template.HTML.
var funcs = template.FuncMap{
	// dict passes named values to a nested template.
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			k, _ := kv[i].(string)
			m[k] = kv[i+1]
		}
		return m
	},
	// links makes a list of root-relative links relative to a page, for
	// the "links" template.
	"links": func(root string, ls []link) []link {
		if root == "" {
			return ls
		}
		out := make([]link, len(ls))
		for i, l := range ls {
			out[i] = link{Href: root + l.Href, Text: l.Text, Note: l.Note}
		}
		return out
	},
}

// siteDirs are the directories of a site; pages only go into these.
var siteDirs = []string{"rules", "techniques", "tactics", "tables", "connectors", "indicators", "checks", "downloads", "static"}

// Build writes the site into dir, creating it if needed. The same Site
// always gives byte-identical files, and dir then holds exactly the files of
// this build: dir must be new, empty or a site an earlier Build wrote (it
// holds the marker file, which lists that build's files; a site from before
// markers is known by its index page and static files), and files of the
// earlier build that this one does not write are removed. Build refuses any
// other directory and writes nothing into it.
func (s *Site) Build(dir string) error {
	prev, err := previousFiles(dir)
	if err != nil {
		return err
	}
	tmpl, err := template.New("").Funcs(funcs).ParseFS(templates.FS, "*.html")
	if err != nil {
		return fmt.Errorf("parse templates: %w", err)
	}
	b := newBuilder(s)
	b.tmpl = tmpl
	jobs := b.pages()
	for _, d := range siteDirs {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return fmt.Errorf("create site directory: %w", err)
		}
	}
	files := make([]string, len(jobs))
	for i, j := range jobs {
		files[i] = j.path
	}
	// Until the pages are written the marker lists the files of both
	// builds, so an interrupted build leaves nothing unaccounted for.
	if err := writeMarker(dir, append(slices.Clone(files), prev...)); err != nil {
		return err
	}
	if err := writeAll(dir, jobs); err != nil {
		return err
	}
	if err := writeMarker(dir, files); err != nil {
		return err
	}
	return removeStale(dir, prev, files)
}

// Marker is the name of the file that marks a directory as a rulecat site.
// It lists the files of the build that wrote it, one slash-separated path a
// line, so that the next build can remove the ones it no longer writes.
const Marker = ".rulecat-site"

// markerHead is the marker's first line.
const markerHead = "# rulecat site: files written by `rulecat build`; the next build removes those it does not write\n"

// previousFiles returns the files an earlier build listed in dir's marker.
// A missing or empty dir has none; a non-empty dir without a marker is an
// error, so that a site is never written over unrelated files.
func previousFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(ents) == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read output directory: %w", err)
	}
	data, err := os.ReadFile(filepath.Join(dir, Marker))
	if errors.Is(err, fs.ErrNotExist) && legacySite(dir) {
		return legacyFiles(dir)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("output directory %s is not empty and is not a rulecat site (it has no %s file); "+
			"give a new or empty directory, or one an earlier build wrote", dir, Marker)
	}
	if err != nil {
		return nil, fmt.Errorf("read site marker: %w", err)
	}
	var files []string
	for line := range strings.Lines(string(data)) {
		line = strings.TrimRight(line, "\r\n")
		// Only paths a build can write are taken, so a doctored marker
		// cannot remove anything outside the site.
		if line == "" || strings.HasPrefix(line, "#") || !filepath.IsLocal(filepath.FromSlash(line)) || line == Marker {
			continue
		}
		files = append(files, line)
	}
	return files, nil
}

// legacySite reports whether dir holds a site built before sites had a
// marker: its index.html says rulecat generated it, and it has rulecat's
// stylesheet and script.
func legacySite(dir string) bool {
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil || !bytes.Contains(index, []byte("<footer>Generated by rulecat from ")) {
		return false
	}
	for _, f := range []string{"static/site.css", "static/site.js"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
			return false
		}
	}
	return true
}

// legacyFiles lists the files a site without a marker may have been built
// with: the HTML pages at its top and every file in the site's directories.
func legacyFiles(dir string) ([]string, error) {
	var files []string
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read output directory: %w", err)
	}
	for _, e := range ents {
		if e.Type().IsRegular() && path.Ext(e.Name()) == ".html" {
			files = append(files, e.Name())
		}
	}
	for _, d := range siteDirs {
		err := filepath.WalkDir(filepath.Join(dir, d), func(p string, e fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			if err != nil || !e.Type().IsRegular() {
				return err
			}
			rel, err := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("list earlier site: %w", err)
		}
	}
	return files, nil
}

// writeMarker writes dir's marker listing files.
func writeMarker(dir string, files []string) error {
	files = slices.Compact(slices.Sorted(slices.Values(files)))
	var buf bytes.Buffer
	buf.WriteString(markerHead)
	for _, f := range files {
		buf.WriteString(f)
		buf.WriteByte('\n')
	}
	return writeFile(filepath.Join(dir, Marker), buf.Bytes())
}

// removeStale removes the files of the previous build that this build did
// not write, and the directories below the site's own that become empty.
func removeStale(dir string, prev, files []string) error {
	written := make(map[string]bool, len(files))
	for _, f := range files {
		written[f] = true
	}
	for _, p := range prev {
		if written[p] {
			continue
		}
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(p))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove stale page: %w", err)
		}
		for d := path.Dir(p); d != "." && !slices.Contains(siteDirs, d); d = path.Dir(d) {
			if os.Remove(filepath.Join(dir, filepath.FromSlash(d))) != nil {
				break // not empty
			}
		}
	}
	return nil
}

// A job is one file of the site: its slash-separated path below the site
// root and what writes it.
type job struct {
	path  string
	write func(w *bytes.Buffer) error
	// stream, when set instead of write, writes a large file (the analysis
	// JSON): a new file is written straight to disk rather than built in
	// memory first.
	stream func(w io.Writer) error
}

// writeAll runs the jobs on a bounded pool; each writes its own file. A file
// that already holds exactly the page's bytes is left alone, so rebuilding
// an unchanged catalog writes nothing and keeps modification times.
func writeAll(dir string, jobs []job) error {
	bufs := sync.Pool{New: func() any { return new(bytes.Buffer) }} // page buffers, reused across jobs
	errs := make([]error, len(jobs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, j := range jobs {
		sem <- struct{}{} // at most GOMAXPROCS pages in flight
		wg.Go(func() {
			defer func() { <-sem }()
			name := filepath.Join(dir, filepath.FromSlash(j.path))
			if j.stream != nil {
				errs[i] = writeStream(name, j.path, j.stream)
				return
			}
			buf := bufs.Get().(*bytes.Buffer)
			defer bufs.Put(buf)
			buf.Reset()
			if err := j.write(buf); err != nil {
				errs[i] = fmt.Errorf("render %s: %w", j.path, err)
				return
			}
			errs[i] = writeFile(name, buf.Bytes())
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// writeStream writes a large file. A new one is written straight to disk;
// one that exists is rendered into a buffer of its size and compared, as
// writeFile does, so an unchanged file keeps its modification time.
func writeStream(name, p string, stream func(io.Writer) error) error {
	if fi, err := os.Stat(name); err == nil && fi.Mode().IsRegular() {
		var buf bytes.Buffer
		buf.Grow(int(fi.Size()) + 4096)
		if err := stream(&buf); err != nil {
			return fmt.Errorf("render %s: %w", p, err)
		}
		return writeFile(name, buf.Bytes())
	}
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("write page: %w", err)
	}
	if err := stream(f); err != nil {
		f.Close()
		return fmt.Errorf("render %s: %w", p, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write page: %w", err)
	}
	return nil
}

// writeFile writes data to name unless name already holds it.
func writeFile(name string, data []byte) error {
	if fi, err := os.Stat(name); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) {
		if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, data) {
			return nil
		}
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("write page: %w", err)
	}
	return nil
}

// builder holds one build's templates and model.
type builder struct {
	site *Site
	tmpl *template.Template
	md   goldmark.Markdown

	rules      []*ruleView
	techniques map[string]*techniqueView // by id as written in rules
	tactics    map[string]*tacticView    // by page slug
	tables     map[string]*groupView     // by table name
	connectors map[string]*groupView     // by connector id
	fields     map[string]*fieldView     // indicator pages, by field
	checks     map[string]string         // check id → page path
	analysis   map[*catalog.Rule]*analyze.RuleAnalysis
	hl         map[string]template.HTML // highlighted query texts

	mu        sync.Mutex
	fragments map[string][]byte // executed layout fragments, by template and key (see fragment)
}

// menuItem is one entry of the navigation bar.
type menuItem struct {
	Href, Text string
	Current    bool
}

// menu lists the navigation bar's entries: nav names, pages and titles.
var menu = [...]struct{ nav, path, text string }{
	{"rules", "index.html", "Rules"},
	{"attack", "attack.html", "ATT&CK"},
	{"tables", "tables.html", "Tables"},
	{"connectors", "connectors.html", "Connectors"},
	{"indicators", "indicators.html", "Indicators"},
	{"checks", "checks.html", "Checks"},
	{"statistics", "statistics.html", "Statistics"},
	{"downloads", "downloads.html", "Downloads"},
}

// newBuilder builds the model of every page of s.
func newBuilder(s *Site) *builder {
	b := &builder{site: s, md: newMarkdown(), fragments: map[string][]byte{}}
	b.model()
	return b
}

// page returns the layout fields for a page at path p.
func (b *builder) page(p, title, nav string, data any) page {
	root := strings.Repeat("../", strings.Count(p, "/"))
	v := ""
	if b.site.Attack != nil {
		v = b.site.Attack.Version()
	}
	pg := page{Site: b.siteName(), Title: title, Root: root, Nav: nav, Statistics: b.site.Statistics != nil,
		Rules: len(b.rules), AttackVersion: v, Data: data, Wide: p == "attack.html"}
	for _, m := range menu {
		if m.nav == "statistics" && !pg.Statistics {
			continue
		}
		pg.Menu = append(pg.Menu, menuItem{Href: root + m.path, Text: m.text, Current: m.nav == nav})
	}
	return pg
}

// siteName is the name in every page's header: the Site's Title, else
// "rulecat".
func (b *builder) siteName() string {
	if b.site.Title == "" {
		return "rulecat"
	}
	return b.site.Title
}

// html returns a job executing template name for the page at p.
func (b *builder) html(p, name, title, nav string, data any) job {
	pg := b.page(p, title, nav, data)
	return job{path: p, write: func(w *bytes.Buffer) error {
		return b.writePage(w, pg, func(w *bytes.Buffer) error { return b.tmpl.ExecuteTemplate(w, name, pg) })
	}}
}

// writePage writes a whole page: the layout's "head" (the title), its
// "nav" and "bottom", and between them what body writes. nav and bottom
// are the same bytes on every page with the same Root (and Nav and Wide),
// so each is executed once per build and then copied.
func (b *builder) writePage(w *bytes.Buffer, pg page, body func(w *bytes.Buffer) error) error {
	if err := b.tmpl.ExecuteTemplate(w, "head", pg); err != nil {
		return err
	}
	if err := b.fragment(w, "nav", pg.Root+"\x00"+pg.Nav+"\x00"+strconv.FormatBool(pg.Wide), pg); err != nil {
		return err
	}
	if err := body(w); err != nil {
		return err
	}
	return b.fragment(w, "bottom", pg.Root, pg)
}

// fragment writes layout template name for pg, executing it only the first
// time key is asked for.
func (b *builder) fragment(w *bytes.Buffer, name, key string, pg page) error {
	key = name + "\x00" + key
	b.mu.Lock()
	frag, ok := b.fragments[key]
	b.mu.Unlock()
	if !ok {
		var buf bytes.Buffer
		if err := b.tmpl.ExecuteTemplate(&buf, name, pg); err != nil {
			return err
		}
		frag = buf.Bytes()
		b.mu.Lock()
		b.fragments[key] = frag
		b.mu.Unlock()
	}
	w.Write(frag)
	return nil
}

// pages lists every file of the site.
func (b *builder) pages() []job {
	var jobs []job
	jobs = append(jobs, b.html("index.html", "index.html", "Rules", "rules", b.indexData()))
	for _, r := range b.rules {
		jobs = append(jobs, b.html(r.Path, "rule.html", r.Name, "rules", r))
	}
	matrices := b.matrices() // the ATT&CK page's, and those the Navigator layers cover
	jobs = append(jobs, b.html("attack.html", "attack.html", "MITRE ATT&CK coverage", "attack", matrices))
	for _, t := range sortedValues(b.techniques) {
		jobs = append(jobs, b.html(t.Path, "technique.html", t.ID+" "+t.Name, "attack", t))
	}
	for _, t := range sortedValues(b.tactics) {
		jobs = append(jobs, b.html(t.Path, "tactic.html", t.Name, "attack", t))
	}
	jobs = append(jobs, b.html("tables.html", "groups.html", "Tables", "tables", b.groupList("Tables", "tables", b.tables)))
	for _, g := range sortedValues(b.tables) {
		jobs = append(jobs, b.html(g.Path, "group.html", g.Name, "tables", g))
	}
	jobs = append(jobs, b.html("connectors.html", "groups.html", "Data connectors", "connectors", b.groupList("Data connectors", "connectors", b.connectors)))
	for _, g := range sortedValues(b.connectors) {
		jobs = append(jobs, b.html(g.Path, "group.html", g.Name, "connectors", g))
	}
	jobs = append(jobs, b.html("indicators.html", "indicators.html", "Indicators", "indicators", b.indicatorList()))
	for _, f := range sortedValues(b.fields) {
		jobs = append(jobs, b.html(f.Path, "indicator.html", f.Field, "indicators", f))
	}
	checks := b.checkList()
	jobs = append(jobs, b.html("checks.html", "checks.html", "Checks", "checks", checks))
	for _, c := range checks {
		jobs = append(jobs, b.html(c.Path, "check.html", c.ID, "checks", c))
	}
	jobs = append(jobs, b.html("search.html", "search.html", "Search", "", b.searchData()))
	jobs = append(jobs, b.html("about.html", "about.html", "About", "", b.about()))
	jobs = append(jobs, b.downloads(matrices.Matrices)...)
	if b.site.Statistics != nil {
		jobs = append(jobs, b.statistics())
	}
	jobs = append(jobs, staticFiles()...)
	return jobs
}

// about is the about page's data: the attributions the ATT&CK data and the
// table schemas require wherever they are copied, as their packages word them.
func (b *builder) about() any {
	d := struct{ Attack, Tables string }{Tables: tables.Notice}
	if b.site.Attack != nil {
		d.Attack = attack.Notice
	}
	return d
}

// statistics wraps the Statistics hook's output in the layout.
func (b *builder) statistics() job {
	pg := b.page("statistics.html", "Statistics", "statistics", nil)
	return job{path: "statistics.html", write: func(w *bytes.Buffer) error {
		return b.writePage(w, pg, func(w *bytes.Buffer) error { return b.site.Statistics(w, pg.Root) })
	}}
}

// staticFiles copies templates/static into the site, leaving out notes
// meant for developers.
func staticFiles() []job {
	var jobs []job
	_ = fs.WalkDir(templates.FS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) == ".md" {
			return err
		}
		jobs = append(jobs, job{path: p, write: func(w *bytes.Buffer) error {
			data, err := fs.ReadFile(templates.FS, p)
			w.Write(data)
			return err
		}})
		return nil
	})
	return jobs
}
