package render

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromiumPath is where Debian's chromium package puts the browser;
// RULECAT_CHROMIUM overrides it.
func chromiumPath() string {
	if p := os.Getenv("RULECAT_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// browserEvents collects what a page must not do: log errors, throw, fail
// a request, or ask for anything that is not a file of the site.
type browserEvents struct {
	mu       sync.Mutex
	site     string // URL of the site's root: requests must start with it
	problems []string
	requests int
}

func (e *browserEvents) setSite(u string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.site = u
}

func (e *browserEvents) add(format string, args ...any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.problems = append(e.problems, fmt.Sprintf(format, args...))
}

func (e *browserEvents) take() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := e.problems
	e.problems = nil
	return p
}

func (e *browserEvents) listen() func(ev any) {
	return func(ev any) {
		switch ev := ev.(type) {
		case *cdpruntime.EventConsoleAPICalled:
			if ev.Type == cdpruntime.ConsoleAPICalledTypeError || ev.Type == cdpruntime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				e.add("console %s: %s", ev.Type, strings.Join(args, " "))
			}
		case *cdpruntime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			e.add("exception at %s:%d: %s", d.URL, d.LineNumber, msg)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				e.add("log %s: %s %s", ev.Entry.Level, ev.Entry.Text, ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			e.mu.Lock()
			e.requests++
			site := e.site
			e.mu.Unlock()
			u := ev.Request.URL
			if !strings.HasPrefix(u, site) && !strings.HasPrefix(u, "data:") {
				e.add("request outside the site: %s", u)
			}
		case *network.EventLoadingFailed:
			e.add("request failed: %s %s", ev.ErrorText, ev.BlockedReason)
		}
	}
}

// TestSiteInBrowser opens the sample catalog's site in headless Chromium
// from file://: index, a rule page, the ATT&CK matrix and a search, in light
// and dark themes and at phone width, and fails on any console error,
// failed request or request leaving the site. Screenshots go to
// $RULECAT_SCREENSHOTS, else to a temporary directory named in the log.
func TestSiteInBrowser(t *testing.T) {
	exe := chromiumPath()
	if _, err := os.Stat(exe); err != nil {
		t.Skipf("no Chromium at %s (install the Debian packages chromium and chromium-driver, or set RULECAT_CHROMIUM): browser test skipped", exe)
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	dir := t.TempDir()
	sampleSite(t).buildInto(t, dir)
	shots := os.Getenv("RULECAT_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	defer cancelT()

	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	siteURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs) + "/"}).String()
	ev := &browserEvents{site: siteURL}
	if err := chromedp.Listen(ctx, ev.listen()); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	for _, err := range []error{
		call(ctx, network.Enable, network.EnableParams{}),
		call(ctx, cdplog.Enable, cdp.Empty{}),
		call(ctx, cdpruntime.Enable, cdp.Empty{}),
	} {
		if err != nil {
			t.Fatalf("start Chromium: %v", err)
		}
	}

	shot := func(t *testing.T, name string) {
		t.Helper()
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	open := func(t *testing.T, page string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(siteURL+page), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
			t.Fatalf("open %s: %v", page, err)
		}
		// Let late errors (scripts, images) arrive before judging the page.
		_ = chromedp.Do(ctx, chromedp.Sleep(150*time.Millisecond))
		for _, p := range ev.take() {
			t.Errorf("%s: %s", page, p)
		}
	}
	eval := func(t *testing.T, expr string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](expr))
		if err != nil {
			t.Fatalf("evaluate %s: %v", expr, err)
		}
		return v
	}
	evalInt := func(t *testing.T, expr string) int {
		t.Helper()
		f, _ := eval(t, expr).(float64)
		return int(f)
	}
	theme := func(t *testing.T, scheme string) {
		t.Helper()
		err := call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		if err != nil {
			t.Fatal(err)
		}
	}

	rulePage := ""
	t.Run("index", func(t *testing.T) {
		open(t, "index.html")
		rows := evalInt(t, `document.querySelectorAll("#rules tbody tr").length`)
		if rows < 10 {
			t.Errorf("index lists %d rules, want the whole sample catalog", rows)
		}
		rulePage, _ = eval(t, `document.querySelector("#rules tbody a[href*='powershell']").getAttribute("href")`).(string)
		shot(t, "index")
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#rules-filter input"), "powershell")); err != nil {
			t.Fatal(err)
		}
		shown := evalInt(t, `document.querySelectorAll("#rules tbody tr:not([hidden])").length`)
		if shown == 0 || shown >= rows {
			t.Errorf("filter \"powershell\" shows %d of %d rows, want some but not all", shown, rows)
		}
		// Sorting by severity, descending on the second click, puts the most severe first.
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#rules th:nth-child(2)")), chromedp.Click(chromedp.CSS("#rules th:nth-child(2)"))); err != nil {
			t.Fatal(err)
		}
		first := evalInt(t, `+document.querySelector("#rules tbody tr td:nth-child(2)").dataset.key`)
		max := evalInt(t, `Math.max(...Array.from(document.querySelectorAll("#rules tbody td:nth-child(2)")).map(td => +td.dataset.key))`)
		if first != max {
			t.Errorf("after sorting by severity, first row has rank %d, want %d", first, max)
		}
	})
	t.Run("rule", func(t *testing.T) {
		if rulePage == "" {
			t.Skip("no PowerShell rule on the index")
		}
		open(t, rulePage)
		if n := evalInt(t, `document.querySelectorAll("pre.kql span.k-operator").length`); n == 0 {
			t.Errorf("%s: query shows no highlighted operators", rulePage)
		}
		shot(t, "rule")
		theme(t, "dark")
		open(t, rulePage)
		if bg := eval(t, `getComputedStyle(document.body).backgroundColor`); bg != "rgb(20, 23, 27)" {
			t.Errorf("dark theme background = %v, want rgb(20, 23, 27)", bg)
		}
		shot(t, "rule-dark")
		theme(t, "light")
		err := call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 390, Height: 844, DeviceScaleFactor: 2, Mobile: true})
		if err != nil {
			t.Fatal(err)
		}
		defer call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
		open(t, rulePage)
		if wide := eval(t, `document.documentElement.scrollWidth > window.innerWidth + 1`); wide == true {
			t.Errorf("%s scrolls sideways at phone width", rulePage)
		}
		shot(t, "rule-phone")
	})
	// At phone width the index's headers and severities stay whole words
	// (no "Severit|y"); the table may scroll sideways instead.
	t.Run("index-phone", func(t *testing.T) {
		err := call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 390, Height: 844, DeviceScaleFactor: 2, Mobile: true})
		if err != nil {
			t.Fatal(err)
		}
		defer call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
		open(t, "index.html")
		broken, _ := eval(t, `Array.from(document.querySelectorAll("#rules th, #rules td:nth-child(2)")).filter(c => {
			if (c.offsetParent === null) return false;
			const walk = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
			for (let n = walk.nextNode(); n; n = walk.nextNode()) {
				const r = document.createRange();
				r.selectNodeContents(n);
				if (new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size > 1) return true;
			}
			return c.scrollWidth > c.clientWidth + 1;
		}).map(c => c.textContent.trim())`).([]any)
		if len(broken) > 0 {
			t.Errorf("index at 390px: cells broken over lines or overflowing: %q", broken)
		}
		shot(t, "index-phone")
	})
	t.Run("matrix", func(t *testing.T) {
		open(t, "attack.html")
		if n := evalInt(t, `document.querySelectorAll("table.matrix a.h1, table.matrix a.h2, table.matrix a.h3, table.matrix a.h4").length`); n == 0 {
			t.Error("matrix shades no technique")
		}
		shot(t, "attack")
	})
	t.Run("statistics", func(t *testing.T) {
		open(t, "statistics.html")
		shot(t, "statistics")
	})
	t.Run("search", func(t *testing.T) {
		open(t, "search.html?q=powershell")
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#search-results li"))); err != nil {
			t.Fatal(err)
		}
		hits, _ := eval(t, `Array.from(document.querySelectorAll("#search-results li a")).map(a => a.textContent)`).([]any)
		shot(t, "search")
		found := false
		for _, h := range hits {
			if s, _ := h.(string); strings.Contains(strings.ToLower(s), "powershell") {
				found = true
			}
		}
		if !found {
			t.Errorf("search for powershell: hits %v, want a rule named for PowerShell", hits)
		}
		// A technique id finds the rules that list it.
		open(t, "search.html?q=T1003")
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#search-results li"))); err != nil {
			t.Fatal(err)
		}
		// A sub-technique id finds exactly its rules, not T1114.003's one
		// digit away; the parent id finds its sub-techniques' rules.
		for q, want := range map[string][]string{
			"T1110":     {"Password spray against many accounts from one address"},
			"T1110.003": {"Password spray against many accounts from one address"},
			"T1114.003": {"Inbox rule forwards mail to an external address"},
		} {
			open(t, "search.html?q="+q)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#search-results li"))); err != nil {
				t.Fatal(err)
			}
			hits, _ := eval(t, `Array.from(document.querySelectorAll("#search-results li a")).map(a => a.textContent)`).([]any)
			if fmt.Sprint(hits) != fmt.Sprint(want) {
				t.Errorf("search for %s: hits %v, want %v", q, hits, want)
			}
		}
	})
	// The same site served by a web server below a sub-path.
	t.Run("http-subpath", func(t *testing.T) {
		const sub = "/team/detections/site/"
		srv := httptest.NewServer(http.StripPrefix(sub, http.FileServer(http.Dir(dir))))
		defer srv.Close()
		siteURL = srv.URL + sub
		ev.setSite(siteURL)
		open(t, "index.html")
		if rulePage != "" {
			open(t, rulePage)
		}
		open(t, "attack.html")
		open(t, "search.html?q=lsass")
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#search-results li"))); err != nil {
			t.Fatal(err)
		}
		// Following a link from a rule page stays below the sub-path.
		if rulePage != "" {
			open(t, rulePage)
			href, _ := eval(t, `document.querySelector("a.count[href*='techniques/']").href`).(string)
			if !strings.HasPrefix(href, siteURL+"techniques/") {
				t.Errorf("technique link resolves to %q, want it below %s", href, siteURL)
			}
		}
	})
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if ev.requests == 0 {
		t.Error("saw no requests at all; the listener is not working")
	}
}

// call runs one DevTools command for its effect.
func call[P, R any](ctx context.Context, cmd cdp.Command[P, R], params P) error {
	_, err := chromedp.Call(ctx, cmd, params)
	return err
}
