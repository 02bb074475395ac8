// Relative ranges, time zones, per-status counts and live refresh.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, listRequests, waitForIds, isListUrl, isCountUrl, shownIds } from '../lib/browser.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });
beforeEach(async () => { await server.clearFaults(); });

const query = (page) => new URL(page.url()).search;

test('a relative range link means the 24 hours before whoever opens it, when they open it', async () => {
  // The first request is resolved at the instant the server served the page (it carries it, see
  // server/src/preload.rs); every later one at the browser's clock when it is made.
  const afterOf = (url) => new URL(url).searchParams.get('created_at_on_or_after');
  const sent = [];
  for (const now of ['2026-11-29T12:00:00Z', '2026-11-30T08:30:00Z']) {
    const { page, context, apiRequests } = await openPage(browser);
    await page.clock.setFixedTime(new Date(now));
    await page.goto(`${server.url}/?created_within=24h&status=COMPLETED`);
    await page.locator('table.batches').waitFor();
    const served = Number(await page.locator('meta[name="batches-first-list"]').getAttribute('data-now'));
    const first = listRequests(apiRequests);
    assert.equal(first.length, 1);
    assert.equal(Date.parse(afterOf(first[0].url)), served - 24 * 3600_000, 'the first request: 24 h before the page was served');
    assert.equal(query(page), '?created_within=24h&status=COMPLETED', 'the link stays relative');
    assert.equal(await page.getByLabel('Created within').inputValue(), '24h');
    assert.equal(await page.getByLabel('Created on or after').count(), 0, 'no absolute inputs for a relative range');
    const req = page.waitForRequest((r) => isListUrl(r.url()) && r.url().includes('status=FAILED'));
    await page.getByLabel('Status').selectOption('FAILED');
    sent.push(afterOf((await req).url()));
    await context.close();
  }
  assert.deepEqual(sent, ['2026-11-28T12:00:00Z', '2026-11-29T08:30:00Z']);
});

test('choosing a range writes created_within; Custom range reveals the date inputs', async () => {
  const { page, errors, context } = await openPage(browser);
  await page.goto(`${server.url}/`);
  await page.locator('table.batches').waitFor();
  const req = page.waitForRequest((r) => isListUrl(r.url()) && r.url().includes('created_at_on_or_after'));
  await page.getByLabel('Created within').selectOption('7d');
  await req;
  assert.equal(query(page), '?created_within=7d');
  await page.getByLabel('Created within').selectOption('custom');
  await page.getByLabel('Created on or after').waitFor();
  assert.equal(query(page), '', 'custom with no dates yet is the unfiltered view');
  assert.deepEqual(errors, []);
  await context.close();
});

test('tz=utc shows every time in UTC; without it, the viewer\'s zone', async () => {
  const api = await server.get('/api/v2/batches?page_size=20');
  const created = api.items[0].created_at; // e.g. 2026-11-29T04:55:38.256Z
  const utcText = `${created.slice(0, 10)} ${created.slice(11, 16)} UTC`;
  for (const [link, want] of [['/?tz=utc', /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/], ['/', /^\d{4}-\d\d-\d\d \d\d:\d\d UTC\+05:30$/]]) {
    const { page, context } = await openPage(browser, { timezoneId: 'Asia/Kolkata' });
    await page.goto(server.url + link);
    const first = page.locator('tbody.batch').first().locator('time').first();
    await first.waitFor();
    const shown = (await first.evaluate((e) => e.firstChild.textContent)).trim();
    assert.match(shown, want);
    if (link.includes('utc')) assert.equal(shown, utcText);
    assert.equal(await first.getAttribute('title'), created.replace(/\.000Z$/, 'Z'), 'the exact instant on hover');
    if (link.includes('utc')) {
      assert.match(await page.locator('.zone-note').textContent(), /in UTC\.$/);
    } else {
      // First the offset, then (once the page has settled) the zone's name.
      assert.match(await page.getByLabel('Time zone').locator('option').first().textContent(), /^Local \((UTC\+05:30|Asia\/(Kolkata|Calcutta))\)$/);
      await page.locator('.zone-note').filter({ hasText: /Asia\/(Kolkata|Calcutta)/ }).waitFor();
    }
    await context.close();
  }
});

test('switching the time zone rewrites only tz and does not refetch', async () => {
  const { page, apiRequests, context } = await openPage(browser);
  await page.goto(`${server.url}/?status=FAILED`);
  await page.locator('tbody.batch').first().waitFor();
  const before = listRequests(apiRequests).length;
  assert.equal(before, 1, 'one list request for the page');
  await page.getByLabel('Time zone').selectOption('utc');
  await page.waitForFunction(() => location.search === '?status=FAILED&tz=utc');
  await page.locator('.zone-note').filter({ hasText: /in UTC\.$/ }).waitFor();
  // A refetch would have been sent as the view changed, before the status change below sends
  // its own: the requests up to that one are all there is to count.
  const next = page.waitForRequest((r) => isListUrl(r.url()) && r.url().includes('status=COMPLETED'));
  await page.getByLabel('Status').selectOption('COMPLETED');
  await next;
  assert.deepEqual(listRequests(apiRequests).slice(before).map((r) => new URL(r.url).searchParams.get('status')),
    ['COMPLETED'], 'the zone switch sent nothing');
  await context.close();
});

