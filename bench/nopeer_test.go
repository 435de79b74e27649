//go:build !kqlparser

package bench

// peers returns the Go peers this binary was built with: none without
// -tags kqlparser (run.sh adds the tag once the module resolves).
func peers() []parser {
	return []parser{{name: "kqlparser", why: "github.com/cloudygreybeard/kqlparser not built in (go test -tags kqlparser, with the module required; see README.md)"}}
}
