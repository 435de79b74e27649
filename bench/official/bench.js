// bench.js times the official KQL parser (Kusto.Language, the Bridge.NET build
// published as @kusto/language-service-next) on the shared corpora, and prints
// one line per measurement in the format of `go test -bench`, so that the Go
// peers and this parser are read (and post-processed) the same way:
//
//	BenchmarkParse/doc-examples/official  3  1870000000 ns/op  0.43 MB/s  1010 queries/s
//
// One op is one pass over every query of a corpus: KustoCode.Parse plus
// GetSyntaxDiagnostics, the same work the Go benchmarks do (parse, and know
// whether the text has syntax errors). MB/s counts the UTF-8 bytes of the
// queries, 1 MB = 1e6 bytes, as Go's testing package does; cpu-MB/s divides
// them by the process's CPU time instead of the wall time, as
// bench/parse_test.go does, since the machine may be shared.
//
// Usage:
//
//	node bench.js [-shared DIR] [-benchtime 2s|3x] [-warmup 2s] [-count N] [-corpus NAME]
//
// -shared is the folder that holds kql/ and corpus/ (default ../../../shared,
// i.e. the shared folder next to the repository). A corpus whose file is
// missing is skipped with a note on stderr.
'use strict';

const fs = require('fs');
const path = require('path');

// The corpora, in the order and under the names bench/parse_test.go uses.
const corpora = [
  { name: 'doc-examples', file: 'kql/doc-examples.jsonl' },
  { name: 'realworld-hunting', file: 'kql/realworld-hunting.jsonl' },
  { name: 'rule-corpus', file: 'corpus/LABELS.jsonl' },
];

function usage(msg) {
  if (msg) process.stderr.write(`bench.js: ${msg}\n`);
  process.stderr.write('usage: node bench.js [-shared DIR] [-benchtime 2s|3x] [-warmup 2s] [-count N] [-corpus NAME]\n');
  process.exit(2);
}

// parseDuration reads "2s", "500ms" or "3x" (a number of passes, as go test's
// -benchtime does).
function parseDuration(s) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|x)$/.exec(s);
  if (!m) usage(`bad duration ${JSON.stringify(s)}`);
  const v = Number(m[1]);
  switch (m[2]) {
    case 'x': return { passes: Math.max(1, Math.floor(v)) };
    case 'ms': return { ms: v };
    case 's': return { ms: v * 1e3 };
    default: return { ms: v * 60e3 };
  }
}

function parseArgs(argv) {
  const opts = {
    shared: path.join(__dirname, '..', '..', '..', 'shared'),
    benchtime: { ms: 2000 },
    warmup: { ms: 2000 },
    count: 1,
    only: null,
  };
  for (let i = 0; i < argv.length; i++) {
    let [flag, val] = argv[i].replace(/^--?/, '-').split(/=(.*)/s, 2);
    const value = () => {
      if (val !== undefined) return val;
      if (i + 1 >= argv.length) usage(`${flag} needs a value`);
      return argv[++i];
    };
    switch (flag) {
      case '-shared': opts.shared = value(); break;
      case '-benchtime': opts.benchtime = parseDuration(value()); break;
      case '-warmup': opts.warmup = parseDuration(value()); break;
      case '-count': opts.count = Math.max(1, parseInt(value(), 10) || 1); break;
      case '-corpus': opts.only = new RegExp(value()); break;
      case '-h': case '-help': usage(); break;
      default: usage(`unknown flag ${argv[i]}`);
    }
  }
  return opts;
}

function loadKusto() {
  const base = path.join(__dirname, 'node_modules', '@kusto', 'language-service-next');
  // The Bridge.NET runtime expects a global Bridge, then defines global.Kusto.
  global.Bridge = require(path.join(base, 'bridge.js'));
  require(path.join(base, 'Kusto.Language.Bridge.js'));
  return global.Kusto;
}

function loadQueries(file) {
  const queries = [];
  let bytes = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const q = JSON.parse(line).query;
    if (typeof q !== 'string') continue;
    queries.push(q);
    bytes += Buffer.byteLength(q, 'utf8');
  }
  return { queries, bytes };
}

let sink = 0; // keeps the results alive

// pass parses every query once and returns how many have syntax diagnostics,
// so the work cannot be optimized away.
function pass(K, queries) {
  let bad = 0;
  for (const q of queries) {
    const diags = K.Language.KustoCode.Parse(q).GetSyntaxDiagnostics();
    // An empty result is a plain JS array, a non-empty one a .NET ReadOnlyCollection.
    if ((Array.isArray(diags) ? diags.length : diags.Count) > 0) bad++;
  }
  return bad;
}

// warm parses queries, over and over, until the warm-up is spent, so that
// V8 has compiled the parser before timing starts; unlike a timed run it may
// stop in the middle of a pass.
function warm(K, queries, d) {
  const deadline = d.ms !== undefined ? process.hrtime.bigint() + BigInt(Math.round(d.ms * 1e6)) : null;
  for (let p = 0; d.passes === undefined || p < d.passes; p++) {
    for (const q of queries) {
      sink ^= pass(K, [q]);
      if (deadline !== null && process.hrtime.bigint() >= deadline) return;
    }
  }
}

// run repeats whole passes until the duration (or pass count) is reached and
// returns the number of passes, the wall nanoseconds they took, and the CPU
// microseconds the process used meanwhile (all threads: V8's compiler and
// garbage collector threads too).
function run(K, queries, d) {
  let n = 0;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let elapsed = 0n;
  for (;;) {
    sink ^= pass(K, queries);
    n++;
    elapsed = process.hrtime.bigint() - t0;
    if (d.passes !== undefined ? n >= d.passes : Number(elapsed) >= d.ms * 1e6) break;
  }
  const c = process.cpuUsage(c0);
  return { n, ns: Number(elapsed), cpuMicros: c.user + c.system };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const K = loadKusto();
  process.stdout.write(`goos: ${process.platform}\ngoarch: ${process.arch}\npkg: official (node ${process.version}, @kusto/language-service-next ${require('./node_modules/@kusto/language-service-next/package.json').version})\n`);
  let ran = 0;
  for (const c of corpora) {
    if (opts.only && !opts.only.test(c.name)) continue;
    const file = path.join(opts.shared, c.file);
    if (!fs.existsSync(file)) {
      process.stderr.write(`bench.js: skipping ${c.name}: ${file} not found\n`);
      continue;
    }
    const { queries, bytes } = loadQueries(file);
    warm(K, queries, opts.warmup);
    for (let i = 0; i < opts.count; i++) {
      const { n, ns, cpuMicros } = run(K, queries, opts.benchtime);
      const sec = ns / n / 1e9;
      const mbs = bytes / sec / 1e6;
      const qps = queries.length / sec;
      const cpuMBs = bytes * n / (cpuMicros / 1e6) / 1e6;
      const name = `BenchmarkParse/${c.name}/official`;
      process.stdout.write(`${name.padEnd(48)}\t${String(n).padStart(8)}\t${(ns / n).toFixed(0).padStart(12)} ns/op\t` +
        `${mbs.toFixed(2).padStart(7)} MB/s\t${cpuMBs.toFixed(2).padStart(12)} cpu-MB/s\t${qps.toFixed(1).padStart(10)} queries/s\n`);
    }
    ran++;
  }
  process.stdout.write(ran > 0 ? 'PASS\n' : 'no corpus found\n');
}

main();