test('status chips show the API\'s totals for the view and filter when clicked', async () => {
  const { page, errors, apiRequests, context } = await openPage(browser);
  const project = (await server.get('/api/v2/batches?page_size=1')).items[0].project_id;
  await page.goto(`${server.url}/?project_id=${project}&page_size=10`);
  const chips = page.getByRole('navigation', { name: 'Batch counts' });
  for (const status of ['PENDING', 'THROTTLED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED']) {
    const total = (await server.get(`/api/v2/batches?status=${status}&project_id=${project}&page_size=1`)).total_size;
    await chips.getByRole('link', { name: `${status} · ${total.toLocaleString('en-US')}` }).waitFor();
  }
  const counts = apiRequests.filter((r) => isCountUrl(r.url));
  assert.equal(counts.length, 6, 'one request per status');
  const failed = await server.get(`/api/v2/batches?status=FAILED&project_id=${project}&page_size=10`);
  await chips.getByRole('link', { name: /^FAILED · / }).click();
  await waitForIds(page, failed.items.map((b) => b.id));
  assert.equal(query(page), `?status=FAILED&project_id=${project}&page_size=10`);
  assert.equal(await chips.getByRole('link', { name: /^FAILED · / }).getAttribute('aria-current'), 'true');
  // Counts for another view come after the status change's would have: six more, not twelve.
  await page.getByLabel('Created within').selectOption('7d');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('created_within') === '7d');
  const sevenDays = () => apiRequests.filter((r) => isCountUrl(r.url) && r.url.includes('created_at_on_or_after'));
  while (sevenDays().length < 6) await page.waitForRequest((r) => isCountUrl(r.url()));
  assert.equal(apiRequests.filter((r) => isCountUrl(r.url)).length, 12, 'a status change reuses the counts');
  assert.deepEqual(errors, []);
  await context.close();
});

test('auto-refresh updates rows in place, announces new batches, and pauses while hidden', async () => {
  const { page, errors, apiRequests, context } = await openPage(browser);
  await page.clock.install();
  const base = await server.get('/api/v2/batches?page_size=10');
  await page.goto(`${server.url}/?page_size=10&refresh=10s`);
  await waitForIds(page, base.items.map((b) => b.id));
  assert.equal(await page.getByLabel('Auto-refresh').inputValue(), '10s');

  // The next answer: the second row has finished, and a newer batch exists.
  const changed = { ...base.items[1], status: 'CANCELLED', updated_at: new Date(Date.parse(base.items[1].updated_at) + 60000).toISOString() };
  const newer = { ...base.items[0], id: 'bat-00000000000000ff', created_at: new Date(Date.parse(base.items[0].created_at) + 1000).toISOString() };
  const fresh = { ...base, items: [newer, base.items[0], changed, ...base.items.slice(2, 9)] };
  await server.fault({ path_prefix: '/api/v2/batches', query_params: { page_size: '10' }, count: 2, status: 200, body: JSON.stringify(fresh) });

  // Someone has the row that is about to change open, and is on its toggle: the refresh must
  // take neither their focus nor the files they are reading.
  await page.getByRole('button', { name: `Files of ${changed.id}` }).click();
  const files = page.locator(`#files-${changed.id} > td > :not(.loading)`).first();
  await files.waitFor();
  await files.evaluate((el) => { el.dataset.reading = 'yes'; });
  await page.getByRole('button', { name: `Files of ${changed.id}` }).focus();
  const listBefore = listRequests(apiRequests).length;
  await page.clock.fastForward(10_500);
  await page.getByRole('status').filter({ hasText: '1 new batch' }).waitFor();
  assert.equal(listRequests(apiRequests).length, listBefore + 1, 'one background request');
  assert.deepEqual(await shownIds(page), base.items.map((b) => b.id), 'the rows have not moved');
  const second = page.locator('tbody.batch').nth(1);
  assert.equal(await second.locator('.badge').textContent(), 'CANCELLED', 'the changed row updated in place');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), `Files of ${changed.id}`,
    'focus stays on the changed row\'s toggle');

  await page.getByRole('button', { name: 'show' }).click();
  await waitForIds(page, fresh.items.map((b) => b.id));
  assert.equal(await page.getByText('1 new batch').count(), 0);
  assert.equal(await page.getByRole('button', { name: `Files of ${changed.id}` }).getAttribute('aria-expanded'), 'true',
    'the open row is still open after the refresh and the new order');
  assert.equal(await page.locator(`#files-${changed.id} [data-reading="yes"]`).count(), 1,
    'its files are the same nodes: not closed, re-made or moved out of the row');

  // Hidden: no requests, however long; visible again: a refresh at once.
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const hiddenFrom = listRequests(apiRequests).length;
  await page.clock.fastForward(60_000);
  const resumed = page.waitForRequest((r) => isListUrl(r.url()));
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await resumed;
  // Six intervals passed while hidden; any refresh then came before the one on showing.
  assert.equal(listRequests(apiRequests).length, hiddenFrom + 1, 'no refresh while hidden, one at once when shown');
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
  await context.close();
});

test('auto-refresh backs off on errors and says so', async () => {
  const { page, apiRequests, context } = await openPage(browser);
  await page.clock.install();
  await page.goto(`${server.url}/?page_size=10&refresh=10s`);
  await page.locator('table.batches').waitFor();
  await server.fault({ path_prefix: '/api/v2/batches', query_params: { page_size: '10' }, count: 5, status: 503, body: '{}' });
  const n0 = listRequests(apiRequests).length;
  await page.clock.fastForward(10_500);
  await page.getByText(/Auto-refresh failed: The API is temporarily unavailable \(503\)\. Next try in 20 s\./).waitFor();
  assert.equal(listRequests(apiRequests).length, n0 + 1);
  // 21 s later: without backing off, the 10 s interval would have sent two more by now.
  await page.clock.fastForward(15_000);
  await page.clock.fastForward(6_000);
  await page.getByText(/Next try in 40 s/).waitFor();
  assert.equal(listRequests(apiRequests).length, n0 + 2, 'waited the longer interval after a failure');
  assert.ok(await page.locator('table.batches').isVisible(), 'rows stay while refresh fails');
  await context.close();
});
