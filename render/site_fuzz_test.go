package render

import (
	"regexp"
	"strings"
	"testing"
)

// FuzzMarkdown checks that no rule text becomes markup that runs or
// fetches: whatever the description says, the HTML has no script, no
// image, no event handler attribute and no link that is not http(s) or
// mailto.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"plain *text* with `code`",
		"<script>alert(1)</script>",
		"![x](https://example.org/i.png)",
		"[a](javascript:alert(1)) [b](./rel.md) [c](https:/bad) <https://ok.example/>",
		"line<br>break <br onmouseover=x> <img src=x onerror=y>",
		"| a | b |\n|---|---|\n| <b>c</b> | d |",
		"<div>\n<iframe src=x></iframe>\n</div>",
		"<A0:> <data:text/html,x> <mailto:a@b.example> <https://ok.example/a>",
	} {
		f.Add(s)
	}
	md := newMarkdown()
	tag := regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>`)
	attr := regexp.MustCompile(`\s([a-zA-Z-]+)="([^"]*)"`)
	allowed := map[string]bool{"p": true, "em": true, "strong": true, "code": true, "pre": true, "a": true, "br": true,
		"ul": true, "ol": true, "li": true, "blockquote": true, "h1": true, "h2": true, "h3": true, "h4": true,
		"h5": true, "h6": true, "hr": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true,
		"td": true, "del": true, "input": true}
	f.Fuzz(func(t *testing.T, src string) {
		out := string(markdown(md, src))
		for _, m := range tag.FindAllStringSubmatch(out, -1) {
			name := strings.ToLower(m[1])
			if !allowed[name] {
				t.Fatalf("markdown(%q) makes a <%s> element:\n%s", src, name, out)
			}
			for _, a := range attr.FindAllStringSubmatch(m[2], -1) {
				k, v := strings.ToLower(a[1]), a[2]
				switch {
				case strings.HasPrefix(k, "on"):
					t.Fatalf("markdown(%q) makes an event handler %s:\n%s", src, k, out)
				case k == "href" && !linkWorks(unescape(v)):
					t.Fatalf("markdown(%q) links to %q:\n%s", src, v, out)
				case k == "src":
					t.Fatalf("markdown(%q) fetches %q:\n%s", src, v, out)
				}
			}
		}
	})
}

// FuzzHighlight checks that highlighting keeps the query's text exactly.
func FuzzHighlight(f *testing.F) {
	for _, s := range []string{"T | where A has \"<b>\" // c\n| project B", "let x = 1d;\nx", "'unterminated", "a & b < c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got := unescape(tagRE.ReplaceAllString(string(highlightKQL(src)), ""))
		want := strings.ReplaceAll(src, "\x00", "\uFFFD") // HTML cannot hold NUL; HTMLEscapeString replaces it
		if got != want {
			t.Fatalf("highlighted text = %q, want %q", got, want)
		}
	})
}

// FuzzSlug checks that every slug is a safe file name.
func FuzzSlug(f *testing.F) {
	f.Add("../../etc/passwd")
	f.Add("Ünïcode name (2)")
	safe := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	f.Fuzz(func(t *testing.T, s string) {
		if got := slug(s); !safe.MatchString(got) || len(got) > maxSlug || deviceName.MatchString(got+".html") {
			t.Fatalf("slug(%q) = %q", s, got)
		}
	})
}
