package selector

import (
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The grammar below is participle's: each struct is a production and its
// tags say what it matches. Parse turns the resulting tree into nodes.

type orAST struct {
	Terms []*andAST `parser:"@@ ( 'or' @@ )*"`
}

type andAST struct {
	Terms []*unaryAST `parser:"@@ ( 'and' @@ )*"`
}

type unaryAST struct {
	Pos   lexer.Position
	Not   *unaryAST `parser:"  'not' @@"`
	Group *orAST    `parser:"| '(' @@ ')'"`
	Cmp   *cmpAST   `parser:"| @@"`
}

type cmpAST struct {
	Pos   lexer.Position
	Attr  string    `parser:"@Word"`
	Op    *opAST    `parser:"( @@"`
	Value *valueAST `parser:"  @@"`
	In    *inAST    `parser:"| @@ )"`
}

type opAST struct {
	Pos lexer.Position
	Op  string `parser:"@( '==' | '!=' | '<=' | '>=' | '<' | '>' | '~' )"`
}

type inAST struct {
	Pos    lexer.Position
	Values []*valueAST `parser:"'in' '[' ( @@ ( ',' @@ )* )? ']'"`
}

type valueAST struct {
	Pos    lexer.Position
	Quoted *string `parser:"  @String"`
	Word   *string `parser:"| @Word"`
}

// text returns the value as written, unquoted.
func (v *valueAST) text() string {
	if v.Quoted != nil {
		return *v.Quoted
	}
	return *v.Word
}

var selectorLexer = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "String", Pattern: `"(?:\\.|[^"\\\n])*"`},
	{Name: "Unterminated", Pattern: `"(?:\\.|[^"\\\n])*`},
	{Name: "Op", Pattern: `==|!=|<=|>=|<|>|~|=`},
	{Name: "Punct", Pattern: `[()\[\],]`},
	{Name: "Word", Pattern: `[A-Za-z0-9_.*?/\-]+`},
	{Name: "Space", Pattern: `\s+`},
	{Name: "Other", Pattern: `.`},
})

var keywords = map[string]bool{"and": true, "or": true, "not": true, "in": true}

// grammar is built once; a participle parser is safe for concurrent use.
var grammar = participle.MustBuild[orAST](
	participle.Lexer(selectorLexer),
	participle.Elide("Space"),
	participle.Unquote("String"),
	// Keywords are case-insensitive: lower-case any word that is one.
	participle.Map(func(t lexer.Token) (lexer.Token, error) {
		if l := strings.ToLower(t.Value); keywords[l] {
			t.Value = l
		}
		return t, nil
	}, "Word"),
)
