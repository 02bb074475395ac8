// Beyond, part 3 (issue 16): watch and be told, go to a batch, exact-time
// links, durations, saved views, the activity chart, a phone-sized first screen.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, waitForIds, isListUrl, isChartUrl, isCountUrl, requestsSoFar } from '../lib/browser.mjs';
import { jobsOf, outcomeOf } from '../lib/jobs.mjs';
import { axeViolations } from '../lib/axe.mjs';


let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });
beforeEach(async () => { await server.clearFaults(); });

const finish = async (id, status) => {
  const r = await fetch(`${server.url}/__test/finish?batch=${encodeURIComponent(id)}&status=${status}`, { method: 'POST' });
  assert.ok(r.ok, `finish ${id}: ${r.status}`);
};

// Records every `new Notification(title, { body })` the page makes, while
// still calling the real constructor.
const OBSERVE_NOTIFICATIONS = () => {
  const Real = window.Notification;
  window.__notifications = [];
  window.Notification = class extends Real {
    constructor(title, options) {
      window.__notifications.push({ title, body: options?.body });
      super(title, options);
    }
  };
};

test('watch: the first click asks for permission; a watched batch that finishes notifies with its jobs\' outcomes, counts in the title and the Watching menu, across a reload', async () => {
  const { page, errors, apiRequests, context } = await openPage(browser);
  await context.grantPermissions(['notifications'], { origin: server.url });
  await context.addInitScript(OBSERVE_NOTIFICATIONS);
  const running = (await server.get('/api/v2/batches?status=RUNNING&page_size=5')).items;
  const id = running[0].id;
  await page.goto(`${server.url}/?status=RUNNING&page_size=5`);
  await waitForIds(page, running.map((b) => b.id));
  const baseTitle = await page.title();
  const button = page.getByRole('button', { name: `Watch batch ${id}` });
  assert.equal(await button.getAttribute('aria-pressed'), 'false');
  await button.click();
  assert.equal(await button.getAttribute('aria-pressed'), 'true');
  await page.locator('details.watching > summary', { hasText: 'Watching (1)' }).waitFor();

  await finish(id, 'FAILED');
  // A reload keeps the watch and asks about it on the first tick.
  const polled = page.waitForRequest((r) => new URL(r.url()).pathname === `/api/v2/batches/${id}`, { timeout: 15000 });
  await page.reload();
  await polled;
  await page.waitForFunction(() => window.__notifications.length > 0, null, { timeout: 10000 });
  const told = await page.evaluate(() => window.__notifications);
  assert.equal(told.length, 1, JSON.stringify(told));
  assert.equal(told[0].title, `${id} finished: FAILED`);
  // The batch itself knows only which files got no job; the notification waits for the jobs'
  // own statuses (the job endpoints, as the batch page reads them) and counts what they say.
  const finished = await server.get(`/api/v2/batches/${id}?expand=results`);
  const jobs = await jobsOf(server, finished);
  const outcomes = (finished.results ?? []).map((r) => outcomeOf(r, jobs));
  const n = (k) => k.toLocaleString('en-US');
  const files = `${n(outcomes.length)} ${outcomes.length === 1 ? 'file' : 'files'}`;
  const failed = outcomes.filter((o) => o.failed).length;
  if (outcomes.every((o) => o.label === 'COMPLETED')) assert.equal(told[0].body, `all ${files} processed`);
  else assert.ok(told[0].body.startsWith(`${n(failed)} of ${files} failed`), `${told[0].body}: ${failed} failed`);
  assert.doesNotMatch(told[0].body, /checking|not checked/, 'told once the jobs answered');
  const lookups = apiRequests.filter((r) => /^\/api\/v2\/(parse|extract)$/.test(r.path));
  const withJobs = outcomes.filter((o) => o.label !== 'No job').length;
  assert.ok(lookups.length >= (withJobs > 0 ? 1 : 0) && lookups.length <= Math.ceil(withJobs / 100) + 2,
    `${lookups.length} job list requests for ${withJobs} jobs`);
  await page.waitForFunction((t) => document.title === `(1) ${t}`, baseTitle);

  await page.locator('details.watching > summary').click();
  const line = page.locator('li.watch-line', { hasText: id });
  assert.match(await line.textContent(), /FAILED/);
  assert.ok((await line.locator('.watch-state').textContent()).endsWith(told[0].body), 'the menu says what the notification said');
  await page.waitForFunction((t) => document.title === t, baseTitle, { timeout: 5000 });
  await line.getByRole('button', { name: `Unwatch ${id}` }).click();
  await page.locator('details.watching > summary', { hasText: 'Watching (0)' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('batches.watches.v1')), '[]');
  assert.deepEqual(errors, []);
  await context.close();
});

