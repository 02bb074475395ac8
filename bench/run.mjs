// The benchmark: the Leptos app against the plain-JS reference page, and the server's proxy
// against a direct call. Run by scripts/bench (which builds everything first); writes
// bench/RESULTS.md and bench/out/results.json, and prints the table. The Lighthouse figures
// come from bench/lighthouse.mjs, which scripts/bench runs first (bench/out/lighthouse.json),
// and the operator's soak from bench/soak_abuse.mjs (bench/out/soak_abuse.json), run before it too.
//
// Environment: SERVER_BIN, SERVER_NOTE (why that binary), APP_DIST, PLAIN_DIST,
// BENCH_RUNS (default 20), BENCH_HEAP_RUNS (default 3), BENCH_LOAD_REQUESTS (default 10000),
// BENCH_LOAD_CONCURRENCY (default 32), BENCH_LATENCY_REQUESTS (default 2000),
// BENCH_NET_RUNS (default 8, the throttled-network visits), BENCH_ONLY=network (only those:
// prints their table and writes bench/out/network.json, leaves bench/RESULTS.md alone).
// Everything listens on and talks to 127.0.0.1 only; every loop has a count and a timeout.
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../e2e/lib/browser.mjs';
import { bounded, startListening, stopAll, rss } from './lib/procs.mjs';
import { shippedSizes, KINDS } from './lib/sizes.mjs';
import { summarize } from './lib/stats.mjs';
import * as pm from './lib/page_metrics.mjs';
import { NETWORKS } from './lib/network.mjs';
import { loadRun } from './lib/load_run.mjs';
import { lighthouseReport, lighthouseMarkdown } from './lib/lighthouse_report.mjs';
import { revision, sh } from './lib/revision.mjs';
import { soakMarkdown } from './lib/soak_report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'out');
mkdirSync(out, { recursive: true });
const env = process.env;
const RUNS = Number(env.BENCH_RUNS ?? 20);
const HEAP_RUNS = Number(env.BENCH_HEAP_RUNS ?? 3);
const LOAD_REQUESTS = Number(env.BENCH_LOAD_REQUESTS ?? 10000);
const LOAD_CONCURRENCY = Number(env.BENCH_LOAD_CONCURRENCY ?? 32);
const LATENCY_REQUESTS = Number(env.BENCH_LATENCY_REQUESTS ?? 2000);
// One throttled-network run (a first and a returning visit of each page on each network, each
// visit with a 1 s settle) took ~23 s on the 2 shared cores at load average 12, the app's first
// visit on the slow network ~3 s of it (366 KB of brotli wasm at 200 KB/s): 8 runs add ~3
// minutes, well inside the run's 40-minute limit and under the ~5 minutes it may add.
const NET_RUNS = Number(env.BENCH_NET_RUNS ?? 8);
const ONLY = env.BENCH_ONLY ?? '';
if (ONLY && ONLY !== 'network') {
  console.error(`bench: BENCH_ONLY=${ONLY} is not a part that runs alone; the one there is: BENCH_ONLY=network`);
  process.exit(2);
}
const SERVER_BIN = env.SERVER_BIN ?? path.join(root, 'target', 'server-release', 'server');
const APP_DIST = env.APP_DIST ?? path.join(out, 'dist');
const PLAIN_DIST = env.PLAIN_DIST ?? path.join(out, 'plain');
// The same release build with wasm function names kept, for the CPU profiles only.
const NAMED_DIST = env.NAMED_DIST ?? path.join(out, 'dist-named');
const FIXED = ['--seed', '42', '--now', '2026-11-29T12:00:00Z'];
const KB = 1000; // sizes in KB of 1,000 bytes, as the budget is stated

// The whole run is bounded: give up (and stop every child) after 40 minutes.
const deadline = bounded('bench', 40);

const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

function machine() {
  const cpuModel = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model;
  return {
    date: new Date().toISOString(),
    ...revision(root),
    nproc: sh('nproc', []) || String(os.cpus().length),
    cpuModel,
    memGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    loadAvgAtStart: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    node: process.version,
    rustc: sh('rustc', ['--version']),
  };
}

const serverArgs = (dist) => ['--listen', '127.0.0.1:0', '--dist', dist, '--demo', ...FIXED];
const serverEnv = { RUST_LOG: 'warn' };

async function getJson(base, p) {
  const r = await fetch(base + p, { signal: AbortSignal.timeout(10000) });
  if (!r.ok) throw new Error(`GET ${p}: ${r.status}`);
  return r.json();
}

/** The first COMPLETED batch with 1,000 files (demo data: batch index i % 97 == 5). */
async function findThousandFileBatch(base) {
  const completed = await getJson(base, '/api/v2/batches?status=COMPLETED&page_size=1000');
  let tried = 0;
  for (const b of completed.items.slice(0, 1000)) {
    tried++;
    const full = await getJson(base, `/api/v2/batches/${encodeURIComponent(b.id)}?expand=results`);
    if (full.results?.length === 1000) return { id: b.id, created_at: b.created_at, files: 1000, tried };
  }
  throw new Error(`no COMPLETED batch with 1,000 files among the first ${tried}`);
}

// ---- browser ---------------------------------------------------------------------------

