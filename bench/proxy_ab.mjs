// The server part of the bench alone: the proxy (`server --upstream`) against a direct call to the
// stand-in upstream, with no browser, so a change to the proxy can be measured in a minute or two.
// Same load as bench/run.mjs ("server bench"): latency with 1 connection, throughput with
// BENCH_LOAD_CONCURRENCY keep-alive connections, direct and proxied interleaved, several rounds.
//
// Usage: node bench/proxy_ab.mjs [SERVER_BIN[,VAR=VALUE|,--flag=value...] ...]
// (default target/server-release/server). With several binaries (an A/B), each is started with
// its own --upstream and they take turns with the direct call in every round; `,VAR=VALUE` or
// `,--flag=value` after a binary applies to it alone (e.g. `target/server-release/server,--worker-threads=1`). Environment: ROUNDS (default 5), BENCH_LOAD_REQUESTS
// (10000), BENCH_LOAD_CONCURRENCY (32), BENCH_LATENCY_REQUESTS (2000), SERVER_ARGS (extra flags,
// space-separated, for every binary).
//
// Prints per-round lines, then medians: p50 latency and its difference from direct, requests/s
// and its ratio to direct, and the CPU the server process used per proxied request (from
// /proc/PID/stat: on 2 shared cores that CPU is taken from the load generator and the upstream,
// so it is the figure a change to the proxy moves most directly). The load average is printed at
// the start and end of every round: other engineers compile on the same cores.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bounded, startListening, stopAll, rss } from './lib/procs.mjs';
import { loadRun } from './lib/load_run.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'out');
mkdirSync(out, { recursive: true });
const env = process.env;
const ROUNDS = Number(env.ROUNDS ?? 5);
const LOAD_REQUESTS = Number(env.BENCH_LOAD_REQUESTS ?? 10000); // 0: latency only
const LOAD_CONCURRENCY = Number(env.BENCH_LOAD_CONCURRENCY ?? 32);
const LATENCY_REQUESTS = Number(env.BENCH_LATENCY_REQUESTS ?? 2000);
const EXTRA = (env.SERVER_ARGS ?? '').split(' ').filter(Boolean);
const specs = process.argv.slice(2);
if (specs.length === 0) specs.push(path.join(root, 'target', 'server-release', 'server'));
const bins = specs.map((spec) => {
  const [bin, ...extra] = spec.split(',');
  const flags = extra.filter((x) => x.startsWith('--'));
  const vars = extra.filter((x) => !x.startsWith('--'));
  return { bin, spec, flags, env: Object.fromEntries(vars.map((v) => v.split('='))) };
});
const Q = '/api/v2/batches?page_size=20';

// The whole run is bounded: give up (and stop every child) after 20 minutes.
bounded('proxy_ab', 20);

