// How the app's wasm memory grows over many page flips, in steps: Next × 50 then Previous × 50,
// ROUNDS times (default 6), printing the wasm linear memory (MB) before and after each 100
// flips. Linear memory never shrinks, so a curve that keeps rising is memory kept per flip;
// run with a small page (QUERY='?page_size=5') or other filters to see what it scales with.
//   node bench/flips_memory.mjs DIST [QUERY]   (SERVER_BIN as bench/ab.mjs; 127.0.0.1 only)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../e2e/lib/browser.mjs';
import { startListening, stopAll } from './lib/procs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [dist, query = ''] = process.argv.slice(2);
if (!dist) {
  console.error('usage: node bench/flips_memory.mjs DIST [QUERY]');
  process.exit(2);
}
const SERVER_BIN = process.env.SERVER_BIN ?? path.join(root, 'target', 'server-release', 'server');
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const site = await startListening(SERVER_BIN, ['--listen', '127.0.0.1:0', '--dist', path.resolve(dist), '--demo', '--seed', '42', '--now', '2026-11-29T12:00:00Z'], { env: { RUST_LOG: 'warn' } });
const browser = await launch();
try {
  const page = await (await browser.newContext()).newPage();
  // trunk's loader announces the instantiated module; its memory is the wasm heap.
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__wasmMemory = e.detail?.wasm?.memory; }));
  await page.goto(`${site.url}/${query}`);
  await page.waitForSelector('code.batch-id');
  const mb = async () => ((await page.evaluate(() => window.__wasmMemory.buffer.byteLength)) / 1048576).toFixed(2);
  const flip = async (label, n) => {
    for (let i = 0; i < n; i++) {
      const first = await page.textContent('code.batch-id');
      await page.getByRole('button', { name: label }).click();
      await page.waitForFunction((f) => document.querySelector('code.batch-id')?.textContent !== f, first);
    }
  };
  const steps = [await mb()];
  for (let r = 0; r < ROUNDS; r++) {
    await flip('Next page', 50);
    await flip('Previous page', 50);
    steps.push(await mb());
  }
  console.log(`${dist}${query}: wasm memory, MB, every 100 flips: ${steps.join(' → ')}`);
} finally {
  await browser.close();
  await stopAll();
}