async function browserBench(app, plain, named) {
  const completed = await getJson(app.url, '/api/v2/batches?status=COMPLETED&page_size=20');
  const expect = { completedFirstPage: { id: completed.items[0].id, count: completed.items.length } };
  const target = await findThousandFileBatch(app.url);
  log(`1,000-file batch: ${target.id} (checked ${target.tried} candidates)`);
  const browser = await launch();
  const chromium = browser.version();
  const sites = { app: app.url, plain: plain.url };
  const r = { app: {}, plain: {} };
  const push = (who, key, v) => { (r[who][key] ??= []).push(v); };
  const errors = { app: new Set(), plain: new Set() };
  try {
    for (let i = 0; i < RUNS; i++) {
      for (const who of ['app', 'plain']) { // interleaved: A B A B …
        const base = sites[who];
        const load = await pm.firstLoadAndFilter(browser, base, expect);
        push(who, 'firstRows', load.firstRowsMs);
        push(who, 'firstRowsScript', load.firstRowsScriptMs);
        push(who, 'filter', load.filterMs);
        push(who, 'reqLoad', load.onLoad);
        push(who, 'reqFilter', load.onFilter);
        load.errors.forEach((e) => errors[who].add(e));
      }
      for (const who of ['app', 'plain']) push(who, 'interactive', await pm.interactive(browser, sites[who]));
      for (const who of ['app', 'plain']) {
        const t = await pm.thousandRows(browser, sites[who]);
        push(who, 'rows1000', t.ms);
        push(who, 'rows1000Script', t.scriptMs);
        push(who, 'rows1000Layout', t.layoutMs);
      }
      for (const who of ['app', 'plain']) {
        const e = await pm.expand(browser, sites[who], target);
        push(who, 'expand', e.ms);
        push(who, 'expandScript', e.scriptMs);
        push(who, 'expandLayout', e.layoutMs);
      }
      // Issue 22: one click (or a refresh changing one batch) touches one row.
      for (const [k, v] of Object.entries(await pm.clicks(browser, sites.app))) push('app', `click.${k}`, v);
      log(`browser run ${i + 1}/${RUNS}: first rows app ${r.app.firstRows.at(-1).toFixed(0)} ms, plain ${r.plain.firstRows.at(-1).toFixed(0)} ms`);
    }
    const network = await networkBench(browser, sites);
    for (let i = 0; i < HEAP_RUNS; i++) {
      for (const who of ['app', 'plain']) {
        const f = await pm.flips(browser, sites[who]);
        push(who, 'heap', f);
        f.errors.forEach((e) => errors[who].add(e));
      }
      log(`page-flip run ${i + 1}/${HEAP_RUNS} done`);
    }
    // One sampled CPU profile of each heavy action, to see where the time goes; the app's
    // from the build that keeps wasm function names, when there is one.
    const profiles = { named: !!named };
    const profSites = { app: named?.url ?? app.url, plain: plain.url };
    for (const who of ['app', 'plain']) {
      const site = profSites[who];
      profiles[who] = {
        firstRows: await pm.profile(browser, site, {
          run: async (page) => {
            await page.goto(`${site}/`, { waitUntil: 'commit' });
            await page.evaluate(() => window.__bench.rowsPainted);
          },
        }),
        rows1000: await pm.profile(browser, site, {
          waitRows: 1000,
          run: async (page) => {
            await page.goto(`${site}/?page_size=1000`, { waitUntil: 'commit' });
            await page.evaluate(() => window.__bench.rowsPainted);
          },
        }),
        expand: await pm.profile(browser, sites[who], {
          before: async (page) => {
            await page.goto(`${site}/?status=COMPLETED&created_at_on_or_before=${encodeURIComponent(target.created_at)}&page_size=20`, { waitUntil: 'commit' });
            await page.evaluate(() => window.__bench.rowsPainted);
            await page.waitForTimeout(400);
          },
          run: (page) => page.evaluate(async ({ id, files }) => {
            document.querySelector(`button[aria-label="Files of ${id}"]`).click();
            await window.__bench.waitPainted(() => window.__bench.fileRows(id, files));
          }, target),
        }),
      };
    }
    log('profiles done');
    return { chromium, target, samples: r, network, profiles, errors: { app: [...errors.app], plain: [...errors.plain] } };
  } finally {
    await browser.close();
  }
}

// ---- throttled network -----------------------------------------------------------------

/**
 * Issue 14 point 7: first and returning visits (see pm.throttledVisits) of each page on each
 * of NETWORKS, app and plain interleaved, NET_RUNS times. Each visit keeps its first-rows
 * time, its list requests and what its responses cost (network or cache, encoding, bytes).
 */