test('watch: a batch that no longer exists is asked about once, said to be gone, never announced, and can be removed', async () => {
  const { page, errors, apiRequests, context } = await openPage(browser);
  await context.grantPermissions(['notifications'], { origin: server.url });
  await context.addInitScript(OBSERVE_NOTIFICATIONS);
  const id = 'bat-00000000deadbeef';
  await context.addInitScript((i) => {
    if (!localStorage.getItem('batches.watches.v1')) localStorage.setItem('batches.watches.v1', JSON.stringify([{ i, s: 'RUNNING', v: false }]));
  }, id);
  await page.clock.install();
  const asked = () => apiRequests.filter((r) => r.path === `/api/v2/batches/${id}`).length;
  await page.goto(`${server.url}/?page_size=3`);
  await page.locator('details.watching > summary', { hasText: 'Watching (1)' }).waitFor();
  await page.clock.fastForward(6_000);
  await page.locator('details.watching > summary').click();
  const line = page.locator('li.watch-line', { hasText: id });
  await line.getByText('no longer exists').waitFor();
  assert.equal(asked(), 1);
  // Ten poll intervals later: still the one request, and nothing announced.
  for (let i = 0; i < 10; i++) await page.clock.fastForward(30_000);
  await requestsSoFar(page);
  assert.equal(asked(), 1, 'a batch that is gone is not polled again');
  assert.deepEqual(await page.evaluate(() => window.__notifications), []);
  await line.getByRole('button', { name: `Remove ${id}` }).click();
  await page.locator('details.watching > summary', { hasText: 'Watching (0)' }).waitFor();
  assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
  await context.close();
});

