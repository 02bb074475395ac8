// The list's first request starts before the wasm has run: the server names it in the page
// (server/src/preload.rs), index.html's inline script sends it, the app adopts the answer.
// Still exactly one list request per load, and never one without a saved personal key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, listRequests, shownIds, waitForIds, countsSent } from '../lib/browser.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const isWasm = (url) => new URL(url).pathname.endsWith('_bg.wasm');

/**
 * Opens `path` with the wasm held back; returns how many list requests the page had sent when
 * it asked for the wasm. index.html's early request comes before trunk's loader in the page, so
 * by the time the wasm is asked for, it has been sent or never will be before the app runs.
 */
async function openWithWasmHeld(page, apiRequests, path) {
  let release, asked;
  const held = new Promise((resolve) => { release = resolve; });
  const wasmAsked = new Promise((resolve) => { asked = resolve; });
  await page.route(isWasm, async (route) => { asked(); await held; await route.continue(); });
  const goto = page.goto(`${server.url}${path}`);
  await wasmAsked;
  const sentBeforeWasm = listRequests(apiRequests).length;
  release();
  await goto;
  return sentBeforeWasm;
}

test('the first list request is sent before the wasm arrives, and it is the only one', async () => {
  const { page, errors, apiRequests, context } = await openPage(browser);
  const sentBeforeWasm = await openWithWasmHeld(page, apiRequests, '/?status=COMPLETED&page_size=10');
  assert.equal(sentBeforeWasm, 1, 'the list request went out while the wasm was still held back');
  const expected = await server.get('/api/v2/batches?status=COMPLETED&page_size=10');
  await waitForIds(page, expected.items.map((b) => b.id));
  await countsSent(apiRequests);
  const lists = listRequests(apiRequests);
  assert.deepEqual(lists.map((r) => r.search), ['?status=COMPLETED&page_size=10'], 'one list request per load');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an answer that came in before the wasm is in the app\'s first frame: no empty list painted first', async () => {
  const { page, errors, apiRequests, context } = await openPage(browser);
  // Every frame, before it is painted: what the page shows (the app's main, its rows).
  await page.addInitScript(() => {
    window.frames_seen = [];
    const look = () => {
      const main = document.querySelector('main.page');
      if (main) window.frames_seen.push(document.querySelectorAll('table.batches tbody.batch').length);
      if (window.frames_seen.length < 5) requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  // The wasm waits until the list's answer has been read in full.
  let release;
  const answered = new Promise((resolve) => { release = resolve; });
  page.on('requestfinished', (r) => { if (new URL(r.url()).pathname === '/api/v2/batches') release(); });
  await page.route(isWasm, async (route) => {
    await Promise.race([answered, new Promise((r) => setTimeout(r, 5000))]);
    await route.continue();
  });
  await page.goto(`${server.url}/?status=COMPLETED&page_size=10`);
  await page.locator('table.batches tbody.batch').nth(9).waitFor();
  await page.waitForFunction(() => window.frames_seen.length >= 2);
  const frames = await page.evaluate(() => window.frames_seen);
  assert.equal(frames[0], 10, `the first frame with the app showed its 10 rows (frames: ${frames.join(', ')})`);
  assert.equal(listRequests(apiRequests).length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a relative range resolves at the instant the page carries, in one request', async () => {
  const { page, errors, apiRequests, context } = await openPage(browser);
  await page.goto(`${server.url}/?created_within=24h&page_size=10`);
  await page.locator('table.batches code.batch-id').first().waitFor();
  await countsSent(apiRequests);
  const now = Number(await page.locator('meta[name="batches-first-list"]').getAttribute('data-now'));
  const lists = listRequests(apiRequests);
  assert.equal(lists.length, 1, lists.map((r) => r.search).join(' '));
  const after = new URL(lists[0].url).searchParams.get('created_at_on_or_after');
  assert.equal(Date.parse(after), now - 24 * 3600_000, `${after} is 24 h before ${now}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with a saved personal key the page waits for the app, which sends the key', async () => {
  const key = 'llx-test-secret-early-0123456789';
  const { page, errors, apiRequests, context } = await openPage(browser);
  await page.addInitScript((k) => sessionStorage.setItem('batches-dashboard.api-key', k), key);
  const sentBeforeWasm = await openWithWasmHeld(page, apiRequests, '/?page_size=10');
  assert.equal(sentBeforeWasm, 0, 'no list request without the key');
  await page.locator('table.batches code.batch-id').first().waitFor();
  await countsSent(apiRequests);
  const lists = listRequests(apiRequests);
  assert.equal(lists.length, 1);
  assert.equal(await lists[0].request.headerValue('authorization'), `Bearer ${key}`);
  assert.ok((await shownIds(page)).length > 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the batch page gets no early list request', async () => {
  const { page, errors, apiRequests, context } = await openPage(browser);
  const list = await server.get('/api/v2/batches?page_size=1');
  await page.goto(`${server.url}/batches/${list.items[0].id}`);
  await page.getByRole('heading', { name: `Batch ${list.items[0].id}` }).waitFor();
  assert.equal(await page.locator('meta[name="batches-first-list"]').count(), 0);
  assert.deepEqual(listRequests(apiRequests), []);
  assert.deepEqual(errors, []);
  await context.close();
});
