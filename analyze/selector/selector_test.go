package selector

import (
	"errors"
	"strings"
	"testing"
)

// rule is a typical analytic rule as a Subject.
var rule = Fields{
	"id":        {"a1b2c3d4-0000-4000-8000-000000000001"},
	"name":      {"Suspicious sign-in from TOR"},
	"path":      {"../shared/corpus/Solutions/Azure Active Directory/Analytic Rules/TorSignin.yaml"},
	"format":    {"yaml"},
	"kind":      {"Scheduled"},
	"severity":  {"Medium"},
	"status":    {"Available"},
	"tactic":    {"InitialAccess", "CredentialAccess"},
	"technique": {"T1078", "T1566.002", "T1566"},
	"table":     {"SigninLogs", "AADNonInteractiveUserSignInLogs"},
	"connector": {"AzureActiveDirectory"},
	"field":     {"IPAddress", "ResultType"},
}

func TestMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr string
		want bool
	}{
		// == and != on every attribute, ignoring case.
		{`id == "a1b2c3d4-0000-4000-8000-000000000001"`, true},
		{`id == "A1B2C3D4-0000-4000-8000-000000000001"`, true},
		{`id != "a1b2c3d4-0000-4000-8000-000000000001"`, false},
		{`name == "Suspicious sign-in from TOR"`, true},
		{`name == "suspicious SIGN-IN from tor"`, true},
		{`name == Suspicious`, false},
		{`path == "../shared/corpus/Solutions/Azure Active Directory/Analytic Rules/TorSignin.yaml"`, true},
		{`format == yaml`, true},
		{`format == markdown`, false},
		{`kind == scheduled`, true},
		{`kind != NRT`, true},
		{`status == Available`, true},
		{`status == Deprecated`, false},
		{`severity == medium`, true},
		{`severity != High`, true},
		{`tactic == InitialAccess`, true},
		{`tactic == credentialaccess`, true},
		{`tactic == Persistence`, false},
		{`tactic == "Initial Access"`, true},
		{`tactic in [initial-access, Impact]`, true},
		{`tactic ~ "credential*"`, true},
		{`tactic ~ "Credential A*"`, false},             // a glob sees the name as written
		{`name == "Suspicioussign-in from TOR"`, false}, // only tactics ignore spaces
		{`tactic != Persistence`, true},
		{`tactic != InitialAccess`, false}, // not (any value equals)
		{`technique == T1566`, true},
		{`technique == T1566.002`, true},
		{`technique == T1566.001`, false},
		{`table == SigninLogs`, true},
		{`table == AuditLogs`, false},
		{`connector == AzureActiveDirectory`, true},
		{`field == ipaddress`, true},
		{`field == Account`, false},
		// Ordering, severity only.
		{`severity >= Medium`, true},
		{`severity > Medium`, false},
		{`severity <= Medium`, true},
		{`severity < Medium`, false},
		{`severity > Low`, true},
		{`severity < High`, true},
		{`severity >= Informational`, true},
		{`severity > informational`, true},
		// Globs.
		{`technique ~ "T1566*"`, true},
		{`technique ~ "T16??"`, false},
		{`technique ~ "T10??"`, true},
		{`name ~ "*TOR"`, true},
		{`name ~ "*tor"`, true},
		{`name ~ "Suspicious"`, false},
		{`path ~ "Solutions/Azure Active Directory/**"`, true},
		{`path ~ "solutions/*/analytic rules/*.yaml"`, true},
		{`path ~ "Solutions/*.yaml"`, false}, // * stays within a segment
		{`path ~ "**/TorSignin.yaml"`, true},
		{`path ~ "TorSignin.yaml"`, true}, // trailing part of the path
		{`path ~ "Solutions/Legacy/**"`, false},
		{`path ~ "Solutions/**/TorSignin.yaml"`, true},
		{`path ~ "Azure Active Directory/Analytic Rules/TorSignin.yaml"`, true},
		{`path ~ "Active Directory/Analytic Rules/TorSignin.yaml"`, false}, // not at a "/" boundary
		{`path ~ "Directory/Analytic Rules/TorSignin.yaml"`, false},        // not at a "/" boundary
		{`table ~ "AAD*"`, true},
		{`name ~ "*[st]or"`, true},
		{`name ~ "*[^t]or"`, false},
		{`technique ~ "T1[0-4]??"`, true},
		{`technique ~ "T1[1-4]??"`, false},
		{`name ~ "\\*TOR"`, false}, // an escaped * is the character itself
		{`connector ~ "Azure*"`, true},
		{`field ~ "Result*"`, true},
		{`id ~ "a1b2*"`, true},
		{`kind ~ "sched*"`, true},
		{`status ~ "avail*"`, true},
		{`format ~ "y*"`, true},
		{`severity ~ "Med*"`, true},
		{`tactic ~ "*Access"`, true},
		// in.
		{`table in ["SigninLogs", "AuditLogs"]`, true},
		{`table in [AuditLogs, OfficeActivity]`, false},
		{`severity in [High, Medium]`, true},
		{`severity in [High]`, false},
		// and, or, not, parentheses and precedence.
		{`severity >= Medium and tactic == "InitialAccess" and not path ~ "Solutions/Legacy/**"`, true},
		{`table in ["SigninLogs", "AuditLogs"] or technique ~ "T1566*"`, true},
		{`severity == High or kind == Scheduled`, true},
		{`severity == High and kind == Scheduled`, false},
		{`not severity == High`, true},
		{`not not severity == High`, false},
		{`severity == High and kind == NRT or tactic == InitialAccess`, true}, // and binds tighter
		{`severity == High and (kind == NRT or tactic == InitialAccess)`, false},
		{`NOT (severity == High) AND tactic == InitialAccess`, true},
		{"severity == Medium\n and\n tactic == InitialAccess", true},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			e, err := Parse(tt.expr)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.expr, err)
			}
			if got := e.Match(rule); got != tt.want {
				t.Errorf("Parse(%q).Match(rule) = %v, want %v", tt.expr, got, tt.want)
			}
		})
	}
}