test('watch: denied notifications are said once and the watch still works in the page', async () => {
  const { page, errors, context } = await openPage(browser);
  await page.addInitScript(() => { Object.defineProperty(Notification, 'permission', { get: () => 'denied' }); });
  const list = (await server.get('/api/v2/batches?status=PENDING&page_size=3')).items;
  await page.goto(`${server.url}/?status=PENDING&page_size=3`);
  await waitForIds(page, list.map((b) => b.id));
  await page.getByRole('button', { name: `Watch batch ${list[0].id}` }).click();
  await page.getByRole('button', { name: `Watch batch ${list[1].id}` }).click();
  const said = page.locator('.top-notice');
  assert.match(await said.textContent(), /notifications are blocked/);
  assert.equal(await said.count(), 1);
  await page.locator('details.watching > summary', { hasText: 'Watching (2)' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('go to a batch: g focuses the box, a pasted link with quotes and spaces opens the batch; an unknown id gets the 404 message', async () => {
  const { page, errors, context } = await openPage(browser);
  const id = (await server.get('/api/v2/batches?page_size=3')).items[2].id;
  await page.goto(`${server.url}/?page_size=3`);
  await page.locator('table.batches code.batch-id').first().waitFor();
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('g');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'goto-batch');
  await page.keyboard.insertText(`  "https://dashboard.example/batches/${id}?files=failed" `);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${server.url}/batches/${id}`);
  await page.locator('h1 code.batch-id', { hasText: id }).waitFor();
  await page.locator('.facts').waitFor();

  await page.getByLabel('Batch id or link').fill('bat-does-not-exist');
  await page.getByLabel('Batch id or link').press('Enter');
  await page.waitForURL(`${server.url}/batches/bat-does-not-exist`);
  assert.match(await page.getByRole('alert').first().textContent(), /^The API has no such item \(404/);

  await page.getByLabel('Batch id or link').fill(' “ ” ');
  await page.getByLabel('Batch id or link').press('Enter');
  assert.equal(await page.locator('.goto-problem').textContent(), 'Type or paste a batch id, or a link to a batch\'s page.');
  assert.equal(new URL(page.url()).pathname, '/batches/bat-does-not-exist', 'no navigation on bad input');
  assert.deepEqual(errors.filter((e) => !e.includes('404')), []);
  await context.close();
});

test('copy link: as shown is the address; at this exact time pins the relative range to instants', async () => {
  const { page, errors, context } = await openPage(browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.goto(`${server.url}/?status=FAILED&created_within=24h`);
  await page.locator('table.batches, p.empty').first().waitFor();
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

  await page.locator('.copy-link summary').click();
  await page.getByRole('button', { name: 'Copy link as shown' }).click();
  await page.locator('.copy-message', { hasText: 'Link copied.' }).waitFor();
  const params = (u) => [...new URL(u).searchParams].sort().join('&');
  const shown = await clipboard();
  assert.equal(new URL(shown).pathname, '/');
  assert.equal(params(shown), params(page.url()), 'the same view as the address');

  const before = Date.now();
  await page.locator('.copy-link summary').click();
  await page.getByRole('button', { name: 'Copy link at this exact time' }).click();
  await page.locator('.copy-message', { hasText: /^Link copied: batches created from / }).waitFor();
  const link = new URL(await clipboard());
  assert.equal(link.origin, server.url);
  assert.equal(link.searchParams.get('status'), 'FAILED');
  assert.equal(link.searchParams.get('created_within'), null, 'the relative range is resolved');
  const from = Date.parse(link.searchParams.get('created_at_on_or_after'));
  const to = Date.parse(link.searchParams.get('created_at_on_or_before'));
  assert.ok(Math.abs(to - before) < 60_000, `upper bound is now: ${link}`);
  assert.ok(Math.abs(to - from - 24 * 3600_000) < 1000, `24 hours: ${link}`);
  // Opening it next week lists the same batches: the request carries those instants.
  const req = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v2/batches' && r.url().includes('created_at_on_or_after'));
  await page.goto(link.href);
  const sent = new URL((await req).url());
  assert.equal(Date.parse(sent.searchParams.get('created_at_on_or_after')), from);
  assert.equal(Date.parse(sent.searchParams.get('created_at_on_or_before')), to);
  assert.deepEqual(errors, []);
  await context.close();
});

// The Duration column's rule for a finished batch: updated_at − created_at in two units at most.
function elapsed(ms) {
  const s = Math.floor(Math.max(0, ms) / 1000);
  if (s < 60) return `${s} s`;
  const [big, bu, small, su] = s < 3600 ? [Math.floor(s / 60), 'min', s % 60, 's']
    : s < 86400 ? [Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'min']
      : [Math.floor(s / 86400), 'd', Math.floor((s % 86400) / 3600), 'h'];
  return small === 0 ? `${big} ${bu}` : `${big} ${bu} ${small} ${su}`;
}

test('durations: a finished batch shows updated − created; a running one says running, and a quiet one says so in words', async () => {
  const { page, errors, context } = await openPage(browser);
  const done = (await server.get('/api/v2/batches?status=COMPLETED&page_size=5')).items;
  await page.goto(`${server.url}/?status=COMPLETED&page_size=5`);
  await waitForIds(page, done.map((b) => b.id));
  assert.equal(await page.locator('table.batches thead th').last().textContent(), 'Duration');
  const cells = await page.locator('table.batches td.duration').allTextContents();
  assert.deepEqual(cells, done.map((b) => elapsed(Date.parse(b.updated_at) - Date.parse(b.created_at))));

  const running = (await server.get('/api/v2/batches?status=RUNNING&page_size=5')).items;
  await page.goto(`${server.url}/?status=RUNNING&page_size=5`);
  await waitForIds(page, running.map((b) => b.id));
  const texts = await page.locator('table.batches td.duration').allTextContents();
  running.forEach((b, i) => {
    assert.match(texts[i], /^running \d/);
    const quiet = Date.now() - Date.parse(b.updated_at) >= 30 * 60_000;
    assert.equal(/ · no update for \d/.test(texts[i]), quiet, `${b.id}: ${texts[i]}`);
  });
  assert.deepEqual(errors, []);
  await context.close();
});

/** Opens the Views menu unless it is open already (it stays open across a view change). */
async function openViews(page) {
  if (!(await page.locator('details.views').evaluate((d) => d.open))) await page.locator('details.views > summary').click();
}

test('saved views: save, pin as the default of /, the notice and show all, across a reload; rename and delete', async () => {
  const { page, errors, context } = await openPage(browser);
  await page.goto(`${server.url}/?status=FAILED&created_within=24h`);
  await page.locator('table.batches, p.empty').first().waitFor();
  await page.locator('details.views > summary').click();
  await page.getByLabel('Name of this view').fill('My failures');
  await page.getByRole('button', { name: 'Save view' }).click();
  await page.locator('.views-message', { hasText: 'Saved this view as “My failures”.' }).waitFor();
  await page.getByRole('button', { name: 'Pin as default: My failures' }).click();

  await page.reload();
  await page.goto(`${server.url}/`);
  await page.waitForURL((u) => u.searchParams.get('status') === 'FAILED' && u.searchParams.get('created_within') === '24h');
  const notice = page.locator('.default-view');
  assert.match(await notice.textContent(), /^Default view: Failed last 24 h/);
  const all = page.waitForRequest((r) => isListUrl(r.url()) && !r.url().includes('status='));
  await notice.getByRole('link', { name: 'show all' }).click();
  await all;
  assert.equal(new URL(page.url()).search, '?view=all');
  await notice.waitFor({ state: 'detached' });

  // Built-ins open like links; renaming keeps the pin; deleting drops it.
  await openViews(page);
  await page.getByRole('link', { name: 'Running now' }).click();
  await page.waitForURL((u) => u.searchParams.get('status') === 'RUNNING');
  await openViews(page);
  await page.getByRole('button', { name: 'Rename My failures' }).click();
  await page.getByLabel('New name').fill('Failures today');
  await page.locator('form.rename').getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('button', { name: 'Unpin Failures today' }).waitFor();
  await page.getByRole('button', { name: 'Delete Failures today' }).click();
  await page.getByRole('link', { name: 'Failures today' }).waitFor({ state: 'detached' });
  await page.goto(`${server.url}/`);
  await page.locator('table.batches').waitFor();
  assert.equal(new URL(page.url()).search, '', 'no default any more');
  assert.deepEqual(errors, []);
  await context.close();
});

test('activity chart: bars match the API totals per day, the figures are a table, clicking a day narrows the list', async () => {
  const { page, errors, context } = await openPage(browser, { timezoneId: 'UTC' });
  await page.goto(`${server.url}/?page_size=10`);
  const chart = page.getByRole('img', { name: /^Batches per day, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d$/ });
  await chart.waitFor({ timeout: 15000 });
  const days = await page.locator('svg.activity-chart g.day').evaluateAll((gs) => gs.map((g) => ({
    date: g.dataset.date,
    total: Number(g.dataset.total),
    segments: [...g.querySelectorAll('rect.bar')].map((r) => [r.dataset.status, Number(r.dataset.count)]),
  })));
  assert.equal(days.length, 7, 'the last 7 days without a range');
  const links = await page.locator('table.activity-table tbody th a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const [i, day] of days.entries()) {
    const q = new URL(links[i], server.url).searchParams;
    if (i > 0) assert.equal(q.get('created_at_on_or_after'), `${day.date}T00:00:00Z`);
    if (i < days.length - 1) assert.equal(q.get('created_at_on_or_before'), `${day.date}T23:59:59.999Z`);
    q.set('page_size', '1');
    const total = (await server.get(`/api/v2/batches?${q}`)).total_size;
    assert.equal(day.total, total, `${day.date}: bar ${day.total}, API ${total}`);
    for (const [status, n] of day.segments) {
      q.set('status', status);
      assert.equal(n, (await server.get(`/api/v2/batches?${q}`)).total_size, `${day.date} ${status}`);
    }
    q.delete('status');
  }
  assert.ok(days.some((d) => d.total > 0), 'the demo has batches this week');

  const pick = days.findIndex((d, i) => i > 0 && i < days.length - 1 && d.total > 0);
  await page.locator('svg.activity-chart g.day').nth(pick).click();
  await page.waitForURL((u) => u.searchParams.get('created_at_on_or_after') === `${days[pick].date}T00:00:00Z`);
  await page.locator('.summary', { hasText: `${days[pick].total.toLocaleString('en-US')} batch` }).waitFor();
  const created = await page.locator('table.batches td.times time').first().getAttribute('datetime');
  assert.ok(created?.startsWith(days[pick].date), `${created} is on ${days[pick].date}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('activity chart: its requests wait for the list and are cancelled when the view changes', async () => {
  const { page, errors, context } = await openPage(browser);
  // The chart's first request (its range total) hangs long enough to be overtaken.
  await server.fault({ path_prefix: '/api/v2/batches', query_contains: 'created_at_on_or_before', count: 1, delay_ms: 8000 });
  const failed = [];
  page.on('requestfailed', (r) => { if (isChartUrl(r.url())) failed.push(new URL(r.url())); });
  const slow = page.waitForRequest((r) => isChartUrl(r.url()));
  await page.goto(`${server.url}/?page_size=10`);
  const first = new URL((await slow).url());
  assert.equal(first.searchParams.get('status'), null);
  await page.getByLabel('Status').selectOption('FAILED');
  await page.getByRole('img', { name: /^Batches per day/ }).waitFor({ timeout: 15000 });
  assert.deepEqual(failed.map((u) => u.search), [first.search], 'the old view\'s chart request was aborted');
  const bars = await page.locator('svg.activity-chart rect.bar').evaluateAll((rs) => rs.map((r) => r.dataset.status));
  assert.ok(bars.every((s) => s === 'FAILED'), `only FAILED bars: ${bars}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('status counts and the activity chart send their requests after the list\'s rows are on screen', async () => {
  const { page, errors, context } = await openPage(browser);
  // The moment of the first frame that has rows, before it is painted.
  await page.addInitScript(() => {
    const look = () => {
      if (document.querySelector('table.batches tbody.batch')) window.rows_frame = performance.now();
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  const chart = page.waitForRequest((r) => isChartUrl(r.url()));
  const count = page.waitForRequest((r) => isCountUrl(r.url()));
  await page.goto(`${server.url}/?page_size=10`);
  for (const [what, request] of [['chart', chart], ['count', count]]) {
    const href = (await request).url();
    // A request's timing entry is there once its answer is.
    const entry = await page.waitForFunction((h) => performance.getEntriesByType('resource').find((e) => e.name === h)?.startTime, href);
    const [framed, started] = [await page.evaluate(() => window.rows_frame), await entry.jsonValue()];
    assert.ok(framed > 0, `rows frame ${framed}`);
    assert.ok(started > framed, `the first ${what} request (${started} ms) waited for the rows' frame (${framed} ms)`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('activity chart: hidden with a note when the API gives no totals', async () => {
  const { page, errors, context } = await openPage(browser);
  await server.fault({ path_prefix: '/api/v2/batches', query_contains: 'created_at_on_or_before', count: 1, status: 200, body: '{"items":[],"next_page_token":null}', content_type: 'application/json' });
  await page.goto(`${server.url}/?page_size=10`);
  await page.locator('p.activity', { hasText: 'The chart is hidden: the API did not say how many batches match' }).waitFor();
  assert.equal(await page.locator('svg.activity-chart').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('phone: at 360 × 780 the first row is on the first screen, filters fold behind a button that counts them, axe stays clean', async () => {
  const { page, errors, context } = await openPage(browser, { viewport: { width: 360, height: 780 }, bypassCSP: true });
  await page.goto(`${server.url}/?status=FAILED&project_id=prj-1`);
  await page.locator('table.batches, p.empty').first().waitFor();
  await page.goto(`${server.url}/`);
  await page.locator('table.batches code.batch-id').first().waitFor();
  const box = await page.locator('table.batches tbody.batch').first().boundingBox();
  assert.ok(box.y + box.height <= 780, `first row ends at ${box.y + box.height}px`);
  const toggle = page.getByRole('button', { name: /^Filters/ });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByLabel('Status').isVisible(), false);
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Enter');
  assert.equal(await page.getByLabel('Status').isVisible(), false, 'folded again');
  // The / shortcut unfolds them and focuses the first filter.
  await page.locator('body').click({ position: { x: 2, y: 300 } });
  await page.keyboard.press('/');
  await page.waitForFunction(() => document.activeElement?.tagName === 'SELECT');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.getByLabel('Status').selectOption('FAILED');
  await page.waitForURL((u) => u.searchParams.get('status') === 'FAILED');
  assert.equal(await toggle.textContent(), 'Filters · 1 active');
  await page.locator('details.views > summary').click();
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});