async function networkBench(browser, sites) {
  const samples = { app: {}, plain: {} };
  const errors = { app: new Set(), plain: new Set() };
  const started = Date.now();
  for (let i = 0; i < NET_RUNS; i++) {
    for (const net of Object.keys(NETWORKS)) {
      for (const who of ['app', 'plain']) { // interleaved: A B per network
        const v = await pm.throttledVisits(browser, sites[who], NETWORKS[net]);
        for (const visit of ['first', 'returning']) {
          ((samples[who][net] ??= {})[visit] ??= []).push({ ms: v[visit].firstRowsMs, requests: v[visit].onLoad, transfer: v[visit].transfer });
          v[visit].errors.forEach((e) => errors[who].add(e));
        }
      }
    }
    const last = (who, net, visit) => samples[who][net][visit].at(-1).ms.toFixed(0);
    log(`network run ${i + 1}/${NET_RUNS}: slow first app ${last('app', 'slow', 'first')} / plain ${last('plain', 'slow', 'first')} ms, returning ${last('app', 'slow', 'returning')} / ${last('plain', 'slow', 'returning')} ms`);
  }
  const networks = Object.fromEntries(Object.entries(NETWORKS).map(([k, n]) => [k, n.label]));
  return { runs: NET_RUNS, seconds: Math.round((Date.now() - started) / 1000), networks, samples, errors: { app: [...errors.app], plain: [...errors.plain] } };
}

// ---- server --------------------------------------------------------------------------

async function serverBench(app) {
  const pageFile = path.join(out, 'upstream-page.json');
  writeFileSync(pageFile, JSON.stringify(await getJson(app.url, '/api/v2/batches?page_size=20')));
  const upstream = await startListening(process.execPath, [path.join(root, 'bench', 'upstream.mjs'), pageFile]);
  let proxy;
  let mode = 'proxy';
  let note = '';
  try {
    proxy = await startListening(SERVER_BIN, ['--listen', '127.0.0.1:0', '--dist', APP_DIST, '--upstream', upstream.url], {
      env: { ...serverEnv, LLAMA_CLOUD_API_KEY: 'llx-bench' },
    });
    const probe = await fetch(`${proxy.url}/api/v2/batches?page_size=20`, { signal: AbortSignal.timeout(10000) });
    if (probe.status !== 200) throw new Error(`proxy answered ${probe.status}`);
    await probe.arrayBuffer();
  } catch (e) {
    mode = 'demo';
    note = `proxy mode unavailable (${e.message.split('\n')[0]}): measured the demo server's own /api/v2/batches instead`;
    await proxy?.stop();
    proxy = await startListening(SERVER_BIN, serverArgs(APP_DIST), { env: serverEnv });
  }
  log(`server bench: ${mode} mode, upstream ${upstream.url}, server ${proxy.url}`);
  const q = '/api/v2/batches?page_size=20';
  const rssBefore = rss(proxy.pid);
  const latency = { direct: [], proxied: [] };
  // Unloaded latency: one request at a time, interleaved rounds.
  for (let round = 0; round < 3; round++) {
    latency.direct.push(await loadRun(upstream.url + q, LATENCY_REQUESTS, 1, 200));
    latency.proxied.push(await loadRun(proxy.url + q, LATENCY_REQUESTS, 1, 200));
  }
  // Throughput under load.
  const load = { direct: [], proxied: [] };
  for (let round = 0; round < 2; round++) {
    load.direct.push(await loadRun(upstream.url + q, LOAD_REQUESTS, LOAD_CONCURRENCY, 500));
    load.proxied.push(await loadRun(proxy.url + q, LOAD_REQUESTS, LOAD_CONCURRENCY, 500));
  }
  const rssAfter = rss(proxy.pid);
  // For reference: the demo server answering the same list itself.
  const demo = await loadRun(app.url + q, LOAD_REQUESTS, LOAD_CONCURRENCY, 500);
  await proxy.stop();
  await upstream.stop();
  return { mode, note, latency, load, demo, rssBefore, rssAfter, bodyBytes: readFileSync(pageFile).length };
}

// ---- report --------------------------------------------------------------------------

const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : '—');
const kb = (bytes) => `${fmt(bytes / KB, 1)} KB`;
const spread = (s, d = 0, unit = ' ms') => `${fmt(s.median, d)}${unit} (${fmt(s.p10, d)}–${fmt(s.p90, d)})`;
const med = (xs) => summarize(xs).median;
const mdTable = (head, body) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');

// ---- report: throttled network ---------------------------------------------------------

/** Issue 14's goals for the throttled visits, as ratios app / plain; the others are informative. */
const NETWORK_BUDGETS = { 'slow first': 3.5, 'slow returning': 1.2, 'fast returning': 1.2 };