func TestMatchMissingValues(t *testing.T) {
	t.Parallel()
	empty := Fields{"severity": {"Critical"}} // not a known severity
	tests := []struct {
		expr string
		want bool
	}{
		{`tactic == InitialAccess`, false},
		{`tactic != InitialAccess`, true},
		{`tactic ~ "*"`, false},
		{`table in [SigninLogs]`, false},
		{`severity >= Informational`, false},
		{`severity < High`, false},
		{`severity == Critical`, false}, // Critical is not a severity: parse error, see TestParseErrors
		{`not tactic == InitialAccess`, true},
	}
	for _, tt := range tests {
		e, err := Parse(tt.expr)
		if err != nil {
			if tt.expr == `severity == Critical` {
				continue
			}
			t.Fatalf("Parse(%q): %v", tt.expr, err)
		}
		if got := e.Match(empty); got != tt.want {
			t.Errorf("Parse(%q).Match(%v) = %v, want %v", tt.expr, empty, got, tt.want)
		}
	}
}

func TestNilExprMatchesAll(t *testing.T) {
	t.Parallel()
	var e *Expr
	if !e.Match(rule) || e.Uses("table") || e.String() != "" {
		t.Errorf("nil *Expr: Match = %v, Uses(table) = %v, String = %q; want true, false, \"\"", e.Match(rule), e.Uses("table"), e.String())
	}
}

