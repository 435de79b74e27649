package analyze

import (
	"strconv"
	"strings"
	"testing"
)

// outputString renders outputs as "Field:source ..." in Output order, with
// "+" when the list is complete and "?" when it is not.
func outputString(q *QueryAnalysis) string {
	var parts []string
	for _, o := range q.Outputs {
		parts = append(parts, o.Field+":"+o.Source)
	}
	mark := "+"
	if !q.OutputsComplete {
		mark = "?"
	}
	return mark + " " + strings.Join(parts, " ")
}

func TestOutputs(t *testing.T) {
	// dt is a small table whose columns are known without the schema.
	const dt = `datatable(A: string, B: long, C: datetime) ["x", 1, datetime(2024-01-01)]`
	tests := []struct {
		name, src, want string
	}{
		{"datatable", dt, "+ A:datatable B:datatable C:datatable"},
		{"project defines the set", dt + ` | project B, D = A, tostring(C)`, "+ B:project C:project D:project"},
		{"project numbers unnamed expressions", dt + ` | project B + 1, strcat(A, "x")`, "+ Column1:project Column2:project"},
		{"extend adds and replaces", dt + ` | extend D = 1, A = tolower(A)`, "+ A:extend B:datatable C:datatable D:extend"},
		{"extend implicit names", dt + ` | extend tostring(B), bin(C, 1h), P.q`, "+ A:datatable B:extend C:extend P_q:extend"},
		{"project-away with wildcard", dt + ` | project-away A, C*`, "+ B:datatable"},
		{"project-keep", dt + ` | project-keep B`, "+ B:datatable"},
		{"project-rename", dt + ` | project-rename Z = A`, "+ B:datatable C:datatable Z:project-rename"},
		{"project-reorder keeps the set", dt + ` | project-reorder C, A`, "+ A:datatable B:datatable C:datatable"},
		{"summarize implicit names", dt + ` | summarize count(), dcount(A), max(C), countif(B > 1), make_set(A), any(B), stdev(B * 2), percentiles_array(B, 50) by A, bin(C, 1d)`,
			"+ A:summarize C:summarize Column1:summarize any_B:summarize count_:summarize countif_:summarize dcount_A:summarize max_C:summarize set_A:summarize stdev_:summarize"},
		{"summarize named", dt + ` | summarize N = count(), (T, X) = arg_max(C, A) by B`, "+ B:summarize N:summarize T:summarize X:summarize"},
		{"arg_max star expands", dt + ` | summarize arg_max(C, *) by A`, "+ A:summarize B:summarize C:summarize"},
		{"percentile", dt + ` | summarize percentile(B, 95), percentiles(B, 5, 50)`,
			"+ percentile_B_5:summarize percentile_B_50:summarize percentile_B_95:summarize"},
		{"distinct", dt + ` | distinct A, B`, "+ A:distinct B:distinct"},
		{"count", dt + ` | count`, "+ Count:count"},
		{"join suffixes clashes", dt + ` | join kind=inner (datatable(A: string, D: int) ["x", 1]) on A`,
			"+ A:datatable A1:join B:datatable C:datatable D:join"},
		{"leftsemi keeps the left", dt + ` | join kind=leftsemi (datatable(A: string, D: int) ["x", 1]) on A`,
			"+ A:datatable B:datatable C:datatable"},
		{"rightanti keeps the right", dt + ` | join kind=rightanti (datatable(A: string, D: int) ["x", 1]) on A`,
			"+ A:datatable D:datatable"},
		{"lookup drops the key", dt + ` | lookup (datatable(A: string, D: int) ["x", 1]) on A`,
			"+ A:datatable B:datatable C:datatable D:lookup"},
		{"union merges legs", `union (` + dt + `), (datatable(A: string, E: int) ["y", 2])`,
			"+ A:datatable B:datatable C:datatable E:datatable"},
		{"union withsource", `union withsource=Src (` + dt + `)`, "+ A:datatable B:datatable C:datatable Src:union"},
		{"mv-expand", dt + ` | mv-expand X = A, B`, "+ A:datatable B:mv-expand C:datatable X:mv-expand"},
		{"mv-apply", dt + ` | mv-apply E = A on (summarize M = max(E))`, "+ A:datatable B:datatable C:datatable M:mv-apply"},
		{"parse", dt + ` | parse A with "u=" U:string " p=" P:int *`, "+ A:datatable B:datatable C:datatable P:parse U:parse"},
		{"parse-kv", dt + ` | parse-kv A as (K1: string, K2: long) with (pair_delimiter=";")`,
			"+ A:datatable B:datatable C:datatable K1:parse-kv K2:parse-kv"},
		{"make-series", dt + ` | make-series N = count() default = 0 on C from datetime(2024-01-01) to datetime(2024-02-01) step 1d by A`,
			"+ A:make-series C:make-series N:make-series"},
		{"top-nested", dt + ` | top-nested 2 of A by sum(B), top-nested 1 of C by N = max(B)`,
			"+ A:top-nested C:top-nested N:top-nested aggregated_A:top-nested"},
		{"top-hitters", dt + ` | top-hitters 3 of A`, "+ A:top-hitters approximate_count_A:top-hitters"},
		{"table columns", `DnsEvents | project-keep Name, ClientIP`, "+ ClientIP:table Name:table"},
		{"unknown table", `Contoso_CL | extend X = 1`, "? X:extend"},
		{"project makes an unknown table known", `Contoso_CL | project A, B`, "+ A:project B:project"},
		{"plugin", dt + ` | evaluate bag_unpack(A)`, "? A:datatable B:datatable C:datatable"},
		{"let-bound table", "let t = " + dt + ";\nt | project A", "+ A:project"},
		{"function body", "let f = () { " + dt + " };\nf() | extend D = 1", "+ A:datatable B:datatable C:datatable D:extend"},
		{"invoke", "let f = (T:(*), n:long) { T | where B > n | extend D = n };\n" + dt + " | invoke f(1)",
			"+ A:datatable B:datatable C:datatable D:extend"},
		{"print", `print x = 1, "a"`, "+ Column1:print x:print"},
		{"syntax error", dt + ` | where (`, "? A:datatable B:datatable C:datatable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := outputString(analyzeText(t, tt.src)); got != tt.want {
				t.Errorf("outputs of %q\n got %s\nwant %s", tt.src, got, tt.want)
			}
		})
	}
}

