package kql

// TokenKind says what a token is. Words are split into four kinds only to
// help a highlighter; the parser treats keywords as contextual and looks at
// the token text.
type TokenKind uint8

// The token kinds.
const (
	EOF            TokenKind = iota
	IdentToken               // a plain word that is not a keyword, operator or function name
	Keyword                  // a plain word that is a keyword (by, on, kind, string, ...)
	OpName                   // a plain word that names a tabular operator (where, extend, ...)
	FuncName                 // a plain word that names a built-in function (strcat, ago, ...)
	SymKeyword               // a keyword holding '!', '~', '.', '-' or a space (!has, in~, hint.strategy, project-away)
	String                   // a string literal, in any quoting form
	BadString                // a string literal with a bad escape or no closing quote
	Long                     // 123, 0x1F
	Real                     // 1.5, 1e3
	Timespan                 // 1d, 30m, 2.5h
	GooLiteral               // datetime(...), timespan(...), guid(...), long(...), ...: the raw text up to ')'
	RawGuid                  // 8-4-4-4-12 hex digits
	Comment                  // // up to the end of the line
	DirectiveToken           // a #line before the query
	LParen                   // (
	RParen                   // )
	LBrack                   // [
	RBrack                   // ]
	LBrace                   // {
	RBrace                   // }
	Pipe                     // |
	Comma                    // ,
	Semi                     // ;
	Colon                    // :
	Dot                      // .
	DotDot                   // ..
	Assign                   // =
	EqEq                     // ==
	NotEq                    // !=
	LtGt                     // <>
	Lt                       // <
	Le                       // <=
	Gt                       // >
	Ge                       // >=
	Plus                     // +
	Minus                    // -
	Star                     // *
	Slash                    // /
	Percent                  // %
	EqTilde                  // =~
	BangTilde                // !~
	At                       // @
	Question                 // ?
	Arrow                    // =>
	LtPipe                   // <|
	Bang                     // a lone !
	Illegal                  // a character that starts no token
	numKinds
)

// TokenClass groups token kinds for syntax highlighting.
type TokenClass uint8

// The token classes.
const (
	ClassOther TokenClass = iota
	ClassKeyword
	ClassOperator // a tabular operator name
	ClassFunction
	ClassIdent
	ClassString
	ClassNumber
	ClassComment
	ClassPunct
)

var classNames = [...]string{"other", "keyword", "operator", "function", "ident", "string", "number", "comment", "punct"}

// String returns the lowercase name of the class, usable as a CSS class.
func (c TokenClass) String() string { return classNames[c] }

// Class returns the highlighting class of k.
func (k TokenKind) Class() TokenClass {
	switch k {
	case IdentToken:
		return ClassIdent
	case Keyword, SymKeyword:
		return ClassKeyword
	case OpName:
		return ClassOperator
	case FuncName:
		return ClassFunction
	case String, BadString:
		return ClassString
	case Long, Real, Timespan, GooLiteral, RawGuid:
		return ClassNumber
	case Comment, DirectiveToken:
		return ClassComment
	case EOF, Illegal:
		return ClassOther
	}
	return ClassPunct
}

var kindNames = [...]string{
	EOF: "end of text", IdentToken: "name", Keyword: "keyword", OpName: "operator name", FuncName: "function name",
	SymKeyword: "keyword", String: "string", BadString: "bad string", Long: "number", Real: "number",
	Timespan: "timespan", GooLiteral: "literal", RawGuid: "guid", Comment: "comment", DirectiveToken: "directive",
	LParen: "(", RParen: ")", LBrack: "[", RBrack: "]", LBrace: "{", RBrace: "}", Pipe: "|", Comma: ",",
	Semi: ";", Colon: ":", Dot: ".", DotDot: "..", Assign: "=", EqEq: "==", NotEq: "!=", LtGt: "<>", Lt: "<",
	Le: "<=", Gt: ">", Ge: ">=", Plus: "+", Minus: "-", Star: "*", Slash: "/", Percent: "%", EqTilde: "=~",
	BangTilde: "!~", At: "@", Question: "?", Arrow: "=>", LtPipe: "<|", Bang: "!", Illegal: "illegal character",
}

// String returns a short description of k (the spelling for punctuation).
func (k TokenKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "token"
}

// isWord reports whether k is a plain word (an identifier or a plain keyword).
func (k TokenKind) isWord() bool { return k >= IdentToken && k <= FuncName }

// Token is one lexical token: its kind and the byte span [Pos, End) of its text.
type Token struct {
	Kind     TokenKind
	Pos, End Pos
}

// Text returns the token's text in src.
func (t Token) Text(src string) string { return src[t.Pos:t.End] }
