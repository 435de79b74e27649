package kql

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/parse")

// accepted are queries the official parser accepts; each shows a feature
// from GRAMMAR.md §11 or an operator shape.
var accepted = []string{
	"T | where count > 1 | count",
	"T | extend count = 1, ['title'] = 2 | project from = 1, to = 2",
	"T | project-away Col*, *_s, x | project-keep a* | project-rename a = b | project-reorder b asc, a* granny-desc",
	"T | summarize count(), dcount(x) by bin(TimeGenerated, 1h), y",
	"T | summarize by a | summarize (T, S) = arg_max(Timestamp, SHA1) by X",
	"T | summarize hint.strategy=shuffle make_set(x, 100)",
	"T | join kind=leftanti hint.strategy=broadcast (T2 | where a) on $left.A == $right.B, C",
	"T | join kind=inner T2 on x | lookup kind=leftouter T3 on y",
	"union isfuzzy=true withsource=Source (T1 | where a), T2, T*, database('x').T*",
	"T | union kind=outer T2",
	"T | mv-expand kind=array with_itemindex=i x to typeof(string), y limit 10",
	"T | mv-apply x = y to typeof(long) on (summarize max(x) | where a)",
	"T | parse kind=regex flags=Ui Msg with * 'user=' User:string ' ' Port:long *",
	"T | parse-where x with 'a' b",
	"T | parse-kv Msg as (a:string, b:long) with (pair_delimiter=',', kv_delimiter='=')",
	"T | make-series n = count() default = 0 on Timestamp from ago(1d) to now() step 1h by Computer",
	"T | make-series avg(x) on t in range(ago(1d), now(), 1h)",
	"T | evaluate bag_unpack(Props) : (*, a:string)",
	"evaluate hint.distribution=per_node python(typeof(*), code)",
	"datatable(a:string, b:long) ['x', 1, 'y', -2,]",
	"externaldata(a:string) [h@'https://x/y.csv'] with (format='csv', ignoreFirstRecord=true)",
	"range x from 1 to 10 step 1 | top 3 by x desc nulls last",
	"T | top-nested 3 of a with others = 0 by c = count() desc, top-nested of b by max(x)",
	"T | sort by a asc, b | order by c | take 10 | limit 5 | distinct a, b | distinct *",
	"T | as hint.materialized=true X | invoke f(1) | getschema | sample 5 | sample-distinct 3 of a",
	"T | fork (where a) x = (take 1) | facet by a, b with (top 3 by c)",
	"search 'x' | search * has 'y' | search in (T1, T2) a == 1 | search Col:'value'",
	"find in (T1, T2*) where x == 1 project a, b:string, pack(*)",
	"T | serialize n = row_number() | render timechart with (title='x', kind=stacked)",
	"T | partition by x (top 1 by y) | partition hint.strategy=native by a { T | take 1 }",
	"T | scan declare (s:long = 0) with (step a: x > 1 => s = 1;)",
	"print a = 1, b = 'x' | reduce by a with threshold=0.1",
	"let x = 1; let T2 = T | where a; let f = (T:(*), s:string = 'a', n:long = -1) { T | where b == s }; f(T2)",
	"let v = view () { T }; let m = materialize(T | take 1); let e = entity_group [T1, T2]; v",
	"set querytrace; declare query_parameters(a:string = 'x'); T | where b == a",
	"alias database db = cluster('c').database('d'); db.T",
	"T | where a in~ ('x', 'y') and b !in (T2 | project c) and c has_any (L) and d has_all ('a', 'b')",
	"T | where x between (1 .. 10) and y !between(ago(1d)..now())",
	"T | where a !contains_cs 'x' or b matches regex @'\\d+' or c =~ 'y' or d !~ 'z' or e !has 'q'",
	"T | where f == datetime(2024-01-01 10:00:00) and g > timespan(1.02:03:04) and h == guid(74be27de-1e4e-49d9-b579-fe0b331d3642)",
	"T | extend d = dynamic({'a': [1, -2.5, null, true], \"b\": {\"c\": 'x'}}), t = typeof(string), l = long(null)",
	"T | extend a = parse_json(x).a[0]['b'].c, b = x.['k'], c = $left.x, e = todynamic(y).kind, s = 'a' 'b'",
	"T | where * has 'x' | extend a = iff(x, 1, 2) | project f(starttime = ago(1d), eventresult = 'Failure')",
	"T | extend x = toscalar(T2 | count), y = toscalar kind=nooptimization (T3 | count)",
	"T | where a == 1;",
	"let a = 1;\nT",
	".show tables | where x",
	"#connect cluster('x')\nT | take 1",
	"T | where x == ```multi\nline``` and y == h'secret' and z == ~~~a~~~",
	"T\u00a0| where\u200b x == 1",
	"T | project ['Column Name'] = 1, [\"x y\"] = 2",
	"T | extend x = -1 + +2 - - 3",
	"T | where a has 'x' + b",
	"T | make-graph a --> b with n on id | graph-match (x)-[e]->(y) where x.a == 1 project x.a",
	"restrict access to (T, db.T*); T",
	"T | where {Param} == 1 and x == {Other[-1]}",
	"cluster('c').database('d').T | where x",
	"where x == 1 | project [0].a, b = @",
	"T | join x == 1 | project-away",
}

