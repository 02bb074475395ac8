// The operator's soak (issue 23, goal 3): `server --upstream` in front of bench/upstream.mjs,
// started under `ulimit -n 256`, takes 10,000 GETs over 50 keep-alive connections while 300
// clients send a request head promising a 1,000-byte body and then 1 byte ("slow body"), and 300
// send a GET whose upstream answer takes 3 s and hang up ("vanished": half at once, half after
// 250 ms, when the upstream call is under way). A fresh probe
// connection asks /healthz and the list every 250 ms throughout. Everything goes to 127.0.0.1
// only; counts are fixed and the whole run is cut off after 5 minutes.
//
// It checks what an operator would: every answer the normal clients got is the upstream's page
// (200, same bytes); no probe waited longer than the body deadline plus a second; the normal
// clients' p99 after the last abuser was cut off is under 50 ms; the server's peak RSS stays
// under 100 MB; the upstream never saw more connections than --upstream-connections
// (bench/lib/soak_report.mjs holds these checks). Prints one JSON line of figures, adds them to
// bench/out/soak_abuse.json (each run one more; scripts/bench starts the file afresh) for
// bench/run.mjs to put into bench/RESULTS.md, and exits non-zero when a check fails.
//
// Deadlines: the script passes --body-timeout 2s --send-timeout 2s (BODY_TIMEOUT to change)
// instead of the 60 s defaults, so that 300 slow bodies cycling through the few slots that
// 256 descriptors allow take seconds rather than minutes; the checks scale with the value.
//
// Usage: SERVER_BIN=target/server-release/server node bench/soak_abuse.mjs
import { existsSync, mkdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startListening, stopAll, rss } from './lib/procs.mjs';
import { revision } from './lib/revision.mjs';
import { soakChecks } from './lib/soak_report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_BIN = process.env.SERVER_BIN ?? path.join(root, 'target', 'server-release', 'server');
const BODY_TIMEOUT_S = Number(process.env.BODY_TIMEOUT ?? 2);
const NOFILE = 256;
const NORMAL_TOTAL = 10000;
const NORMAL_CONNECTIONS = 50;
const SLOW_BODIES = 300;
const VANISHED = 300;
const UPSTREAM_CONNECTIONS = 64;
const NOW = '2026-11-29T12:00:00Z';
const RUN_LIMIT_MS = 5 * 60 * 1000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};
const round = (x) => Math.round(x * 100) / 100;

/** One GET on `agent` (false: a fresh connection); status, body and milliseconds taken. */
function get(url, agent) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.get(url, { agent, headers: { accept: 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks), ms: performance.now() - started, at: started }));
      res.on('error', () => resolve({ status: 0, body: Buffer.alloc(0), ms: performance.now() - started, at: started }));
    });
    req.setTimeout(30000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: Buffer.alloc(0), ms: performance.now() - started, at: started }));
  });
}

/** A connection that sends a head promising 1,000 body bytes and one byte; resolves with how
 * long the server kept it open (ms) and the status line it answered, if any. */
function slowBody(port) {
  return new Promise((resolve) => {
    const started = performance.now();
    let answer = '';
    const s = net.connect(port, '127.0.0.1', () => {
      s.write(`GET /api/v2/batches HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 1000\r\n\r\nx`);
    });
    s.setEncoding('latin1');
    s.on('data', (d) => { answer += d; });
    const done = () => resolve({ heldMs: performance.now() - started, status: answer.split(' ')[1] ?? '' });
    s.on('close', done);
    s.on('error', () => {});
    setTimeout(() => s.destroy(), 60000).unref();
  });
}

/** A connection that sends a GET whose upstream answer takes 3 s and hangs up: right after
 * sending (even `i`, the audit's "send and close") or 250 ms later (odd `i`), when its upstream
 * call is under way. */
function vanish(port, i) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.write(`GET /api/v2/batches?soak_delay_ms=3000&vanished=${i} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, () => {
        setTimeout(() => { s.destroy(); resolve(); }, i % 2 ? 250 : 0);
      });
    });
    s.on('error', () => resolve());
  });
}

/** The server's warnings and errors, each message once with how often it was written (an
 * operator reads the log volume under abuse too), without timestamps or fields. */
function logSummary(stderr) {
  const counts = new Map();
  for (const raw of stderr.split('\n')) {
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
    const m = line.match(/\b(WARN|ERROR)\s+\S+:\s+(.*?)(?:\s+\w+=\S+)*$/) ?? line.match(/^(WARNING):\s+(.*)$/);
    if (!m) continue;
    const key = `${m[1]} ${m[2].slice(0, 200)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Object.fromEntries(counts);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'soak-abuse-'));
