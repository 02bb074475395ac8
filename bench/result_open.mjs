// Opening a 2,000-page parse result (issue 24: "the first pages within 100 ms of script after
// the answer arrives"): the demo's fixed 2,000-page result, opened from its row on the batch
// page, each run in a new context. Measures, from the moment the answer's headers arrive, the
// main thread's script time (CDP ScriptDuration) and the wall time until page 1 is on screen.
//   node bench/result_open.mjs [DIST]     (default dist/; SERVER_BIN, BENCH_RUNS as ab.mjs)
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { launch } from '../e2e/lib/browser.mjs';
import { startListening, stopAll } from './lib/procs.mjs';
import { summarize } from './lib/stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const SERVER_BIN = process.env.SERVER_BIN ?? path.join(root, 'target', 'debug', 'server');
const dist = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const site = await startListening(SERVER_BIN, ['--listen', '127.0.0.1:0', '--dist', dist, '--demo', '--seed', '42', '--now', '2026-11-29T12:00:00Z'], { env: { RUST_LOG: 'warn' } });
const base = site.url;
const get = async (p) => (await fetch(base + p)).json();
let batch;
for (const b of (await get('/api/v2/batches?status=COMPLETED&page_size=100')).items) {
  if (b.config?.job?.type !== 'parse_v2') continue;
  const full = await get(`/api/v2/batches/${b.id}?expand=results`);
  if ((full.results?.length ?? 0) >= 20) { batch = full; break; }
}
const file = batch.results[8].source_directory_file_id;
const job = batch.results[8].job_reference.id;
console.log(`2,000-page result: file ${file}, job ${job} of ${batch.id}; load before: ${load()}`);
const browser = await launch();
const script = [];
const wall = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${base}/batches/${batch.id}`);
  await page.locator('table.files tbody tr').first().waitFor();
  const answered = page.waitForResponse((r) => r.url().includes(`/api/v2/parse/${job}`)).then(async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return { at: Date.now(), script: metrics.find((m) => m.name === 'ScriptDuration').value };
  });
  await page.locator(`tr:has(code.file-id:text-is("${file}")) a.open-result`).click();
  const before = await answered;
  await page.locator('#result-page-1 .page-text').waitFor();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  const { metrics } = await cdp.send('Performance.getMetrics');
  script.push((metrics.find((m) => m.name === 'ScriptDuration').value - before.script) * 1000);
  wall.push(Date.now() - before.at);
  await context.close();
}
const fmt = (s) => `median ${s.median.toFixed(1)} ms (p10 ${s.p10.toFixed(1)}, p90 ${s.p90.toFixed(1)})`;
console.log(`script after the answer arrived: ${fmt(summarize(script))}`);
console.log(`wall time answer → page 1 painted: ${fmt(summarize(wall))}`);
console.log(`runs: ${RUNS}; load after: ${load()}`);
await browser.close();
await stopAll();