func TestUses(t *testing.T) {
	t.Parallel()
	e := MustParse(`severity >= Medium and not (table == SigninLogs or field in [IPAddress])`)
	for _, a := range Attributes {
		want := a == "severity" || a == "table" || a == "field"
		if got := e.Uses(a); got != want {
			t.Errorf("Uses(%q) = %v, want %v", a, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr string
		col  int
		msg  string // substring of the message
	}{
		{``, 1, "empty expression"},
		{`severity ==`, 12, `expected a value after "=="`},
		{`severity == `, 13, `expected a value after "=="`},
		{`tactic ~ )`, 10, `expected a value after "~", found ")"`},
		{`severity == and`, 13, `found keyword "and"; quote it`},
		{`tactics == InitialAccess`, 1, `unknown attribute "tactics"; did you mean "tactic"`},
		{`severity >= Low and techniqe ~ "T1*"`, 21, `unknown attribute "techniqe"; did you mean "technique"`},
		{`colour == red`, 1, `unknown attribute "colour"; want one of`},
		{`name < x`, 6, `operator "<" applies only to severity, not to "name"`},
		{`tactic >= Execution`, 8, `operator ">=" applies only to severity`},
		{`path <= a`, 6, `operator "<=" applies only to severity`},
		{`table > a`, 7, `operator ">" applies only to severity`},
		{`severity == Hgh`, 13, `unknown severity "Hgh"; did you mean "High"`},
		{`severity >= Critical`, 13, `unknown severity "Critical"`},
		{`severity in [Low, Severe]`, 19, `unknown severity "Severe"`},
		{`severity = High`, 10, `unknown operator "="; did you mean "=="`},
		{`severity Medium`, 10, `expected an operator`},
		{`severity`, 9, `expected an operator`},
		{`table in SigninLogs`, 10, `expected "[" after "in"`},
		{`table in [SigninLogs,]`, 22, `expected a value after ","`},
		{`table in [SigninLogs AuditLogs]`, 22, `expected "," or "]"`},
		{`table in [SigninLogs`, 21, `expected "," or "]"`},
		{`table in []`, 7, `expected at least one value`},
		{`name == "abc`, 9, `unterminated string`},
		{`name == x $`, 11, `unexpected character "$"`},
		{`severity == Medium and`, 23, `expected a condition such as severity >= Medium after "and"`},
		{`and severity == Medium`, 1, `expected a condition such as severity >= Medium, found "and"`},
		{`severity == Medium or or kind == NRT`, 23, `expected a condition such as severity >= Medium after "or", found "or"`},
		{`not`, 4, `expected a condition such as severity >= Medium after "not"`},
		{`()`, 2, `expected a condition such as severity >= Medium after "(", found ")"`},
		{`(severity == High`, 18, `expected ")" to close "(" at column 1`},
		{`(a == b or`, 11, `expected a condition such as severity >= Medium after "or"`},
		{`(a == b c)`, 9, `expected "and", "or" or ")", found "c"`},
		{`severity == High)`, 17, `unexpected ")" with no "(" to close`},
		{`a == b c`, 8, `expected "and", "or" or the end of the expression, found "c"`},
		{`== High`, 1, `expected a condition such as severity >= Medium, found "=="`},
		{"severity == High and\n  tactics == X", 3, `unknown attribute "tactics"`},
		{`name ~ "[unclosed"`, 8, `bad glob "[unclosed": "[" without its closing "]"`},
		{`severity >= Low and path ~ "rules/[a-"`, 28, `bad glob "rules/[a-": "[" without its closing "]"`},
		{`path ~ "x[]"`, 8, `bad glob "x[]": "]" must be escaped inside [...]`},
		{`name ~ "[z-a]*"`, 8, `range "z"-"a" runs backwards`},
		{`table in [A, B] and name ~ "x\\"`, 28, `: "\" at the end escapes nothing`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			_, err := Parse(tt.expr)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) = %v, want *Error at column %d", tt.expr, err, tt.col)
			}
			if e.Col != tt.col || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("Parse(%q) = column %d: %s\nwant column %d: ...%s...", tt.expr, e.Col, e.Msg, tt.col, tt.msg)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ expr, want string }{
		{`severity ==`, `column 12: expected a value after "=="`},
		{"severity == High and\n  tactics == X", `line 2, column 3: unknown attribute "tactics"; did you mean "tactic"`},
	} {
		_, err := Parse(tt.expr)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) error = %v, want %s", tt.expr, err, tt.want)
		}
	}
}

func TestSeverityRank(t *testing.T) {
	t.Parallel()
	for i, s := range Severities {
		if SeverityRank(s) != i || SeverityRank(strings.ToUpper(s)) != i {
			t.Errorf("SeverityRank(%q) = %d, want %d", s, SeverityRank(s), i)
		}
	}
	if SeverityRank("Critical") != -1 {
		t.Errorf("SeverityRank(Critical) = %d, want -1", SeverityRank("Critical"))
	}
}

func FuzzParse(f *testing.F) {
	f.Add(`severity >= Medium and tactic == "InitialAccess" and not path ~ "Solutions/Legacy/**"`)
	f.Add(`table in ["SigninLogs", "AuditLogs"] or technique ~ "T1566*"`)
	f.Add(`(a == b or`)
	f.Add(`name == "a\"b`)
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Col < 1 || pe.Line < 1 || pe.Msg == "" {
				t.Fatalf("Parse(%q) error %v is not a positioned *Error", src, err)
			}
			// The column points into the expression, or just past its end.
			lines := strings.Split(src, "\n")
			if pe.Line > len(lines) || pe.Col > len(lines[pe.Line-1])+1 {
				t.Fatalf("Parse(%q) error %v points outside the expression", src, err)
			}
			return
		}
		e.Match(rule) // must not panic
	})
}

func BenchmarkMatch(b *testing.B) {
	e := MustParse(`severity >= Medium and tactic == "InitialAccess" and not path ~ "Solutions/Legacy/**"`)
	for b.Loop() {
		e.Match(rule)
	}
}
