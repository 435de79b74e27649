#!/usr/bin/env bash
# run.sh measures rulecat's KQL parser against its peers in one run, on one
# core, over the shared corpora, and prints the table (see README.md):
#
#   1. go test -run TestCompleteness: share of officially valid queries each Go
#      parser accepts and of officially invalid ones it rejects;
#   2. go test -bench Parse -cpu 1: rulecat and kqlparser side by side, MB/s;
#   3. node official/bench.js: the official parser, same units;
#   4. go run ./report: the tables.
#
# Settings (environment):
#   SHARED     folder holding kql/ and corpus/ (default: shared/ next to the repo)
#   BENCHTIME  go test -benchtime and bench.js -benchtime (default 2s)
#   COUNT      measurements per benchmark; the table shows the median (default 3)
#   WARMUP     bench.js warm-up per corpus before timing (default 2s)
#   KQLPARSER  where github.com/cloudygreybeard/kqlparser comes from: "latest" or
#              another version for the Go module proxy (default latest), a local
#              checkout's directory, or "off"
#   OUT        file that keeps the raw output (default: a temporary file)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
shared=${SHARED:-$here/../../shared}
BENCHTIME=${BENCHTIME:-2s}
COUNT=${COUNT:-3}
WARMUP=${WARMUP:-2s}
KQLPARSER=${KQLPARSER:-latest}
peer=github.com/cloudygreybeard/kqlparser

if ! shared=$(cd "$shared" 2>/dev/null && pwd) || { [ ! -d "$shared/kql" ] && [ ! -d "$shared/corpus" ]; }; then
	echo "run.sh: no shared corpora at ${SHARED:-$here/../../shared} (set SHARED); nothing to measure" >&2
	exit 0
fi
export SHARED=$shared

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${OUT:-$tmp/bench.txt}
: >"$out"
note() { echo "run.sh: $*" >&2; }

# The Go peer is built in only with -tags kqlparser and a go.mod that requires
# it. go.mod itself doesn't (so the bench module builds wherever the peer can't
# be had); a copy of it in $tmp, used through -modfile, does.
goflags=()
cd "$here"
if grep -q "$peer" go.mod; then
	goflags=(-tags=kqlparser)
elif [ "$KQLPARSER" != off ]; then
	cp go.mod "$tmp/go.mod"
	[ -f go.sum ] && cp go.sum "$tmp/go.sum"
	# A relative replace in a -modfile is read against the module's directory.
	ok=1
	if [ -d "$KQLPARSER" ]; then
		dir=$(cd "$KQLPARSER" && pwd)
		go mod edit -modfile="$tmp/go.mod" -require="$peer@v0.0.0" -replace="$peer=$dir" || ok=0
	else
		go get -modfile="$tmp/go.mod" "$peer@$KQLPARSER" >"$tmp/get.log" 2>&1 || ok=0
	fi
	if [ $ok = 1 ]; then
		goflags=(-modfile="$tmp/go.mod" -tags=kqlparser)
		note "kqlparser: $(go list -modfile="$tmp/go.mod" -m -f '{{.Version}}{{with .Replace}} => {{.Path}}{{end}}' "$peer" 2>/dev/null)"
	else
		note "kqlparser: $peer@$KQLPARSER could not be had; its column stays empty:"
		sed 's/^/    /' "$tmp/get.log" >&2 2>/dev/null
	fi
fi

echo "== rulecat bench run, $(date -u +%Y-%m-%dT%H:%MZ), rulecat $(git -C "$here/.." rev-parse --short HEAD 2>/dev/null)$([ -n "$(git -C "$here/.." status --porcelain -- analyze/kql 2>/dev/null)" ] && echo '+uncommitted analyze/kql')" | tee -a "$out"

# 1 and 2: one core for the Go parsers. Each parser gets its own test binary
# run, so one that hangs on a query (the test binary then exits, naming it)
# leaves the other's figures intact.
for p in rulecat kqlparser; do
	GOMAXPROCS=1 go test "${goflags[@]}" -run="^TestCompleteness$/^.*$/^$p\$" -v -count=1 . 2>&1 | tee -a "$out" ||
		note "TestCompleteness failed for $p; see above"
done
for p in rulecat kqlparser; do
	GOMAXPROCS=1 go test "${goflags[@]}" -run='^$' -bench="^BenchmarkParse$/^.*$/^$p\$" -cpu=1 \
		-benchtime="$BENCHTIME" -count="$COUNT" . 2>&1 | tee -a "$out" ||
		note "go test -bench failed for $p; see above"
done

# 3: the official parser under Node (single-threaded JavaScript).
if ! command -v node >/dev/null; then
	note "node not found; the official column stays empty"
else
	if [ ! -f official/node_modules/@kusto/language-service-next/package.json ]; then
		(cd official && npm ci --no-audit --no-fund >&2) || note "npm ci failed in bench/official"
	fi
	node official/bench.js -shared "$shared" -benchtime "$BENCHTIME" -warmup "$WARMUP" -count "$COUNT" 2>&1 | tee -a "$out" ||
		note "official/bench.js failed; see above"
fi

# 4: the tables.
echo
go run ./report <"$out"
[ -n "${OUT:-}" ] && note "raw output kept in $OUT"
exit 0
