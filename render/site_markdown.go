package render

import (
	"bytes"
	"html/template"
	"net/url"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// newMarkdown returns the converter for rule and check text: CommonMark plus
// GFM tables and strikethrough. Raw HTML stays off (goldmark's default, so
// "<script>" in a description is dropped, never passed through), dangerous
// link schemes such as javascript: are refused, raw HTML in the text shows as
// the literal text it is, images become plain links so that no page fetches
// anything from another host, and links that cannot work on the site
// (relative to the rule's repository) become their text.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(linkPolicy{}, 100))),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(rawHTMLAsText{}, 100))),
	)
}

// markdown converts markdown text to HTML. Besides Highlight it is the one
// place that makes template.HTML, and only from goldmark's output with raw
// HTML disabled, in which every piece of source text is escaped.
func markdown(md goldmark.Markdown, src string) template.HTML {
	if src == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		// goldmark only fails when its writer does; show the text instead.
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>")
	}
	return template.HTML(buf.String())
}

// linkPolicy replaces every image with a link to it, keeping its alt text,
// and unlinks every link that cannot work on the site: relative ones (they
// point into the repository the rule came from) and any that is not an
// http(s) URL with a host or a mailto: address. Their text stays.
type linkPolicy struct{}

func (linkPolicy) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var imgs []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			imgs = append(imgs, img)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range imgs {
		link := ast.NewLink()
		link.Destination, link.Title = img.Destination, img.Title
		moveChildren(link, img)
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
	var bad []*ast.Link
	var badAuto []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			if !linkWorks(string(l.Destination)) {
				bad = append(bad, l)
			}
		case *ast.AutoLink:
			if l.AutoLinkType == ast.AutoLinkURL && !linkWorks(string(l.URL(src))) {
				badAuto = append(badAuto, l)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, l := range badAuto {
		l.Parent().ReplaceChild(l.Parent(), l, ast.NewString(l.Label(src)))
	}
	for _, l := range bad {
		parent := l.Parent()
		for c := l.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, l, c)
			c = next
		}
		parent.RemoveChild(parent, l)
	}
}

// linkWorks reports whether a link from rule text can be followed from the
// site.
func linkWorks(dest string) bool {
	u, err := url.Parse(dest)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != ""
	}
	return false
}

func moveChildren(to, from ast.Node) {
	for c := from.FirstChild(); c != nil; {
		next := c.NextSibling()
		to.AppendChild(to, c)
		c = next
	}
}

// lineBreak matches the one tag kept from raw HTML: <br>, <br/>, <br />.
var lineBreak = regexp.MustCompile(`^(?i)<br\s*/?>$`)

// rawHTMLAsText renders HTML found in markdown as escaped text, where
// goldmark would drop it: a description saying "<script>" shows "<script>".
// Only a bare <br> stays a line break.
type rawHTMLAsText struct{}

func (rawHTMLAsText) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			var raw []byte
			for i := range segs.Len() {
				seg := segs.At(i)
				raw = append(raw, seg.Value(src)...)
			}
			if lineBreak.Match(raw) {
				// Sentinel descriptions often break lines with <br>; it carries
				// nothing that could run, so it stays a line break.
				_, _ = w.WriteString("<br>")
			} else {
				_, _ = w.WriteString(template.HTMLEscapeString(string(raw)))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		b := n.(*ast.HTMLBlock)
		if !entering {
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString("<p>")
		lines := b.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			_, _ = w.WriteString(template.HTMLEscapeString(string(seg.Value(src))))
		}
		if b.HasClosure() {
			_, _ = w.WriteString(template.HTMLEscapeString(string(b.ClosureLine.Value(src))))
		}
		_, _ = w.WriteString("</p>\n")
		return ast.WalkContinue, nil
	})
}