func TestParseAccepted(t *testing.T) {
	for _, src := range accepted {
		if _, errs := Parse(src); len(errs) > 0 {
			l, c := LineCol(src, errs[0].Pos)
			t.Errorf("Parse(%q): %d:%d: %s", src, l, c, errs[0].Msg)
		}
		if d := roundTrip(src); d != "" {
			t.Errorf("round trip of %q: %s", src, d)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		src  string
		line int
		msg  string // substring of the first error
	}{
		{"T | where x ==", 1, "expected an expression after \"==\""},
		{"T\n| where a == b == c", 2, "\"==\" cannot follow \"==\""},
		{"T | where a < b < c", 1, "cannot follow"},
		{"T | project a, b\n\nT2 | take 1", 1, "expected \";\" between statements"},
		{"T | where x;\n| take 1", 2, "expected an expression"},
		{"T | where x ==\n;;", 1, "expected an expression"},
		{"T | frobnicate x", 1, "unknown query operator \"frobnicate\""},
		{"T | where title == 1", 1, "\"title\" is a keyword"},
		{"T | where x.to == 1", 1, "\"to\" is a keyword"},
		{"T | where x == \"C:\\Windows\"", 1, "unknown escape sequence"},
		{"T | where x == 'abc", 1, "not terminated"},
		{"T | where x == datetime (2020-01-01)", 1, ""},
		{"T | where x == ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a", 1, "raw guid"},
		{"T | where x in 'a'", 1, "expected \"(\""},
		{"T | extend x = - -1", 1, ""},
		{"T | join (T2 on x", 1, "expected \")\""},
		{"T | where a /* b */", 1, "expected an expression"},
		{"let f = (a:string) { T | where x == };\nT", 1, "expected an expression"},
		{strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000), 1, "nesting deeper than"},
		{"T | summarize count() by", 1, "expected an expression after \"by\""},
		{"T | take", 1, "expected an expression after \"take\""},
		{"T | sort x", 1, "expected \"by\""},
	}
	for _, tt := range tests {
		_, errs := Parse(tt.src)
		if len(errs) == 0 {
			t.Errorf("Parse(%q) gave no error, want %q", tt.src, tt.msg)
			continue
		}
		l, _ := LineCol(tt.src, errs[0].Pos)
		if l != tt.line || !strings.Contains(errs[0].Msg, tt.msg) {
			t.Errorf("Parse(%q) = line %d %q, want line %d %q", tt.src, l, errs[0].Msg, tt.line, tt.msg)
		}
	}
}

// TestRecovery checks that a broken stage becomes a BadOp and the stages
// after it are still parsed.
func TestRecovery(t *testing.T) {
	src := "T | where a == | extend b = (1 | project c) | where d > 1;\nT2 | take 1"
	s, errs := Parse(src)
	if len(errs) == 0 {
		t.Fatalf("Parse(%q) gave no error", src)
	}
	if len(s.Stmts) != 2 {
		t.Fatalf("Parse(%q) gave %d statements, want 2", src, len(s.Stmts))
	}
	pl := s.Stmts[0].(*QueryStmt).Body.(*Pipeline)
	var kinds []string
	for _, op := range pl.Ops {
		kinds = append(kinds, reflect.TypeOf(op).Elem().Name())
	}
	if got, want := strings.Join(kinds, " "), "BadOp ExtendOp WhereOp"; got != want {
		t.Errorf("stages = %s, want %s", got, want)
	}
	bad := pl.Ops[0].(*BadOp)
	if got := src[bad.From:bad.To]; got != "where a ==" {
		t.Errorf("bad stage text = %q, want %q", got, "where a ==")
	}
	if _, ok := s.Stmts[1].(*QueryStmt).Body.(*Pipeline).Ops[0].(*TakeOp); !ok {
		t.Errorf("second statement not parsed")
	}
}

