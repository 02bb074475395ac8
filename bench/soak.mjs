// The proxy soak: 10,000 requests over 50 keep-alive connections through `server --upstream`
// to a local stand-in, on 127.0.0.1 only. Passes with 0 errors; prints RSS before and after
// and what the upstream was asked (from the server's /metrics), as one JSON line, and exits
// non-zero on any error. Usage: SERVER_BIN=… node bench/soak.mjs [TOTAL] [CONCURRENCY]
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startListening, stopAll, rss } from './lib/procs.mjs';
import { loadRun } from './lib/load_run.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_BIN = process.env.SERVER_BIN ?? path.join(root, 'target', 'server-release', 'server');
const TOTAL = Number(process.argv[2] ?? 10000);
const CONCURRENCY = Number(process.argv[3] ?? 50);
const NOW = '2026-11-29T12:00:00Z';

/** One series' value from the Prometheus text, 0 when absent. */
function metric(text, series) {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'soak-'));
try {
  // The upstream answers a real demo page, so the proxy relays a realistic body.
  const demo = await startListening(SERVER_BIN, ['--listen', '127.0.0.1:0', '--demo', '--seed', '42', '--now', NOW], { env: { RUST_LOG: 'warn' } });
  const page = await (await fetch(`${demo.url}/api/v2/batches?page_size=20`)).text();
  await demo.stop();
  const pageFile = path.join(dir, 'page.json');
  writeFileSync(pageFile, page);
  const upstream = await startListening(process.execPath, [path.join(root, 'bench', 'upstream.mjs'), pageFile]);
  const proxy = await startListening(SERVER_BIN, ['--listen', '127.0.0.1:0', '--upstream', upstream.url], { env: { RUST_LOG: 'warn', LLAMA_CLOUD_API_KEY: '' } });
  const before = rss(proxy.pid);
  const result = await loadRun(`${proxy.url}/api/v2/batches?page_size=20`, TOTAL, CONCURRENCY, 0);
  const after = rss(proxy.pid);
  const metrics = await (await fetch(`${proxy.url}/metrics`)).text();
  const report = {
    ...result,
    rssBeforeKiB: before.rssKiB,
    rssAfterKiB: after.rssKiB,
    peakRssKiB: after.hwmKiB,
    upstreamRequests: metric(metrics, 'dashboard_upstream_request_duration_seconds_count'),
    coalesced: metric(metrics, 'dashboard_upstream_shared_answers_total{source="coalesced"}'),
  };
  console.log(JSON.stringify(report));
  if (result.errors !== 0) {
    console.error(`soak: ${result.errors} of ${result.requests} requests failed`);
    process.exitCode = 1;
  }
} finally {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
}