/** "from the disk cache: 8/8" — where a page's wasm came from, over the runs of one visit kind. */
function wasmSources(visits) {
  const counts = new Map();
  for (const v of visits) {
    const w = v.transfer.wasm;
    const key = !w ? 'no wasm'
      : w.source === 'network' ? `network, ${w.encoding}, ${kb(w.wireBytes)} (Accept-Encoding: ${w.acceptEncoding ?? '?'})`
        : w.source;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k}: ${n}/${visits.length}`).join('; ');
}

/** Responses per visit by where they came from, averaged over the runs: "network 12, disk cache 5". */
function responseSources(visits) {
  const total = {};
  for (const v of visits) for (const [k, n] of Object.entries(v.transfer.sources)) total[k] = (total[k] ?? 0) + n;
  return Object.entries(total).map(([k, n]) => `${k} ${fmt(n / visits.length, 1)}`).join(', ');
}

/**
 * The throttled-network rows (first rows painted per network and visit, with the issue's
 * budgets) and what came over the wire, which says whether the returning figures are what
 * they claim: the wasm from the HTTP cache, the first visit's wasm as brotli.
 */
function networkReport(nb, budget) {
  const rows = [];
  const wire = [];
  const visits = (who, net, visit) => nb.samples[who][net][visit];
  for (const net of Object.keys(nb.networks)) {
    for (const visit of ['first', 'returning']) {
      const [a, p] = ['app', 'plain'].map((who) => summarize(visits(who, net, visit).map((x) => x.ms)));
      const r = a.median / p.median;
      const limit = NETWORK_BUDGETS[`${net} ${visit}`];
      rows.push([`**${net}**, ${visit} visit → first rows painted`, spread(a), spread(p), `${fmt(r, 2)}×`,
        limit ? budget(`${net} network, ${visit} visit: first rows ≤ ${limit}× plain`, r <= limit, `≤ ${limit}×: ${r <= limit ? 'holds' : `misses (${fmt(r, 2)}×)`}`) : 'informative']);
      const bytes = (who) => kb(med(visits(who, net, visit).map((x) => x.transfer.wireBytes)));
      const lists = (who) => [...new Set(visits(who, net, visit).map((x) => `${x.requests.list} list, ${x.requests.duplicates} dup`))].join(' / ');
      wire.push([`${net}, ${visit} visit`, bytes('app'), bytes('plain'), wasmSources(visits('app', net, visit)),
        `${responseSources(visits('app', net, visit))} / ${responseSources(visits('plain', net, visit))}`, `${lists('app')} / ${lists('plain')}`]);
    }
    const back = visits('app', net, 'returning');
    const cached = back.filter((x) => x.transfer.wasm && x.transfer.wasm.source !== 'network').length;
    budget(`${net} network, returning visit: the wasm comes from the HTTP cache`, cached === back.length, `${cached}/${back.length} returning visits`);
  }
  return { rows, wire };
}

function networkMarkdown(nb, nr) {
  const conditions = Object.entries(nb.networks).map(([k, label]) => `**${k}** = ${label}`).join('; ');
  const errors = nb.errors.app.length || nb.errors.plain.length ? `\n**Page errors seen:** app: ${JSON.stringify(nb.errors.app)}; plain: ${JSON.stringify(nb.errors.plain)}\n` : '';
  return `## Throttled network: first and returning visits (issue 14 point 7)

Chromium's own request-level throttling (CDP \`Network.emulateNetworkConditions\`, set on the tab's CDP session
before its navigation, so index.html is throttled too; it models no TCP handshake or slow start, see
\`bench/lib/network.mjs\`): ${conditions}. **First visit**: a new browser context (empty HTTP cache).
**Returning visit**: a new tab in the same context, after the first visit and a 1 s settle: hashed assets (sent
\`immutable\`) come from its HTTP cache, index.html (sent without validators) and the API over the network again.
"First rows painted" as above (navigation → the first frame showing the table's rows, painted). ${nb.runs} runs, app and
plain interleaved per network, each page served by its own server as above; median (p10–p90); this part took ${nb.seconds} s.

${mdTable(['figure', 'app (Leptos)', 'plain JS', 'app / plain', 'budget (issue 14)'], nr.rows)}

What came over the wire (bytes: median per visit, all responses including the API's; sources: responses per visit):

${mdTable(['visit', 'app: bytes on the wire', 'plain: bytes on the wire', "app's wasm came from", 'responses by source (app / plain)', 'list requests on load (app / plain)'], nr.wire)}
${errors}`;
}


