// Package bench measures rulecat's KQL parser (analyze/kql) against its peers
// in one run: the Go parser github.com/cloudygreybeard/kqlparser side by side
// with ours in BenchmarkParse, and the official parser (Kusto.Language under
// Node) in official/bench.js, all over the shared corpora. TestCompleteness
// reports, next to the speed, how much of each corpus each parser gets right.
//
// It is a module of its own, so the main module never depends on a peer.
// run.sh runs everything and prints the table; see README.md.
package bench
