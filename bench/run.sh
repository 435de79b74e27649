#!/usr/bin/env bash
# run.sh measures rulecat's KQL parser against its peers in one run, on one
# core, over the shared corpora, and prints the table (see README.md):
#
#   1. go test -run TestCompleteness: share of officially valid queries each Go
#      parser accepts and of officially invalid ones it rejects;
#   2. go test -bench Parse -cpu 1: rulecat and kqlparser side by side, MB/s;
#   3. node official/bench.js: the official parser, same units;
#      (2 and 3 take turns, COUNT rounds, so load from elsewhere hits all alike)
#   4. go run ./report: the tables.
#
# Settings (environment):
#   SHARED          folder holding kql/ and corpus/ (default: shared/ next to the repo)
#   BENCHTIME       go test -benchtime (default 2s)
#   NODE_BENCHTIME  bench.js -benchtime; one pass of the official parser over a
#                   corpus already takes seconds (default 1x)
#   COUNT           rounds; the tables show the median (default 3)
#   WARMUP          bench.js warm-up per corpus before timing (default 3s)
#   RULECAT_REV     a commit to measure instead of the work tree (e.g. HEAD)
#   KQLPARSER       where github.com/cloudygreybeard/kqlparser comes from: "latest"
#                   or another version for the Go module proxy (default latest), a
#                   local checkout's directory, or "off"
#   OUT             file that keeps the raw output (default: a temporary file)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
shared=${SHARED:-$here/../../shared}
BENCHTIME=${BENCHTIME:-2s}
NODE_BENCHTIME=${NODE_BENCHTIME:-1x}
COUNT=${COUNT:-3}
WARMUP=${WARMUP:-3s}
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

# go test runs with a copy of go.mod, passed with -modfile, when the run
# measures a committed revision of rulecat or adds the Go peer, so go.mod
# itself stays as committed. A relative replace in a -modfile is read against
# the module's directory, like one in go.mod.
goflags=()
modfile=
usemodfile() {
	if [ -z "$modfile" ]; then
		modfile=$tmp/go.mod
		cp go.mod "$modfile"
		[ -f go.sum ] && cp go.sum "$tmp/go.sum"
		goflags+=(-modfile="$modfile")
	fi
}
cd "$here"

# RULECAT_REV: measure that commit (git archive into $tmp) instead of the
# work tree, which other engineers may be editing.
rulecat="work tree at $(git -C .. rev-parse --short HEAD 2>/dev/null)"
[ -n "$(git -C .. status --porcelain -- analyze/kql 2>/dev/null)" ] && rulecat+=" + uncommitted analyze/kql"
if [ -n "${RULECAT_REV:-}" ]; then
	mkdir "$tmp/rulecat"
	if ! git -C .. archive --format=tar "$RULECAT_REV" | tar -x -C "$tmp/rulecat"; then
		note "cannot read revision $RULECAT_REV"
		exit 1
	fi
	usemodfile
	go mod edit -modfile="$modfile" -replace="github.com/rulecat/rulecat=$tmp/rulecat"
	rulecat="commit $(git -C .. rev-parse --short "$RULECAT_REV^{commit}")"
fi

# The Go peer is built in only with -tags kqlparser and a go.mod that requires
# it. go.mod doesn't (so the bench module builds wherever the peer can't be
# had); the copy does.
if grep -q "$peer" go.mod; then
	goflags+=(-tags=kqlparser)
elif [ "$KQLPARSER" != off ]; then
	usemodfile
	ok=1
	if [ -d "$KQLPARSER" ]; then
		dir=$(cd "$KQLPARSER" && pwd)
		go mod edit -modfile="$modfile" -require="$peer@v0.0.0" -replace="$peer=$dir" || ok=0
	else
		go get -modfile="$modfile" "$peer@$KQLPARSER" >"$tmp/get.log" 2>&1 || ok=0
	fi
	if [ $ok = 1 ]; then
		goflags+=(-tags=kqlparser)
		note "kqlparser: $(go list -modfile="$modfile" -m -f '{{.Version}}{{with .Replace}} => {{.Path}}{{end}}' "$peer" 2>/dev/null)"
	else
		note "kqlparser: $peer@$KQLPARSER could not be had; its column stays empty:"
		sed 's/^/    /' "$tmp/get.log" >&2 2>/dev/null
		# Drop what go get may have half-written.
		cp go.mod "$modfile"
		[ -n "${RULECAT_REV:-}" ] && go mod edit -modfile="$modfile" -replace="github.com/rulecat/rulecat=$tmp/rulecat"
	fi
fi

echo "== rulecat bench run, $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null), rulecat: $rulecat" | tee -a "$out"

# 1: completeness, once per Go parser. Each parser gets its own test binary
# run, so one that hangs on a query (the binary then exits, naming it) leaves
# the other's figures intact.
gopeers=(rulecat)
[[ " ${goflags[*]} " == *" -tags=kqlparser "* ]] && gopeers+=(kqlparser)
for p in rulecat kqlparser; do
	GOMAXPROCS=1 go test "${goflags[@]}" -run="^TestCompleteness$/^.*$/^$p\$" -v -count=1 . 2>&1 | tee -a "$out" ||
		note "TestCompleteness failed for $p; see above"
done

# The official parser runs under Node; npm ci only when its package is missing.
official=1
if ! command -v node >/dev/null; then
	note "node not found; the official column stays empty"
	official=0
elif [ ! -f official/node_modules/@kusto/language-service-next/package.json ]; then
	(cd official && npm ci --no-audit --no-fund >&2) || { note "npm ci failed in bench/official"; official=0; }
fi

# 2 and 3: speed, on one core (GOMAXPROCS=1 -cpu=1; Node runs JavaScript on
# one thread). The machine is shared, so the parsers take turns, COUNT rounds
# of one measurement each, and a burst of load from elsewhere hits all of them
# alike instead of one parser's whole series.
for ((round = 1; round <= COUNT; round++)); do
	note "round $round of $COUNT"
	for p in "${gopeers[@]}"; do
		GOMAXPROCS=1 go test "${goflags[@]}" -run='^$' -bench="^BenchmarkParse$/^.*$/^$p\$" -cpu=1 \
			-benchtime="$BENCHTIME" -count=1 . 2>&1 | tee -a "$out" ||
			note "go test -bench failed for $p; see above"
	done
	if [ $official = 1 ]; then
		node official/bench.js -shared "$shared" -benchtime "$NODE_BENCHTIME" -warmup "$WARMUP" -count 1 2>&1 | tee -a "$out" ||
			note "official/bench.js failed; see above"
	fi
done

# 4: the tables.
echo
go run ./report <"$out"
[ -n "${OUT:-}" ] && note "raw output kept in $OUT"
exit 0