const killer = setTimeout(async () => {
  console.error('soak_abuse: over 5 minutes; stopping');
  await stopAll();
  process.exit(2);
}, RUN_LIMIT_MS);
try {
  const loadBefore = os.loadavg();
  const demo = await startListening(SERVER_BIN, ['--listen', '127.0.0.1:0', '--demo', '--seed', '42', '--now', NOW], { env: { RUST_LOG: 'warn' } });
  const page = Buffer.from(await (await fetch(`${demo.url}/api/v2/batches?page_size=20`)).arrayBuffer());
  await demo.stop();
  const pageFile = path.join(dir, 'page.json');
  writeFileSync(pageFile, page);
  const upstream = await startListening(process.execPath, [path.join(root, 'bench', 'upstream.mjs'), pageFile]);
  const proxy = await startListening('sh', [
    '-c', `ulimit -n ${NOFILE} && exec "$0" "$@"`, SERVER_BIN,
    '--listen', '127.0.0.1:0', '--upstream', upstream.url,
    '--body-timeout', `${BODY_TIMEOUT_S}s`, '--send-timeout', `${BODY_TIMEOUT_S}s`,
    '--upstream-connections', String(UPSTREAM_CONNECTIONS),
  ], { env: { RUST_LOG: 'warn', LLAMA_CLOUD_API_KEY: '' }, stderrChars: 4_000_000 });
  const port = Number(new URL(proxy.url).port);
  const listUrl = `${proxy.url}/api/v2/batches?page_size=20`;

  // Memory, sampled throughout.
  let peakRssKiB = 0;
  const sampler = setInterval(() => {
    try { peakRssKiB = Math.max(peakRssKiB, rss(proxy.pid).rssKiB); } catch { /* exited */ }
  }, 100);
  const rssStart = rss(proxy.pid).rssKiB;

  // The normal clients: NORMAL_CONNECTIONS keep-alive connections, each answer checked.
  const agent = new http.Agent({ keepAlive: true, maxSockets: NORMAL_CONNECTIONS });
  const normal = [];
  let wrong = 0;
  let issued = 0;
  async function normalLoad(count, until = () => false) {
    const goal = issued + count;
    await Promise.all(Array.from({ length: NORMAL_CONNECTIONS }, async () => {
      while (issued < goal && !until()) {
        issued++;
        const r = await get(listUrl, agent);
        if (r.status !== 200 || !r.body.equals(page)) wrong++;
        normal.push(r);
      }
    }));
  }

  // Probes: a fresh connection every 250 ms while the abuse lasts.
  const probes = [];
  let probing = true;
  const prober = (async () => {
    while (probing) {
      const [h, l] = await Promise.all([get(`${proxy.url}/healthz`, false), get(listUrl, false)]);
      probes.push({ healthzMs: h.ms, healthzOk: h.status === 200, listMs: l.ms, listOk: l.status === 200 && l.body.equals(page) });
      await sleep(250);
    }
  })();

  // 1. Warm: 2,000 normal requests.
  await normalLoad(2000);
  // 2. The abuse, with the normal load going on until every abuser is gone (at most 5,000 more).
  const abuseStart = performance.now();
  let abusersGone = false;
  const slow = Array.from({ length: SLOW_BODIES }, () => slowBody(port));
  const vanished = Promise.all(Array.from({ length: VANISHED }, (_, i) => vanish(port, i)));
  const during = normalLoad(5000, () => abusersGone);
  const held = await Promise.all(slow);
  await vanished;
  abusersGone = true;
  const abuseEnd = performance.now();
  await during;
  // 3. After: the rest of the 10,000.
  const afterFrom = normal.length;
  await normalLoad(NORMAL_TOTAL - issued);
  probing = false;
  await prober;
  clearInterval(sampler);
  agent.destroy();

  const stats = await (await fetch(`${upstream.url}/__soak_stats`)).json();
  const hwm = rss(proxy.pid).hwmKiB;
  const after = normal.slice(afterFrom).map((r) => r.ms);
  const duringMs = normal.slice(2000, afterFrom).map((r) => r.ms);
  const heldMs = held.map((h) => h.heldMs);
  const probeWaits = probes.map((p) => Math.max(p.healthzMs, p.listMs));
  const report = {
    date: new Date().toISOString(),
    ...revision(root),
    serverBin: path.relative(root, SERVER_BIN),
    nofile: NOFILE,
    upstreamConnections: UPSTREAM_CONNECTIONS,
    bodyTimeoutS: BODY_TIMEOUT_S,
    normal: { requests: normal.length, wrongOrFailed: wrong, duringAbuse: duringMs.length, afterAbuse: after.length },
    p99BeforeMs: round(quantile(normal.slice(0, 2000).map((r) => r.ms), 0.99)),
    p50AfterMs: round(quantile(after, 0.5)),
    p99AfterMs: round(quantile(after, 0.99)),
    p99DuringMs: round(quantile(duringMs, 0.99)),
    maxDuringMs: round(Math.max(...duringMs)),
    abuseSeconds: round((abuseEnd - abuseStart) / 1000),
    slowBodies: { count: held.length, answered408: held.filter((h) => h.status === '408').length, heldMedianMs: round(quantile(heldMs, 0.5)), heldMaxMs: round(Math.max(...heldMs)) },
    probes: { count: probes.length, failed: probes.filter((p) => !p.healthzOk || !p.listOk).length, waitP50Ms: round(quantile(probeWaits, 0.5)), waitMaxMs: round(Math.max(...probeWaits)) },
    upstream: { maxOpenConnections: stats.maxOpen, requests: stats.requests, vanishedThatArrived: stats.delayed, abandonedByProxy: stats.abandoned },
    serverLog: logSummary(proxy.stderr()),
    rssStartKiB: rssStart,
    peakRssKiB: Math.max(peakRssKiB, hwm),
    loadavgBefore: loadBefore.map(round),
    loadavgAfter: os.loadavg().map(round),
  };
  console.log(JSON.stringify(report));
  const out = path.join(root, 'bench', 'out', 'soak_abuse.json');
  const kept = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { runs: [] };
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ runs: [...kept.runs, report] }, null, 1));
  console.log(`added run ${kept.runs.length + 1} to ${path.relative(root, out)} (bench/run.mjs puts them into bench/RESULTS.md)`);
  const failures = soakChecks(report).filter((c) => !c.holds).map((c) => c.detail);
  for (const f of failures) console.error(`soak_abuse: ${f}`);
  if (failures.length) process.exitCode = 1;
} finally {
  clearTimeout(killer);
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
}
