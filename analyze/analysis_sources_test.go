package analyze

import (
	"slices"
	"testing"

	"github.com/rulecat/rulecat/analyze/tables"
	"github.com/rulecat/rulecat/catalog"
)

// Calls of functions the query does not define are sources but not tables:
// "required tables" and the per-table statistics list only real tables.
func TestTablesLeaveOutFunctionCalls(t *testing.T) {
	schema, err := tables.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"_GetWatchlist('HighValue') | join (SigninLogs | where ResultType == 0) on UserPrincipalName", []string{"SigninLogs"}},
		{"_Im_Dns(starttime=ago(1h)) | where DnsQuery has 'x'", nil},
		{"_Im_NetworkSession | where TimeGenerated > ago(5m) | count", nil},
		{"imAuthentication | join (Heartbeat | take 1) on Computer", []string{"Heartbeat"}},
		{"let f = (n:int) { SecurityEvent | take n }; f(5)", []string{"SecurityEvent"}},
		{"union SigninLogs, AADNonInteractiveUserSignInLogs | count", []string{"AADNonInteractiveUserSignInLogs", "SigninLogs"}},
	}
	for _, tt := range tests {
		q := &catalog.Query{Text: tt.query}
		got := AnalyzeQuery(q, schema).Tables
		if !slices.Equal(got, tt.want) && (len(got) != 0 || len(tt.want) != 0) {
			t.Errorf("AnalyzeQuery(%q).Tables = %q, want %q", tt.query, got, tt.want)
		}
	}
}