function report(m, sizes, b, srv, lh) {
  const LOAD_REQUESTS = srv.load.direct[0].requests;
  const LOAD_CONCURRENCY = srv.load.direct[0].concurrency;
  const rows = [];
  const verdicts = [];
  const budget = (name, holds, detail) => { verdicts.push({ name, holds, detail }); return holds ? `✅ ${detail}` : `❌ ${detail}`; };
  const S = (who, k) => summarize(b.samples[who][k]);
  const ratio = (k) => S('app', k).median / S('plain', k).median;

  // 1. sizes
  for (const k of KINDS) {
    const a = sizes.app.byKind[k];
    const p = sizes.plain.byKind[k];
    rows.push([`shipped ${k} (raw / gzip -9 / brotli 11)`, `${kb(a.raw)} / ${kb(a.gzip)} / ${kb(a.brotli)}`, p.raw ? `${kb(p.raw)} / ${kb(p.gzip)} / ${kb(p.brotli)}` : 'none', p.gzip ? `${fmt(a.gzip / p.gzip, 1)}× gzip` : '—', '']);
  }
  // Issue 14's budgets: 280 KB gzip, 220 KB brotli.
  const within = (got, limit, what) => `≤ ${limit} KB ${what}: ${got <= limit * KB ? 'holds' : `misses by ${kb(got - limit * KB)}`}`;
  const { gzip, brotli } = sizes.app.assets;
  rows.push(['**shipped wasm + js + css, gzip -9**', `**${kb(gzip)}** (brotli ${kb(brotli)})`, `${kb(sizes.plain.assets.gzip)}`, `${fmt(gzip / sizes.plain.assets.gzip, 0)}×`,
    `${budget('shipped ≤ 280 KB gzip', gzip <= 280 * KB, within(gzip, 280, 'gzip'))}; ${budget('shipped ≤ 220 KB brotli', brotli <= 220 * KB, within(brotli, 220, 'brotli'))}`]);

  // 2–5. timings
  const timing = (label, k, limit, budgetName) => {
    const r = ratio(k);
    rows.push([label, spread(S('app', k)), spread(S('plain', k)), `${fmt(r, 2)}×`,
      limit ? budget(budgetName, r <= limit, `≤ ${limit}×: ${r <= limit ? 'holds' : `misses (${fmt(r, 2)}×)`}`) : 'informative']);
  };
  timing('navigation → first rows painted (cold)', 'firstRows', 1.2, 'first rows ≤ 1.2× plain');
  timing('  main-thread script until then', 'firstRowsScript', 0, '');
  timing('navigation → interactive (Status select answers)', 'interactive', 0, '');
  timing('filter change → new rows painted', 'filter', 1.2, 'filter change ≤ 1.2× plain');
  timing('1,000-row page (`?page_size=1000`) → painted (cold)', 'rows1000', 1.2, '1,000-row page ≤ 1.2× plain');
  const rs = S('app', 'rows1000Script');
  rows.push(['  main-thread script until then', spread(rs), spread(S('plain', 'rows1000Script')), `${fmt(ratio('rows1000Script'), 2)}×`,
    budget('1,000-row page ≤ 150 ms script', rs.median <= 150, `≤ 150 ms: ${rs.median <= 150 ? 'holds' : `misses by ${fmt(rs.median - 150, 0)} ms`}`)]);
  timing('  layout until then', 'rows1000Layout', 0, '');
  timing('expand a 1,000-file batch → nested rows painted', 'expand', 0, '');
  const es = S('app', 'expandScript');
  rows.push(['  main-thread script for the expand', spread(es, 1), spread(S('plain', 'expandScript'), 1), `${fmt(ratio('expandScript'), 1)}×`,
    budget('expand ≤ 100 ms script', es.median <= 100, `≤ 100 ms: ${es.median <= 100 ? 'holds' : `misses by ${fmt(es.median - 100, 1)} ms`}`)]);
  timing('  layout during the expand', 'expandLayout', 0, '');
  // Issue 22: on the 1,000-row page one click costs one row's work (plain page: no such controls).
  for (const [k, label] of [['open', 'open a row (files held back)'], ['close', 'close it'], ['copy', 'Copy'], ['watch', 'Watch'], ['refresh', 'an auto-refresh changing one batch']]) {
    const c = S('app', `click.${k}`);
    rows.push([`1,000-row page: ${label}, main-thread script`, spread(c, 1), '—', '',
      budget(`one click ≤ 16 ms script (${k})`, c.median <= 16, `≤ 16 ms: ${c.median <= 16 ? 'holds' : `misses by ${fmt(c.median - 16, 1)} ms`}`)]);
  }

  // 6. heap
  const heap = (who) => b.samples[who].heap;
  const h = (who, when, f) => med(heap(who).map((x) => f(x[when])));
  const js = (x) => x.jsUsed;
  const all = (x) => x.jsUsed + x.wasmMemory;
  for (const [label, f] of [['JS heap after GC', js], ['JS heap + wasm memory', all]]) {
    for (const when of ['after10', 'after200']) {
      rows.push([`${label}, ${when === 'after10' ? 'after 10' : 'after 200'} page flips`, kb(h('app', when, f)), kb(h('plain', when, f)), `${fmt(h('app', when, f) / h('plain', when, f), 2)}×`, '']);
    }
    const growth = (who) => h(who, 'after200', f) / h(who, 'after10', f);
    rows.push([`  growth 10 → 200 flips (${label})`, `${fmt(growth('app'), 3)}×`, `${fmt(growth('plain'), 3)}×`, '',
      budget(`heap growth ≤ 1.1× (${label})`, growth('app') <= 1.1, `≤ 1.1×: ${growth('app') <= 1.1 ? 'holds' : 'misses'}`)]);
  }
  rows.push(['DOM nodes after 10 / 200 flips', `${fmt(h('app', 'after10', (x) => x.nodes))} / ${fmt(h('app', 'after200', (x) => x.nodes))}`,
    `${fmt(h('plain', 'after10', (x) => x.nodes))} / ${fmt(h('plain', 'after200', (x) => x.nodes))}`, '', '']);
  rows.push(['time per page flip (click → rows painted)', `${fmt(med(heap('app').map((x) => x.flipMs)), 1)} ms`, `${fmt(med(heap('plain').map((x) => x.flipMs)), 1)} ms`,
    `${fmt(med(heap('app').map((x) => x.flipMs)) / med(heap('plain').map((x) => x.flipMs)), 2)}×`, 'informative']);

  // 7. requests
  const reqs = (who, k) => b.samples[who][k];
  const describe = (list) => {
    const l = [...new Set(list.map((x) => x.list))].join('/');
    const c = [...new Set(list.map((x) => x.count))].join('/');
    const d = list.reduce((a, x) => a + x.duplicates, 0);
    return `${l} list${c !== '0' ? ` + ${c} count` : ''}, ${d} dup`;
  };
  const flipReqs = (who) => heap(who).map((x) => ({ list: x.requests.list / x.flips, count: x.requests.count / x.flips, duplicates: x.requests.duplicates }));
  const exactlyOne = (list) => list.every((x) => x.list === 1 && x.duplicates === 0);
  rows.push(['list requests on first load', describe(reqs('app', 'reqLoad')), describe(reqs('plain', 'reqLoad')), '',
    budget('one list request on load, no duplicates', exactlyOne(reqs('app', 'reqLoad')), `exactly 1, no duplicates: ${exactlyOne(reqs('app', 'reqLoad')) ? 'holds' : 'misses'}`)]);
  rows.push(['list requests per filter change', describe(reqs('app', 'reqFilter')), describe(reqs('plain', 'reqFilter')), '',
    budget('one list request per filter change', exactlyOne(reqs('app', 'reqFilter')), `exactly 1: ${exactlyOne(reqs('app', 'reqFilter')) ? 'holds' : 'misses'}`)]);
  rows.push(['list requests per page flip', describe(flipReqs('app')), describe(flipReqs('plain')), '',
    budget('one list request per page flip', exactlyOne(flipReqs('app')), `exactly 1: ${exactlyOne(flipReqs('app')) ? 'holds' : 'misses'}`)]);

  // 8. server
  const lat = (k, q) => med(srv.latency[k].map((x) => x[q]));
  const thr = (k, q) => med(srv.load[k].map((x) => x[q]));
  const added = lat('proxied', 'p50') - lat('direct', 'p50');
  const viaLabel = srv.mode === 'proxy' ? 'through `server --upstream`' : 'demo server itself (proxy unavailable)';
  const srows = [
    ['latency, 1 request at a time: p50 / p99', `${fmt(lat('proxied', 'p50'), 3)} / ${fmt(lat('proxied', 'p99'), 3)} ms`, `${fmt(lat('direct', 'p50'), 3)} / ${fmt(lat('direct', 'p99'), 3)} ms`,
      budget('proxy adds ≤ 0.2 ms at the median', added <= 0.2, `adds ${fmt(added, 3)} ms at p50 (≤ 0.2 ms: ${added <= 0.2 ? 'holds' : 'misses'})`)],
    [`throughput, ${fmt(LOAD_REQUESTS)} requests × ${LOAD_CONCURRENCY} connections`, `${fmt(thr('proxied', 'rps'))} req/s`, `${fmt(thr('direct', 'rps'))} req/s`,
      budget('proxy throughput ≥ 0.9× direct', thr('proxied', 'rps') / thr('direct', 'rps') >= 0.9, `${fmt(thr('proxied', 'rps') / thr('direct', 'rps'), 2)}× (≥ 0.9×: ${thr('proxied', 'rps') / thr('direct', 'rps') >= 0.9 ? 'holds' : 'misses'})`)],
    ['latency under that load: p50 / p99', `${fmt(thr('proxied', 'p50'), 2)} / ${fmt(thr('proxied', 'p99'), 2)} ms`, `${fmt(thr('direct', 'p50'), 2)} / ${fmt(thr('direct', 'p99'), 2)} ms`, `adds ${fmt(thr('proxied', 'p50') - thr('direct', 'p50'), 2)} ms at p50`],
    ['errors', `${srv.load.proxied.reduce((a, x) => a + x.errors, 0) + srv.latency.proxied.reduce((a, x) => a + x.errors, 0)}`, `${srv.load.direct.reduce((a, x) => a + x.errors, 0) + srv.latency.direct.reduce((a, x) => a + x.errors, 0)}`, ''],
    ['server RSS before → after (peak)', `${fmt(srv.rssBefore.rssKiB / 1024, 1)} → ${fmt(srv.rssAfter.rssKiB / 1024, 1)} MiB (${fmt(srv.rssAfter.hwmKiB / 1024, 1)})`, '—', ''],
    [`demo server answering the list itself, same load`, `${fmt(srv.demo.rps)} req/s, p50 ${fmt(srv.demo.p50, 2)} / p99 ${fmt(srv.demo.p99, 2)} ms`, '—', 'informative'],
  ];
  verdicts.push({ name: 'note', holds: true, detail: srv.note });
  const network = b.network ? networkReport(b.network, budget) : null;
  const lighthouse = lh ? lighthouseReport(lh, budget) : null;
  return { rows, srows, verdicts, viaLabel, added, network, lighthouse };
}

