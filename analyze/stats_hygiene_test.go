package analyze

import (
	"slices"
	"testing"

	"github.com/rulecat/rulecat/catalog"
)

func TestPlaceholders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query string
		want  []string
	}{
		{`GetAllAlertsWithIp(datetime('2019-02-05T10:02:51.000'), ("<ipaddress>"))`, []string{`"<ipaddress>"`}},
		{`DeviceFileEvents | where FileOriginUrl == "IP ADDRESS GOES HERE" or FileOriginUrl contains "URL GOES HERE"`,
			[]string{`"IP ADDRESS GOES HERE"`, `"URL GOES HERE"`}},
		{`_GetWatchlist('<Your Watchlist Name>')`, []string{`'<Your Watchlist Name>'`}},
		{`T | where Host in ("<ADFS01>.<DOMAIN>.<COM>")`, []string{`"<ADFS01>.<DOMAIN>.<COM>"`}},
		{`T | where Name == "<YOUR STORAGE ACCOUNT NAME HERE>"`, []string{`"<YOUR STORAGE ACCOUNT NAME HERE>"`}},
		{`T | where Tenant == "your-value" or x == "REPLACE_ME"`, []string{`"your-value"`, `"REPLACE_ME"`}},
		{`T | where IPAddress == <ipaddress>`, []string{`<ipaddress>`}},
		// Not placeholders.
		{`T | where Url contains "<script>"`, nil},
		{`T | where EventData has "<Data Name=\"SubjectUserSid\">"`, nil},
		{`T | extend d = replace_string(Template, "<<<Computer>>>", Computer)`, nil},
		{`T | where a < b and c > d`, nil},
		{`T | extend ip = extract(@"(?P<IPAddress>\d+\.\d+\.\d+\.\d+)", 1, Msg)`, nil},
		{`T | parse-where kind=regex Msg with @"(?<user>\w+)" *`, nil},
		{`T | where Msg == "This is your order?"`, nil},
		{`T | where Html has "<b>bold</b>"`, nil},
		{`// change <ipaddress> below` + "\nT", nil}, // comments are not the query
	}
	for _, tt := range tests {
		r := &catalog.Rule{File: "r.kql", Queries: []catalog.Query{{Text: tt.query, Map: []catalog.Segment{{Off: 0, Line: 3, Col: 1}}}}}
		var got []string
		for _, p := range Placeholders(r) {
			got = append(got, p.Text)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Placeholders(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
	r := &catalog.Rule{File: "r.kql", Queries: []catalog.Query{{Text: `T | where x == "<value>"`, Map: []catalog.Segment{{Off: 0, Line: 3, Col: 5}}}}}
	if p := Placeholders(r); len(p) != 1 || p[0].Line != 3 || p[0].Col != 20 {
		t.Errorf("Placeholders position = %+v, want line 3 column 20", p)
	}
}

func TestExternalDataURLs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query string
		want  []string
	}{
		{`let iocs = externaldata(Ioc:string, Type:string)["https://example.org/iocs.csv"] with (format="csv", ignoreFirstRecord=true);
T | where x in (iocs)`, []string{"https://example.org/iocs.csv"}},
		{`externaldata (a:string) [h@"https://x.blob.core.windows.net/c/a.txt", "https://y/b.txt"]`, []string{"https://x.blob.core.windows.net/c/a.txt", "https://y/b.txt"}},
		{`externaldata with (format="csv") (a:string, b:dynamic) ['https://z/1']`, []string{"https://z/1"}},
		{`T | where externaldata_col == "x"`, nil},
		{`T | take 1`, nil},
	}
	for _, tt := range tests {
		if got := ExternalDataURLs(tt.query); !slices.Equal(got, tt.want) {
			t.Errorf("ExternalDataURLs(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}