func TestStages(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"source and steps", "T\n| where A == 1\n| project A", "1 source; 2 where; 3 project"},
		{"extends merge", "T | extend A = 1 | extend B = 2 | extend C = 3 | where A == 1",
			"1 source; 2 extend (3 consecutive steps); 3 where"},
		{"wheres do not merge", "T | where A == 1 | where B == 2", "1 source; 2 where; 3 where"},
		{"project family merges per operator", "T | project-away A | project-away B | project-rename C = D",
			"1 source; 2 project-away (2 consecutive steps); 3 project-rename"},
		{"join right side", "T | join (U | where B == 1) on K", "1 source; 2 join[1 right[1 source; 2 where]]"},
		{"join with a table name", "T | join U on K", "1 source; 2 join[1 right]"},
		{"union legs", "union (T | where A == 1), U", "1 union[1 leg[1 source; 2 where]; 2 leg]"},
		{"let-bound table as source", "let x = T | where A == 1;\nx | take 1", "1 source[1 source; 2 where]; 2 take"},
		{"let-bound table in a join", "let x = T | where A == 1;\nU | join x on K", "1 source; 2 join[1 right[1 source; 2 where]]"},
		{"in subquery", "T | where A in ((U | project A))", "1 source; 2 where[1 in[1 source; 2 project]]"},
		{"toscalar", "T | extend M = toscalar(U | count)", "1 source; 2 extend[1 toscalar[1 source; 2 count]]"},
		{"mv-apply body", "T | mv-apply x = A on (where x > 1 | take 1)", "1 source; 2 mv-apply[1 mv-apply[1 where; 2 take]]"},
		{"function call is its body", "let f = (n:int) { T | where A > n | project A };\nf(3) | take 1",
			"1 source; 2 where; 3 project; 4 take"},
		{"leading operator", "print x = 1", "1 print"},
	}
	var render func(ss []*Stage) string
	render = func(ss []*Stage) string {
		var parts []string
		for _, s := range ss {
			p := strconv.Itoa(s.Index) + " " + s.Label()
			if len(s.Substages) > 0 {
				p += "[" + render(s.Substages) + "]"
			}
			parts = append(parts, p)
		}
		return strings.Join(parts, "; ")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := render(analyzeText(t, tt.src).Stages); got != tt.want {
				t.Errorf("stages of %q\n got %s\nwant %s", tt.src, got, tt.want)
			}
		})
	}
}

func TestStageText(t *testing.T) {
	src := "let w = 1h;\nT\n| extend A = 1\n// note\n| extend B = 2\n| where A == 1"
	q := analyzeText(t, src)
	if len(q.Parameters) != 1 || q.Parameters[0] != (Parameter{Name: "w", Text: "1h", Line: 1}) {
		t.Errorf("parameters = %+v, want w = 1h on line 1", q.Parameters)
	}
	want := []struct {
		text string
		line int
	}{
		{"T", 2},
		{"| extend A = 1\n// note\n| extend B = 2", 3},
		{"| where A == 1", 6},
	}
	if len(q.Stages) != len(want) {
		t.Fatalf("got %d stages, want %d", len(q.Stages), len(want))
	}
	for i, w := range want {
		if s := q.Stages[i]; s.Text != w.text || s.Line != w.line {
			t.Errorf("stage %d = %q on line %d, want %q on line %d", i+1, s.Text, s.Line, w.text, w.line)
		}
	}
}
