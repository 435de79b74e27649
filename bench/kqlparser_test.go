//go:build kqlparser

package bench

import "github.com/cloudygreybeard/kqlparser"

// peers returns github.com/cloudygreybeard/kqlparser, called through its
// top-level Parse (lexer and parser, no binder), which collects syntax errors
// the way kql.Parse does.
func peers() []parser {
	return []parser{{name: "kqlparser", accept: func(src string) bool {
		return !kqlparser.Parse("query.kql", src).HasErrors()
	}}}
}
