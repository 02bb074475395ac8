// What laying out the 1,000-row table costs, and what CSS changes would save: for each variant,
// a copy of the rendered table is inserted and laid out (style + layout, forced), five rounds,
// medians. Answers issue 14's question "what do the table layout, the two-line timestamps and
// the fonts cost?" with the page's own markup.
//   node bench/layout_variants.mjs DIST   (SERVER_BIN as in ab.mjs; PLAIN_DIST to compare)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../e2e/lib/browser.mjs';
import { startListening, stopAll } from './lib/procs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [dist] = process.argv.slice(2);
if (!dist) {
  console.error('usage: node bench/layout_variants.mjs DIST');
  process.exit(2);
}
const SERVER_BIN = process.env.SERVER_BIN ?? path.join(root, 'target', 'server-release', 'server');
const VARIANTS = {
  'as shipped': '',
  'table-layout: fixed': 'table.batches { table-layout: fixed; }',
  'content-visibility on each row group': 'table.batches tbody.batch { content-visibility: auto; contain-intrinsic-size: auto 3rem; }',
  'no Copy / Watch buttons': 'table.batches .copy, table.batches .watch { display: none; }',
  'one-line times (no "updated")': 'table.batches .times .updated { display: none; }',
  'no ages': 'table.batches .ago { display: none; }',
  'no wrapping in cells': 'table.batches td { white-space: nowrap; }',
  'contained scroller (600 px)': '.table-scroll { contain: strict; height: 600px; overflow: auto; }',
  'no stylesheets at all': null,
};

async function measure(distDir) {
  const site = await startListening(SERVER_BIN, ['--listen', '127.0.0.1:0', '--dist', path.resolve(distDir), '--demo', '--seed', '42', '--now', '2026-11-29T12:00:00Z'], { env: { RUST_LOG: 'warn' } });
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${site.url}/?page_size=1000`);
    await page.locator('table.batches tbody.batch').nth(999).waitFor({ timeout: 60000 });
    await page.waitForTimeout(1000);
    return await page.evaluate((variants) => {
      const table = document.querySelector('table.batches');
      const host = table.parentElement;
      const times = {};
      for (let round = 0; round < 5; round++) {
        for (const [name, css] of Object.entries(variants)) {
          const style = document.createElement('style');
          style.textContent = css ?? '';
          document.head.appendChild(style);
          if (css === null) for (const s of document.styleSheets) if (s.ownerNode !== style) s.disabled = true;
          const copy = table.cloneNode(true);
          table.hidden = true;
          const start = performance.now();
          host.appendChild(copy);
          document.body.offsetHeight;
          (times[name] ??= []).push(performance.now() - start);
          if (css === null) for (const s of document.styleSheets) s.disabled = false;
          copy.remove();
          style.remove();
          table.hidden = false;
          document.body.offsetHeight;
        }
      }
      return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.sort((a, b) => a - b)[2]]));
    }, VARIANTS);
  } finally {
    await browser.close();
    await stopAll();
  }
}

const app = await measure(dist);
const plain = process.env.PLAIN_DIST ? await measure(process.env.PLAIN_DIST) : null;
console.log('| variant | style + layout of the 1,000-row table (ms, median of 5) | vs as shipped |');
console.log('|---|---|---|');
for (const [k, v] of Object.entries(app)) console.log(`| ${k} | ${v.toFixed(0)} | ${(v / app['as shipped']).toFixed(2)}× |`);
if (plain) console.log(`| the plain page's table, as shipped | ${plain['as shipped'].toFixed(0)} | ${(plain['as shipped'] / app['as shipped']).toFixed(2)}× |`);
