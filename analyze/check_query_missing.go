package analyze

import "github.com/rulecat/rulecat/catalog"

func queryMissing() *Check {
	return &Check{
		ID:       "query-missing",
		Severity: catalog.Warning,
		Title:    "markdown page holds no query rulecat recognises",
		Doc: "A markdown page is read as one rule whose queries are its fenced blocks tagged `kql` or `kusto`, " +
			"the untagged fences under a heading that mentions a query, and the fences of a section that says " +
			"\"Language: Kusto\". A page with none of these is a rule with no query: nothing of it is linted or " +
			"analysed, yet it is listed in the catalog, the site and the statistics. It is either not a rule " +
			"(a README that sits among the rules) or a rule whose query is fenced under another language, " +
			"such as ```` ```C# ```` under a \"KQL\" heading.\n\n" +
			"The message names the languages the page's fences are tagged with. Tag the query's fence " +
			"```` ```kql ````, or exclude a page that is not a rule (`exclude:` in `.rulecat.yaml`).",
		Bad:  "# Renamed system binaries\n\n## KQL\n\n~~~C#\nDeviceProcessEvents\n| where FileName =~ \"svch0st.exe\"\n~~~\n",
		Good: "# Renamed system binaries\n\n## KQL\n\n~~~kql\nDeviceProcessEvents\n| where FileName =~ \"svch0st.exe\"\n~~~\n",
		Run:  reportLoaded,
	}
}
