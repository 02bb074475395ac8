// Interleaved A/B of two app builds against the plain page: A B plain, A B plain, … in one
// browser, each navigation in a new context (cold cache), every page served by its own
// server instance (same binary, same fixed demo data). For one change at a time: build A,
// copy its dist away, build B, then
//   node bench/ab.mjs DIST_A DIST_B [first,rows1000,expand,slow,fast]
// `slow` and `fast` are the throttled networks of bench/lib/network.mjs: a first and a
// returning visit per page (see throttledVisits in bench/lib/page_metrics.mjs), ~4 s per
// app visit pair on the slow network.
// Environment: SERVER_BIN (default target/server-release/server), PLAIN_DIST (default
// bench/out/plain, as scripts/bench makes it), BENCH_RUNS (default 9). Prints medians
// (p10–p90), each build's ratio to the plain page, and the load average before and after.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../e2e/lib/browser.mjs';
import { bounded, startListening, stopAll } from './lib/procs.mjs';
import { summarize } from './lib/stats.mjs';
import * as pm from './lib/page_metrics.mjs';
import { NETWORKS } from './lib/network.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCENARIOS = ['first', 'rows1000', 'expand', 'clicks', ...Object.keys(NETWORKS)];
const [distA, distB, whichArg = 'first,rows1000'] = process.argv.slice(2);
const which = new Set(whichArg.split(','));
const unknown = [...which].filter((w) => !SCENARIOS.includes(w));
if (!distA || !distB || unknown.length) {
  if (unknown.length) console.error(`ab: unknown scenario ${unknown.join(', ')}`);
  console.error(`usage: node bench/ab.mjs DIST_A DIST_B [${SCENARIOS.join(',')}]`);
  process.exit(2);
}
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const SERVER_BIN = process.env.SERVER_BIN ?? path.join(root, 'target', 'server-release', 'server');
const PLAIN_DIST = process.env.PLAIN_DIST ?? path.join(root, 'bench', 'out', 'plain');
const FIXED = ['--seed', '42', '--now', '2026-11-29T12:00:00Z'];
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
bounded('ab', 30);

const start = (dist) => startListening(SERVER_BIN, ['--listen', '127.0.0.1:0', '--dist', dist, '--demo', ...FIXED], { env: { RUST_LOG: 'warn' } });
const sites = { A: await start(path.resolve(distA)), B: await start(path.resolve(distB)), plain: await start(PLAIN_DIST) };
const loadBefore = load();
const browser = await launch();
const samples = {};
const push = (who, k, v) => { ((samples[who] ??= {})[k] ??= []).push(v); };
try {
  const base = sites.A.url;
  const completed = await (await fetch(`${base}/api/v2/batches?status=COMPLETED&page_size=20`)).json();
  const expect = { completedFirstPage: { id: completed.items[0].id, count: completed.items.length } };
  let target;
  if (which.has('expand')) {
    const all = await (await fetch(`${base}/api/v2/batches?status=COMPLETED&page_size=1000`)).json();
    for (const b of all.items) {
      const full = await (await fetch(`${base}/api/v2/batches/${encodeURIComponent(b.id)}?expand=results`)).json();
      if (full.results?.length === 1000) { target = { id: b.id, created_at: b.created_at, files: 1000 }; break; }
    }
  }
  for (let i = 0; i < RUNS; i++) {
    for (const who of ['A', 'B', 'plain']) {
      const url = sites[who].url;
      if (which.has('first')) {
        const r = await pm.firstLoadAndFilter(browser, url, expect);
        push(who, 'first rows painted', r.firstRowsMs);
        push(who, 'first rows script', r.firstRowsScriptMs);
        push(who, 'list requests on load (list/dup)', `${r.onLoad.list}/${r.onLoad.duplicates}`);
      }
      if (which.has('rows1000')) {
        const r = await pm.thousandRows(browser, url);
        push(who, '1,000 rows painted', r.ms);
        push(who, '1,000 rows script', r.scriptMs);
        push(who, '1,000 rows layout', r.layoutMs);
      }
      if (which.has('clicks') && who !== 'plain') {
        const r = await pm.clicks(browser, url);
        for (const [k, v] of Object.entries(r)) push(who, `1,000 rows: ${k}, script`, v);
      }
      if (target) {
        const r = await pm.expand(browser, url, target);
        push(who, 'expand painted', r.ms);
        push(who, 'expand script', r.scriptMs);
      }
      for (const net of Object.keys(NETWORKS).filter((n) => which.has(n))) {
        const v = await pm.throttledVisits(browser, url, NETWORKS[net]);
        push(who, `${net}: first visit, first rows painted`, v.first.firstRowsMs);
        push(who, `${net}: first visit, KB on the wire`, v.first.transfer.wireBytes / 1000);
        push(who, `${net}: returning visit, first rows painted`, v.returning.firstRowsMs);
        // Says whether the returning figure is a cached one (the plain page has no wasm).
        push(who, `${net}: returning visit, wasm from`, v.returning.transfer.wasm?.source ?? 'no wasm');
      }
    }
    console.error(`run ${i + 1}/${RUNS} done (load ${load()})`);
  }
} finally {
  await browser.close();
  await stopAll();
}
const f = (x) => (typeof x === 'number' ? x.toFixed(0) : x);
console.log(`A = ${distA}\nB = ${distB}\n${RUNS} interleaved runs; load average before ${loadBefore}, after ${load()}`);
console.log('| figure | A | B | plain | A / plain | B / plain | B / A |\n|---|---|---|---|---|---|---|');
for (const k of Object.keys(samples.A)) {
  const s = (who) => samples[who][k];
  if (typeof s('A')[0] !== 'number') {
    console.log(`| ${k} | ${[...new Set(s('A'))].join('; ')} | ${[...new Set(s('B'))].join('; ')} | ${[...new Set(s('plain'))].join('; ')} | | | |`);
    continue;
  }
  const cell = (x) => `${f(x.median)} (${f(x.p10)}–${f(x.p90)})`;
  const [a, b] = ['A', 'B'].map((w) => summarize(s(w)));
  if (!s('plain')) { // app only (clicks)
    console.log(`| ${k} | ${cell(a)} | ${cell(b)} | — | | | ${(b.median / a.median).toFixed(2)}× |`);
    continue;
  }
  const p = summarize(s('plain'));
  console.log(`| ${k} | ${cell(a)} | ${cell(b)} | ${cell(p)} | ${(a.median / p.median).toFixed(2)}× | ${(b.median / p.median).toFixed(2)}× | ${(b.median / a.median).toFixed(2)}× |`);
}