function markdown(m, sizes, b, srv, lh, rep, soak) {
  const RUNS = b.samples.app.firstRows.length;
  const HEAP_RUNS = b.samples.app.heap.length;
  const LOAD_REQUESTS = srv.load.direct[0].requests;
  const LOAD_CONCURRENCY = srv.load.direct[0].concurrency;
  const LATENCY_REQUESTS = srv.latency.direct[0].requests;
  const serverBin = m.env?.SERVER_BIN ?? path.relative(root, SERVER_BIN);
  const t = mdTable;
  const holds = rep.verdicts.filter((v) => v.name !== 'note');
  const profile = (who, k) => t(['where (self time)', 'ms'], b.profiles[who][k].where.map(([w, ms]) => [w, fmt(ms, 1)]));
  const topFns = (who, k) => t(['function (self time)', 'ms'], b.profiles[who][k].functions.filter(([w]) => !/^\((program|idle)\)/.test(w)).slice(0, 15).map(([w, ms]) => [`\`${w.replace(/\|/g, '\\|').slice(0, 140)}\``, fmt(ms, 1)]));
  const include = (f) => (existsSync(path.join(root, 'bench', f)) ? `\n${readFileSync(path.join(root, 'bench', f), 'utf8').trim()}\n` : '');
  return `# Benchmark results: the Leptos app against a plain-JS page

Generated by \`scripts/bench\` on ${m.date} — commit \`${m.commit}\`${m.dirtyFiles ? ` plus ${m.dirtyFiles} uncommitted tracked file(s) in the working tree (other work in progress)` : ''}.
Machine: ${m.nproc} cores, ${m.cpuModel}, ${m.memGiB} GiB; ${b.chromium ? `Chromium ${b.chromium}` : ''} (headless, playwright-core); node ${m.node}; ${m.rustc}. Load average at start: ${m.loadAvgAtStart}
${Number(String(m.loadAvgAtStart).split(' ')[0]) > 2 ? '(the machine was busy at the start of the run: timings are noisy, ratios between the interleaved pages are the figures to read).' : '(absolute times depend on the machine: ratios between the interleaved pages are the figures to read).'}

Both pages are served by the dashboard's server (\`${serverBin}\`${m.env?.SERVER_NOTE ? `; ${m.env.SERVER_NOTE}` : ''}) in demo mode with fixed data
(\`--seed 42 --now 2026-11-29T12:00:00Z\`), one instance per page, on 127.0.0.1. The plain-JS page is \`bench/plain/\`
(hand-written DOM code, textContent only, same API, columns, markup classes and expand behaviour).
Timings: ${RUNS} runs, app and plain page interleaved (A B A B), each navigation in a new browser context (cold cache);
median (p10–p90). Page flips: ${HEAP_RUNS} runs of 200 flips per page. Sizes in KB of 1,000 bytes.
"Painted" = the first animation frame at which the rows are in the DOM, plus that frame's rendering (see \`bench/lib/page_metrics.mjs\`).
The 1,000-file batch is \`${b.target.id}\`, shown first on \`?status=COMPLETED&created_at_on_or_before=…\`.
A "count" request is a one-row list request (\`page_size=1\`) the app makes for per-status totals; a duplicate is the same URL as the previous request of its kind.

## Browser: app vs plain JS

${t(['figure', 'app (Leptos)', 'plain JS', 'app / plain', 'budget'], rep.rows)}

${rep.network ? networkMarkdown(b.network, rep.network) : '## Throttled network\n\nNot measured in this run (results from before the throttled-network runs existed).\n'}
${rep.lighthouse ? lighthouseMarkdown(lh, rep.lighthouse) : '## Lighthouse\n\nNot measured in this run (`bench/lighthouse.mjs` failed or did not run: no `bench/out/lighthouse.json`).\n'}
## Server: ${rep.viaLabel} vs direct to the stand-in upstream

Stand-in upstream: \`bench/upstream.mjs\` (node http, answers every \`GET /api/v2/batches\` with one fixed ${fmt(srv.bodyBytes)}-byte page).
Load: \`bench/load.mjs\` (node http, keep-alive, no compression asked). Latency: ${fmt(LATENCY_REQUESTS)} requests one at a time, 3 interleaved rounds;
throughput: ${fmt(LOAD_REQUESTS)} requests over ${LOAD_CONCURRENCY} connections, 2 interleaved rounds; medians of the rounds. Server run with \`RUST_LOG=warn\`${srv.note ? `. **${srv.note}**` : ''}.

${t(['figure', 'through the server', 'direct', 'note'], rep.srows)}

${soakMarkdown(soak)}
## Budgets

${holds.map((v) => `- ${v.holds ? '✅ holds' : '❌ misses'}: ${v.name} — ${v.detail}`).join('\n')}

## Where the time goes (one sampled CPU profile each, CDP Profiler)

${b.profiles.named ? 'The app was profiled from `bench/out/dist-named`: the same wasm-bindgen output and wasm-opt level as the shipped build, plus `-g` to keep function names (made by `bench/named_build.mjs`).' : 'The shipped wasm has no function names, so wasm functions show as `wasm-function[N]`.'}
Sampled at 0.1 ms; "(program)" is browser work outside script (parsing, style, layout, paint, compiling); time in DOM calls made from wasm
shows under the native DOM function or the JS glue (\`batches-dashboard.js\`) import that makes them.

### Cold load → first rows, app
${profile('app', 'firstRows')}

${topFns('app', 'firstRows')}

### Cold load → first rows, plain
${profile('plain', 'firstRows')}

### 1,000-row page, app
${profile('app', 'rows1000')}

${topFns('app', 'rows1000')}

### 1,000-row page, plain
${profile('plain', 'rows1000')}

${topFns('plain', 'rows1000')}

### Expanding the 1,000-file batch, app
${profile('app', 'expand')}

${topFns('app', 'expand')}

### Expanding the 1,000-file batch, plain
${profile('plain', 'expand')}
${b.errors.app.length || b.errors.plain.length ? `\n**Page errors seen:** app: ${JSON.stringify(b.errors.app)}; plain: ${JSON.stringify(b.errors.plain)}\n` : ''}${include('NOTES.md')}${include('SIZE_EXPERIMENTS.md')}`;
}

