package analyze

import (
	"strings"
	"unicode"

	"github.com/rulecat/rulecat/analyze/kql"
)

// boundNames returns every name a let, function parameter or "as" binds
// anywhere in the script.
func boundNames(nodes []kql.Node) map[string]bool {
	bound := map[string]bool{}
	for _, n := range nodes {
		switch n := n.(type) {
		case *kql.LetStmt:
			if n.Name != nil {
				bound[n.Name.Name] = true
			}
		case *kql.Param:
			if n.Name != nil {
				bound[n.Name.Name] = true
			}
		case *kql.AsOp:
			if n.Name != nil {
				bound[n.Name.Name] = true
			}
		}
	}
	return bound
}

// stringLit returns the value of e when it is a string literal.
func stringLit(e kql.Expr) (string, bool) {
	l, ok := unparen(e).(*kql.Literal)
	if !ok || l.Kind != kql.LitString {
		return "", false
	}
	return l.Value, true
}

// stringLits returns the values of the right operand of a comparison when
// it is one string literal or a list of them (x in ("a", "b")); ok is false
// when any element is something else or the list is empty.
func stringLits(y kql.Expr) (vals []string, ok bool) {
	elems := []kql.Expr{y}
	if l, isList := y.(*kql.ListExpr); isList {
		elems = l.Elems
	}
	for _, e := range elems {
		v, ok := stringLit(e)
		if !ok {
			return nil, false
		}
		vals = append(vals, v)
	}
	return vals, len(vals) > 0
}

// wholeTerm reports whether s is one term of Kusto's term index: at least
// three letters or digits and nothing else, so that has finds it wherever
// it stands alone.
func wholeTerm(s string) bool {
	if len(s) < 3 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// hasLetter reports whether s holds a letter that has case.
func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.ToLower(r) != unicode.ToUpper(r) {
			return true
		}
	}
	return false
}

// binaries returns every binary expression of the script whose operator is
// one of ops, in order.
func binaries(nodes []kql.Node, ops ...string) []*kql.BinaryExpr {
	var out []*kql.BinaryExpr
	for _, n := range nodes {
		if b, ok := n.(*kql.BinaryExpr); ok {
			for _, op := range ops {
				if b.Op == op {
					out = append(out, b)
					break
				}
			}
		}
	}
	return out
}

// pipelines returns every pipeline of the script.
func pipelines(nodes []kql.Node) []*kql.Pipeline {
	var out []*kql.Pipeline
	for _, n := range nodes {
		if p, ok := n.(*kql.Pipeline); ok {
			out = append(out, p)
		}
	}
	return out
}

// plainIdent returns the column name e is when it is a bare name.
func plainIdent(e kql.Expr) (string, bool) {
	id, ok := unparen(e).(*kql.Ident)
	if !ok || strings.HasPrefix(id.Name, "$") {
		return "", false
	}
	return id.Name, true
}

// identsIn returns the names of the bare identifiers of e that read
// columns (see colRefs), given the names bound in the script.
func identsIn(e kql.Node, bound map[string]bool) []*kql.Ident {
	var out []*kql.Ident
	colRefs(e, nil, func(id *kql.Ident) {
		if !bound[id.Name] {
			out = append(out, id)
		}
	})
	return out
}