// TestWalkAllNodes parses the accepted queries and checks that every node
// type is met, so Walk's default panic cannot fire on a parsed tree.
func TestWalkAllNodes(t *testing.T) {
	seen := map[string]bool{}
	for _, src := range append(accepted, "T | where a ==", "let x = ;", "T | bad x", "== 1 | take 1") {
		s, _ := Parse(src)
		for n := range Preorder(s) {
			seen[reflect.TypeOf(n).Elem().Name()] = true
		}
	}
	all := []Node{&Script{}, &Directive{}, &LetStmt{}, &QueryStmt{}, &SetStmt{}, &DeclareStmt{}, &AliasStmt{},
		&RestrictStmt{}, &CommandStmt{}, &BadStmt{}, &Pipeline{}, &FuncLit{}, &Block{}, &Param{}, &TypeRef{},
		&ColumnDecl{}, &DatatableExpr{}, &ExternalDataExpr{}, &Ident{}, &WildName{}, &Literal{}, &DynamicExpr{},
		&JSONArray{}, &JSONObject{}, &BinaryExpr{}, &UnaryExpr{}, &RangeExpr{}, &ListExpr{}, &CallExpr{},
		&MemberExpr{}, &IndexExpr{}, &ParenExpr{}, &BracketExpr{}, &NamedExpr{}, &StarExpr{}, &SortExpr{}, &TypedName{},
		&BadExpr{}, &OpParam{}, &WhereOp{}, &ExtendOp{}, &ProjectOp{}, &ProjectAwayOp{}, &ProjectKeepOp{},
		&ProjectRenameOp{}, &ProjectReorderOp{}, &SummarizeOp{}, &DistinctOp{}, &CountOp{}, &TakeOp{}, &TopOp{},
		&TopNestedOp{}, &TopNestedClause{}, &SortOp{}, &JoinOp{}, &LookupOp{}, &UnionOp{}, &ExpandItem{},
		&MvExpandOp{}, &MvApplyOp{}, &ParseOp{}, &ParseWhereOp{}, &ParseKvOp{}, &SeriesAgg{}, &MakeSeriesOp{},
		&EvaluateOp{}, &SearchOp{}, &FindOp{}, &RenderOp{}, &AsOp{}, &InvokeOp{}, &ForkBranch{}, &ForkOp{},
		&FacetOp{}, &SerializeOp{}, &GetSchemaOp{}, &SampleOp{}, &SampleDistinctOp{}, &PartitionOp{}, &RangeOp{},
		&PrintOp{}, &ReduceOp{}, &GenericOp{}, &BadOp{}}
	for _, n := range all {
		if name := reflect.TypeOf(n).Elem().Name(); !seen[name] {
			t.Errorf("no test query has a %s node", name)
		}
	}
}

// TestGolden compares the JSON tree of each testdata/parse/*.kql file with
// its .golden file; go test -update rewrites them.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/parse/*.kql")
	if len(files) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, errs := Parse(string(src))
		var out bytes.Buffer
		js, _ := MarshalJSON(s)
		json.Indent(&out, js, "", "  ")
		out.WriteString("\n")
		for _, e := range errs {
			l, c := LineCol(string(src), e.Pos)
			out.WriteString(f + ":" + itoa(l) + ":" + itoa(c) + ": " + e.Msg + "\n")
		}
		golden := strings.TrimSuffix(f, ".kql") + ".golden"
		if *update {
			os.WriteFile(golden, out.Bytes(), 0o644)
			continue
		}
		want, _ := os.ReadFile(golden)
		if !bytes.Equal(out.Bytes(), want) {
			t.Errorf("%s: tree differs from %s (go test -update to rewrite)", f, golden)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