const load = () => os.loadavg()[0].toFixed(2);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** CPU time (user + system) the process has used, in ms. */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Upstream exchanges saved by coalescing so far, from the server's own /metrics. */
async function sharedAnswers(url) {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  return [...text.matchAll(/^dashboard_upstream_shared_answers_total\{[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

// The upstream's page: the demo server's own first page, as bench/run.mjs uses.
const pageFile = path.join(out, 'upstream-page.json');
{
  const demo = await startListening(bins[0].bin, ['--listen', '127.0.0.1:0', '--demo', '--seed', '42', '--now', '2026-11-29T12:00:00Z'], { env: { RUST_LOG: 'error' } });
  const r = await fetch(demo.url + Q, { signal: AbortSignal.timeout(10000) });
  writeFileSync(pageFile, Buffer.from(await r.arrayBuffer()));
  await demo.stop();
}
const upstream = await startListening(process.execPath, [path.join(root, 'bench', 'upstream.mjs'), pageFile]);
const proxies = [];
for (const { bin, spec, flags, env: vars } of bins) {
  const p = await startListening(bin, ['--listen', '127.0.0.1:0', '--upstream', upstream.url, ...EXTRA, ...flags], { env: { RUST_LOG: 'warn', LLAMA_CLOUD_API_KEY: 'llx-bench', ...vars } });
  const probe = await fetch(p.url + Q, { signal: AbortSignal.timeout(10000) });
  if (probe.status !== 200) throw new Error(`${spec} answered ${probe.status}`);
  await probe.arrayBuffer();
  proxies.push({ name: spec.startsWith(root) ? path.relative(root, spec) : spec, ...p });
}
const who = [{ name: 'direct', url: upstream.url, pid: null }, ...proxies];
const res = Object.fromEntries(who.map((w) => [w.name, { p50: [], latCpuUs: [], rps: [], loadP50: [], cpuUs: [], shared: [], genUs: [], upUs: [] }]));
console.log(`proxy_ab: ${ROUNDS} rounds; latency ${LATENCY_REQUESTS} × 1 connection, load ${LOAD_REQUESTS} × ${LOAD_CONCURRENCY}; ${os.cpus().length} cores`);
try {
  for (let round = 0; round < ROUNDS; round++) {
    const la0 = load();
    // Alternate the order so neither side always runs first after a pause.
    const order = round % 2 ? [...who].reverse() : who;
    for (const w of order) {
      const cpu0 = w.pid ? cpuMs(w.pid) : 0;
      res[w.name].p50.push((await loadRun(w.url + Q, LATENCY_REQUESTS, 1, 200)).p50);
      if (w.pid) res[w.name].latCpuUs.push(((cpuMs(w.pid) - cpu0) * 1000) / (LATENCY_REQUESTS + 200));
    }
    for (const w of LOAD_REQUESTS > 0 ? order : []) {
      const cpu0 = w.pid ? cpuMs(w.pid) : 0;
      const shared0 = w.pid ? await sharedAnswers(w.url) : 0;
      const up0 = cpuMs(upstream.pid);
      const r = await loadRun(w.url + Q, LOAD_REQUESTS, LOAD_CONCURRENCY, 500);
      res[w.name].upUs.push(((cpuMs(upstream.pid) - up0) * 1000) / (LOAD_REQUESTS + 500));
      res[w.name].genUs.push(r.cpuUsPerRequest);
      if (r.errors) throw new Error(`${w.name}: ${r.errors} errors`);
      res[w.name].rps.push(r.rps);
      res[w.name].loadP50.push(r.p50);
      if (w.pid) {
        // Warm-up included: the CPU counter cannot tell the two apart.
        res[w.name].cpuUs.push(((cpuMs(w.pid) - cpu0) * 1000) / (LOAD_REQUESTS + 500));
        res[w.name].shared.push((await sharedAnswers(w.url)) - shared0);
      }
    }
    const line = who.map((w) => {
      const r = res[w.name];
      const lat = `${w.name}: p50 ${r.p50.at(-1).toFixed(3)} ms${w.pid ? ` (${r.latCpuUs.at(-1).toFixed(1)} µs CPU/req)` : ''}`;
      if (LOAD_REQUESTS === 0) return lat;
      return `${lat}, ${r.rps.at(-1).toFixed(0)} req/s${w.pid ? ` (${r.cpuUs.at(-1).toFixed(1)} µs CPU/req, ${r.shared.at(-1)} shared)` : ''}`;
    });
    console.log(`round ${round + 1} (load ${la0} → ${load()}): ${line.join(' | ')}`);
  }
} finally {
  for (const p of proxies) p.rss = rss(p.pid);
  for (const p of proxies) await p.stop();
  await upstream.stop();
}
const d = res.direct;
console.log('\nmedians of the rounds:');
for (const w of who) {
  const r = res[w.name];
  const lat = median(r.p50);
  const rps = median(r.rps);
  const vs = w.pid ? ` (+${(lat - median(d.p50)).toFixed(3)} ms vs direct, server CPU ${median(r.latCpuUs).toFixed(1)} µs/request)` : '';
  const ratio = w.pid ? ` (${(rps / median(d.rps)).toFixed(2)}× direct)` : '';
  const cpu = w.pid ? `, server CPU ${median(r.cpuUs).toFixed(1)} µs/request, ${median(r.shared)} of ${LOAD_REQUESTS + 500} answers shared, peak RSS ${(w.rss.hwmKiB / 1024).toFixed(1)} MiB` : '';
  const under = LOAD_REQUESTS === 0 ? '' : `; ${rps.toFixed(0)} req/s${ratio}, p50 under load ${median(r.loadP50).toFixed(2)} ms${cpu}`;
  console.log(`${w.name}: p50 ${lat.toFixed(3)} ms${vs}${under}`);
  if (LOAD_REQUESTS > 0) {
    const [gen, up, srv] = [median(r.genUs), median(r.upUs), w.pid ? median(r.cpuUs) : 0];
    console.log(`  CPU per request under load: load generator ${gen.toFixed(1)} µs, upstream ${up.toFixed(1)} µs, server ${srv.toFixed(1)} µs; all ${(gen + up + srv).toFixed(1)} µs`);
  }
}
console.log(`load average at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
