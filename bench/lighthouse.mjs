// Lighthouse on the demo list page (issue 26): the app and, for reference, the plain-JS page,
// each served by the dashboard's server with the benchmark's fixed demo data, audited with
// Lighthouse's mobile defaults (simulated slow 4G, 4× CPU: nothing overridden) in Debian's
// Chromium. Run by scripts/bench before bench/run.mjs, which puts the figures into
// bench/RESULTS.md; prints the same section and writes bench/out/lighthouse.json, and the
// last run's full report of each page as bench/out/lighthouse-{app,plain}.json (open them in
// the Lighthouse viewer).
//
//   node bench/lighthouse.mjs [APP_DIST [PLAIN_DIST]]
//
// Environment: APP_DIST, PLAIN_DIST (default bench/out/dist and bench/out/plain, as
// scripts/bench builds them), SERVER_BIN (default the server-release build, else the debug
// one), BENCH_LIGHTHOUSE_RUNS (default 5), CHROMIUM_BIN (default /usr/bin/chromium).
// Lighthouse and chrome-launcher come from bench/node_modules (`scripts/setup --bench`).
// Everything listens on 127.0.0.1; each run has Lighthouse's own load timeouts, the whole
// script a 15-minute limit.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { bounded, startListening, stopAll } from './lib/procs.mjs';
import { fromLhr, lighthouseReport, lighthouseMarkdown } from './lib/lighthouse_report.mjs';
import { revision, sh } from './lib/revision.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'out');
mkdirSync(out, { recursive: true });
const env = process.env;
const RUNS = Number(env.BENCH_LIGHTHOUSE_RUNS ?? 5);
const APP_DIST = path.resolve(process.argv[2] ?? env.APP_DIST ?? path.join(out, 'dist'));
const PLAIN_DIST = path.resolve(process.argv[3] ?? env.PLAIN_DIST ?? path.join(out, 'plain'));
const releaseServer = path.join(root, 'target', 'server-release', 'server');
const SERVER_BIN = env.SERVER_BIN ?? (existsSync(releaseServer) ? releaseServer : path.join(root, 'target', 'debug', 'server'));
const CHROMIUM = env.CHROMIUM_BIN ?? '/usr/bin/chromium';
// As e2e/lib/browser.mjs runs it (root in a container: no sandbox); chrome-launcher adds its
// own defaults for tools (no background networking, extensions, first-run UI).
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic'];
// The benchmark's fixed demo data (bench/run.mjs), so both pages show the same rows every run.
const serverArgs = (dist) => ['--listen', '127.0.0.1:0', '--dist', dist, '--demo', '--seed', '42', '--now', '2026-11-29T12:00:00Z'];

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

let chrome = null; // the browser of the run under way, stopped by its own pid on the way out
async function stopEverything() {
  await chrome?.kill();
  chrome = null;
  await stopAll();
}
const deadline = bounded('lighthouse', 15, stopEverything);

/** One Lighthouse run of `url` in a browser of its own, as the Lighthouse CLI does. */
async function audit(url) {
  chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error' });
    if (!result) throw new Error('Lighthouse returned no result');
    return result.lhr;
  } finally {
    await chrome.kill();
    chrome = null;
  }
}

for (const dist of [APP_DIST, PLAIN_DIST]) {
  if (!existsSync(path.join(dist, 'index.html'))) {
    console.error(`lighthouse: no index.html in ${dist} (scripts/bench builds bench/out/dist and bench/out/plain)`);
    process.exit(2);
  }
}
const lh = {
  date: new Date().toISOString(),
  ...revision(root),
  loadBefore: load(),
  serverBin: path.relative(root, SERVER_BIN),
  // "Chromium 156.0.8078.114" (the user agent says only 156.0.0.0)
  chromium: sh(CHROMIUM, ['--version']).match(/^\S+ [\d.]+/)?.[0] ?? CHROMIUM,
  dists: { app: path.relative(root, APP_DIST), plain: path.relative(root, PLAIN_DIST) },
  runs: RUNS,
  samples: { app: [], plain: [] },
};
log(`lighthouse: ${RUNS} runs of ${lh.dists.app} and ${lh.dists.plain}; server ${lh.serverBin}; load average ${lh.loadBefore}`);
const started = Date.now();
const last = {};
try {
  const sites = {
    app: (await startListening(SERVER_BIN, serverArgs(APP_DIST), { env: { RUST_LOG: 'warn' } })).url,
    plain: (await startListening(SERVER_BIN, serverArgs(PLAIN_DIST), { env: { RUST_LOG: 'warn' } })).url,
  };
  for (let i = 0; i < RUNS; i++) {
    for (const who of ['app', 'plain']) { // interleaved: A B A B …
      let run;
      try {
        const lhr = await audit(`${sites[who]}/`);
        if (lhr.runtimeError) throw new Error(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
        last[who] = lhr;
        lh.lighthouseVersion = lhr.lighthouseVersion;
        const { formFactor, throttlingMethod, throttling, screenEmulation: sc } = lhr.configSettings;
        lh.settings = { formFactor, throttlingMethod, throttling, screen: `${sc.width}×${sc.height} CSS px at ${sc.deviceScaleFactor}×` };
        run = fromLhr(lhr);
      } catch (e) {
        run = { error: e.message.split('\n')[0], failing: [] };
      }
      lh.samples[who].push(run);
    }
    const say = (r) => (r.error ? `failed (${r.error})` : `performance ${r.performance}, LCP ${(r.lcp / 1000).toFixed(2)} s, TBT ${r.tbt.toFixed(0)} ms`);
    log(`lighthouse run ${i + 1}/${RUNS}: app ${say(lh.samples.app.at(-1))}; plain ${say(lh.samples.plain.at(-1))}`);
  }
} finally {
  await stopEverything();
}
lh.seconds = Math.round((Date.now() - started) / 1000);
lh.loadAfter = load();
clearTimeout(deadline);
for (const who of ['app', 'plain']) if (last[who]) writeFileSync(path.join(out, `lighthouse-${who}.json`), JSON.stringify(last[who]));
if (!last.app || !last.plain) {
  console.error(`lighthouse: no run of ${last.app ? 'the plain page' : 'the app'} succeeded: ${JSON.stringify(lh.samples)}`);
  process.exit(1);
}
writeFileSync(path.join(out, 'lighthouse.json'), JSON.stringify(lh, null, 1));

const verdicts = [];
const budget = (name, holds, detail) => { verdicts.push({ name, holds, detail }); return holds ? `✅ ${detail}` : `❌ ${detail}`; };
const rep = lighthouseReport(lh, budget);
console.log(`\n${lighthouseMarkdown(lh, rep)}`);
console.log(verdicts.map((v) => `- ${v.holds ? '✅ holds' : '❌ misses'}: ${v.name} — ${v.detail}`).join('\n'));
console.log('\nwrote bench/out/lighthouse.json (bench/run.mjs puts it into bench/RESULTS.md)');