// ---- main ----------------------------------------------------------------------------

/**
 * BENCH_ONLY=network: the throttled-network visits alone, to try them or compare without a
 * full run. Prints the section RESULTS.md would get and writes bench/out/network.json.
 */
async function networkOnly() {
  const loadBefore = machine().loadAvgAtStart;
  log(`bench: throttled network only, ${NET_RUNS} runs; server ${SERVER_BIN}; load average ${loadBefore}`);
  let nb;
  try {
    const sites = {
      app: (await startListening(SERVER_BIN, serverArgs(APP_DIST), { env: serverEnv })).url,
      plain: (await startListening(SERVER_BIN, serverArgs(PLAIN_DIST), { env: serverEnv })).url,
    };
    const browser = await launch();
    try {
      nb = await networkBench(browser, sites);
    } finally {
      await browser.close();
    }
  } finally {
    await stopAll();
  }
  const loadAfter = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  writeFileSync(path.join(out, 'network.json'), JSON.stringify({ loadBefore, loadAfter, network: nb }, null, 1));
  const verdicts = [];
  const budget = (name, holds, detail) => { verdicts.push({ name, holds, detail }); return holds ? `✅ ${detail}` : `❌ ${detail}`; };
  const nr = networkReport(nb, budget);
  console.log(`\n${networkMarkdown(nb, nr)}\nLoad average before ${loadBefore}, after ${loadAfter}.\n`);
  console.log(verdicts.map((v) => `- ${v.holds ? '✅ holds' : '❌ misses'}: ${v.name} — ${v.detail}`).join('\n'));
}

