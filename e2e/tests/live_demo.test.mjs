// The demo that lives (issue 25): a server started without --now moves with the clock (here 100×, the most it allows),
// and the dashboard shows it without a reload: a running batch's progress bar advances on the
// batch page's auto-refresh, and the list's auto-refresh announces batches that arrived.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage } from '../lib/browser.mjs';

let server, browser;
before(async () => { server = await startServer(['--speed', '100'], { live: true }); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** Chromium logs aborted requests as console errors; those are expected on a page that refreshes. */
const unexpected = (errors) => errors.filter((e) => !/Failed to load resource|net::ERR_/.test(e));

test('a running batch\'s progress bar advances without a reload', async () => {
  const running = (await server.get('/api/v2/batches?status=RUNNING&page_size=50')).items;
  let batch;
  for (const b of running) {
    const full = await server.get(`/api/v2/batches/${b.id}?expand=results`);
    if ((full.results?.length ?? 0) >= 100) { batch = full; break; }
  }
  assert.ok(batch, 'a running batch with 100 files or more');
  const { page, errors, context } = await openPage(browser);
  await page.goto(`${server.url}/batches/${batch.id}?refresh=10s`);
  const bar = page.getByRole('progressbar', { name: 'Files finished' });
  await page.waitForFunction(() => document.querySelector('[role=progressbar][aria-label="Files finished"][aria-valuenow]') !== null);
  // The batch keeps handing out files while it runs, so the bar's own total is the one to
  // compare with, not the count fetched above (a loaded machine showed 142 finished of 101).
  const first = Number(await bar.getAttribute('aria-valuenow'));
  const total = Number(await bar.getAttribute('aria-valuemax'));
  assert.ok(first < total, `${first} of ${total} finished at first`);
  // Ten seconds here are 17 demo minutes: jobs finish, and the page's next refresh shows them
  // (a batch that stalls, now and then, does so for at most an hour: 36 s here).
  await page.waitForFunction((n) => Number(document.querySelector('[role=progressbar][aria-label="Files finished"]')?.getAttribute('aria-valuenow')) > n,
    first, { timeout: 60000 });
  assert.equal(new URL(page.url()).pathname, `/batches/${batch.id}`, 'no navigation');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('the list\'s auto-refresh announces batches that arrived, and shows them on request', async () => {
  const { page, errors, context } = await openPage(browser);
  await page.goto(`${server.url}/?page_size=10&refresh=10s`);
  await page.locator('table.batches code.batch-id').first().waitFor();
  const shown = await page.locator('table.batches code.batch-id').allTextContents();
  // A new batch arrives every one or two demo minutes: about a second here.
  const news = page.getByRole('status').filter({ hasText: /\d+ new batch(es)?/ });
  await news.waitFor({ timeout: 30000 });
  assert.deepEqual(await page.locator('table.batches code.batch-id').allTextContents(), shown, 'rows do not move until asked');
  await news.getByRole('button', { name: 'show' }).click();
  await page.waitForFunction((ids) => !ids.includes(document.querySelector('table.batches code.batch-id')?.textContent), shown);
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a watched batch that finishes in the moving demo is announced with its jobs\' counts', async () => {
  const { page, errors, apiRequests, context } = await openPage(browser);
  await context.grantPermissions(['notifications'], { origin: server.url });
  await context.addInitScript(() => {
    const Real = window.Notification;
    window.__notifications = [];
    window.Notification = class extends Real {
      constructor(title, options) { window.__notifications.push({ title, body: options?.body }); super(title, options); }
    };
  });
  await page.clock.install();
  await page.goto(`${server.url}/?status=RUNNING&page_size=5`);
  // A batch the page shows as running (one read from the API first may have finished since).
  const id = await page.locator('table.batches code.batch-id').first().textContent();
  await page.getByRole('button', { name: `Watch batch ${id}` }).click();
  // The page asks every 30 s of its own (fake) clock; the demo runs 100× in real time, so even
  // a batch that stalls for its longest (an hour: 36 s here) finishes within the loop.
  for (let i = 0; i < 90; i++) {
    if (await page.evaluate(() => window.__notifications.length > 0)) break;
    await page.clock.fastForward(30_000);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const told = await page.evaluate(() => window.__notifications);
  assert.equal(told.length, 1, JSON.stringify(told));
  const finished = await server.get(`/api/v2/batches/${id}`);
  assert.equal(told[0].title, `${id} finished: ${finished.status}`);
  assert.match(told[0].body, /^(all [\d,]+ files? processed|[\d,]+ of [\d,]+ files? failed)/);
  assert.ok(apiRequests.some((r) => /^\/api\/v2\/(parse|extract)$/.test(r.path)), 'the jobs were looked up');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});