// `node bench/run.mjs --report` rewrites bench/RESULTS.md from the last run's
// bench/out/results.json (e.g. after editing bench/NOTES.md), without measuring again.
let m;
let sizes;
let b;
let srv;
let lh;
let soak;
if (ONLY === 'network') {
  await networkOnly();
  clearTimeout(deadline);
  process.exit(0);
}
if (process.argv.includes('--report')) {
  ({ machine: m, sizes, browser: b, server: srv, lighthouse: lh, soak } = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')));
} else {
  m = machine();
  m.env = { SERVER_NOTE: env.SERVER_NOTE ?? '', SERVER_BIN: path.relative(root, SERVER_BIN) };
  log(`bench: ${RUNS} runs, ${HEAP_RUNS} page-flip runs; server ${SERVER_BIN}`);
  sizes = { app: shippedSizes(APP_DIST), plain: shippedSizes(PLAIN_DIST) };
  try {
    const app = await startListening(SERVER_BIN, serverArgs(APP_DIST), { env: serverEnv });
    const plain = await startListening(SERVER_BIN, serverArgs(PLAIN_DIST), { env: serverEnv });
    const named = existsSync(path.join(NAMED_DIST, 'index.html')) ? await startListening(SERVER_BIN, serverArgs(NAMED_DIST), { env: serverEnv }) : null;
    b = await browserBench(app, plain, named);
    await named?.stop();
    srv = await serverBench(app);
  } finally {
    await stopAll();
  }
  // bench/lighthouse.mjs's figures, when it ran (its section names its own date and commit).
  const lhFile = path.join(out, 'lighthouse.json');
  lh = existsSync(lhFile) ? JSON.parse(readFileSync(lhFile, 'utf8')) : null;
}
// bench/soak_abuse.mjs's runs, when it ran since (each run names its own date and commit).
const soakFile = path.join(out, 'soak_abuse.json');
if (existsSync(soakFile)) soak = JSON.parse(readFileSync(soakFile, 'utf8'));
if (!process.argv.includes('--report') || soak) {
  writeFileSync(path.join(out, 'results.json'), JSON.stringify({ machine: m, sizes, browser: b, server: srv, lighthouse: lh, soak }, null, 1));
}
const rep = report(m, sizes, b, srv, lh);
const md = markdown(m, sizes, b, srv, lh, rep, soak);
writeFileSync(path.join(root, 'bench', 'RESULTS.md'), md);
const plainRow = (r) => r.map((c) => String(c).replace(/\*\*/g, '').replace(/`/g, ''));
console.log('\n' + [['figure', 'app', 'plain', 'app/plain', 'budget'], ...rep.rows.map(plainRow)].map((r) => r.join(' | ')).join('\n'));
console.log('\n' + [['server figure', 'through server', 'direct', 'note'], ...rep.srows.map(plainRow)].map((r) => r.join(' | ')).join('\n'));
if (rep.lighthouse) console.log('\n' + [['Lighthouse (mobile)', 'app', 'plain', 'app/plain', 'goal'], ...rep.lighthouse.rows.map(plainRow)].map((r) => r.join(' | ')).join('\n'));
console.log(`\nwrote bench/RESULTS.md (${rep.verdicts.filter((v) => v.name !== 'note' && !v.holds).length} budget(s) missed)`);
clearTimeout(deadline);
