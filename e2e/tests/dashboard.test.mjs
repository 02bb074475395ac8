// The dashboard: the URL is the view, paging, expanding, time zones, races.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, listRequests, waitForIds, isListUrl, requestsSoFar, shownIds } from '../lib/browser.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });
beforeEach(async () => { await server.clearFaults(); });

const isList = (r) => isListUrl(r.url());
const query = (page) => new URL(page.url()).search;

/** Runs `action`, waits for the list answer it causes and for the table to show its rows. */
async function listAfter(page, action) {
  const responseP = page.waitForResponse(isList);
  await action();
  const response = await responseP;
  const body = await response.json();
  await waitForIds(page, body.items.map((b) => b.id));
  return { body, search: new URL(response.url()).search };
}

test('URL → request → rows: the request carries exactly the URL\'s filters', async () => {
  const { page, errors, context } = await openPage(browser);
  const { body, search } = await listAfter(page, () => page.goto(`${server.url}/?status=FAILED&page_size=10`));
  assert.equal(search, '?status=FAILED&page_size=10');
  assert.equal(body.items.length, 10);
  assert.ok(body.items.every((b) => b.status === 'FAILED'));
  assert.equal(await page.getByLabel('Status').inputValue(), 'FAILED');
  assert.equal(await page.getByLabel('Page size').inputValue(), '10');
  assert.deepEqual(errors, []);
  await context.close();
});

test('UI → URL: one list request per change, cursor reset, history entries', async () => {
  const { page, errors, apiRequests, context } = await openPage(browser);
  await listAfter(page, () => page.goto(`${server.url}/?page_size=10`));
  const first = await listAfter(page, () => page.getByRole('button', { name: 'Next page' }).click());
  assert.match(query(page), /page_token=/);

  const before = listRequests(apiRequests).length;
  const { search } = await listAfter(page, () => page.getByLabel('Status').selectOption('COMPLETED'));
  assert.equal(query(page), '?status=COMPLETED&page_size=10', 'a filter change starts from the first page');
  assert.equal(search, '?status=COMPLETED&page_size=10');
  await requestsSoFar(page);
  assert.equal(listRequests(apiRequests).length - before, 1, 'exactly one list request for one filter change');
  assert.notDeepEqual(first.body.items, []);

  // Typing applies after a pause, as one history entry.
  const { body: byProject } = await server.get('/api/v2/batches?page_size=1').then(async (b) => ({ body: b }));
  const project = byProject.items[0].project_id;
  await listAfter(page, () => page.getByLabel('Project').pressSequentially(project, { delay: 20 }));
  assert.equal(query(page), `?status=COMPLETED&project_id=${project}&page_size=10`);

  await listAfter(page, () => page.goBack());
  assert.equal(query(page), '?status=COMPLETED&page_size=10', 'Back skips the half-typed states');
  assert.equal(await page.getByLabel('Project').inputValue(), '');
  await listAfter(page, () => page.goBack());
  assert.match(query(page), /^\?page_size=10&page_token=/);
  assert.equal(await page.getByLabel('Status').inputValue(), '', 'Back restores the controls too');
  await listAfter(page, () => page.goForward());
  assert.equal(await page.getByLabel('Status').inputValue(), 'COMPLETED');

  await listAfter(page, () => page.getByRole('button', { name: 'Clear filters' }).click());
  assert.equal(query(page), '?page_size=10');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Next and Previous walk the cursor pages; a shared later page still reaches the first', async () => {
  const { page, errors, context } = await openPage(browser);
  const p1 = await listAfter(page, () => page.goto(`${server.url}/?status=COMPLETED&page_size=20`));
  assert.ok(await page.getByRole('button', { name: 'Previous page' }).isDisabled());
  const p2 = await listAfter(page, () => page.getByRole('button', { name: 'Next page' }).click());
  assert.equal(new URLSearchParams(query(page)).get('page_token'), p1.body.next_page_token);
  const p3 = await listAfter(page, () => page.getByRole('button', { name: 'Next page' }).click());
  assert.equal(new URLSearchParams(query(page)).get('page_token'), p2.body.next_page_token);
  const back2 = await listAfter(page, () => page.getByRole('button', { name: 'Previous page' }).click());
  assert.deepEqual(back2.body.items.map((b) => b.id), p2.body.items.map((b) => b.id));
  const back1 = await listAfter(page, () => page.getByRole('button', { name: 'Previous page' }).click());
  assert.deepEqual(back1.body.items.map((b) => b.id), p1.body.items.map((b) => b.id));
  assert.equal(query(page), '?status=COMPLETED&page_size=20');

  // The link of page 3, opened by a teammate in a fresh browser.
  const sharedUrl = `${server.url}/?status=COMPLETED&page_size=20&page_token=${encodeURIComponent(p2.body.next_page_token)}`;
  const mate = await openPage(browser);
  const shared = await listAfter(mate.page, () => mate.page.goto(sharedUrl));
  assert.deepEqual(shared.body.items.map((b) => b.id), p3.body.items.map((b) => b.id));
  const home = await listAfter(mate.page, () => mate.page.getByRole('button', { name: 'Previous page' }).click());
  assert.deepEqual(home.body.items.map((b) => b.id), p1.body.items.map((b) => b.id));
  assert.equal(query(mate.page), '?status=COMPLETED&page_size=20');
  assert.deepEqual([...errors, ...mate.errors], []);
  await context.close();
  await mate.context.close();
});

test('the last page disables Next', async () => {
  const { page, context } = await openPage(browser);
  const all = await server.get('/api/v2/batches?status=PENDING&page_size=1000');
  assert.ok(all.items.length > 0 && all.items.length <= 200, `${all.items.length} pending batches fit one page`);
  await listAfter(page, () => page.goto(`${server.url}/?status=PENDING&page_size=200`));
  assert.ok(await page.getByRole('button', { name: 'Next page' }).isDisabled());
  await context.close();
});

test('an invalid page cursor shows a notice and the first page of the same view', async () => {
  const { page, errors, context } = await openPage(browser);
  const firstPage = await server.get('/api/v2/batches?status=FAILED&page_size=20');
  await page.goto(`${server.url}/?status=FAILED&page_token=forged`);
  await waitForIds(page, firstPage.items.map((b) => b.id));
  await page.getByText('That page link is no longer valid').waitFor();
  assert.equal(query(page), '?status=FAILED');
  assert.deepEqual(errors.filter((e) => !e.includes('400')), []);
  await context.close();
});

test('expanding a batch fetches its results once and shows a hostile error message as text', async () => {
  const { page, errors, apiRequests, context } = await openPage(browser);
  const { body } = await listAfter(page, () => page.goto(`${server.url}/?status=COMPLETED&page_size=10`));
  const target = body.items[2];
  const hostile = '<img src=x onerror="window.__pwned=1">';
  await server.fault({
    path_prefix: `/api/v2/batches/${target.id}`,
    status: 200,
    body: JSON.stringify({
      ...target,
      results: [
        { source_directory_file_id: 'dfl-0000000000000001', error_message: hostile },
        { source_directory_file_id: 'dfl-0000000000000002', error_message: null, job_reference: { id: 'pjb-1', type: 'parse_v2' } },
      ],
    }),
  });
  const toggle = page.getByRole('button', { name: `Files of ${target.id}` });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const panel = page.locator(`#files-${target.id}`);
  await panel.getByText(hostile, { exact: true }).waitFor();
  assert.equal(await panel.locator('img').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  // Outcomes come from the jobs: the file without a job says so, and the
  // job the lookup does not return is "job not found", never ok.
  await panel.getByText('Job not found', { exact: true }).waitFor();
  assert.equal(
    await panel.locator('.outcome-summary .files-summary').textContent(),
    '2 files: 0 completed · 0 failed · 0 running · 0 pending · 1 without a job · 1 job not found',
  );
  await toggle.click();
  assert.ok(await panel.isHidden());
  await toggle.click();
  await panel.getByText(hostile, { exact: true }).waitFor();
  const expands = apiRequests.filter((r) => r.path === `/api/v2/batches/${target.id}`);
  assert.equal(expands.length, 1, 'results are cached while the list is shown');
  assert.equal(expands[0].search, '?expand=results');
  assert.deepEqual(errors, []);
  await context.close();
});

test('running and empty batches explain their missing results', async () => {
  const { page, context } = await openPage(browser);
  const { body } = await listAfter(page, () => page.goto(`${server.url}/?status=PENDING&page_size=10`));
  await page.getByRole('button', { name: `Files of ${body.items[0].id}` }).click();
  await page.getByText('Results are not available yet while the batch is PENDING.').waitFor();
  await context.close();
});

test('two time zones open the same link and send identical instants', async () => {
  const link = `${server.url}/?created_at_on_or_after=2026-11-01&created_at_on_or_before=2026-11-20T12:00:00%2B01:00`;
  const sent = [];
  for (const timezoneId of ['America/Los_Angeles', 'Asia/Kolkata']) {
    const { page, context } = await openPage(browser, { timezoneId });
    const { search } = await listAfter(page, () => page.goto(link));
    sent.push(search);
    await context.close();
  }
  assert.equal(sent[0], sent[1]);
  assert.equal(sent[0], '?created_at_on_or_after=2026-11-01T00:00:00Z&created_at_on_or_before=2026-11-20T11:00:00Z&page_size=20');
});

test('a date picked in the viewer\'s zone becomes that instant, shown back in that zone', async () => {
  const cases = [
    ['Asia/Kolkata', /Asia\/(Kolkata|Calcutta)/, '2026-11-20T04:30:00Z'],
    ['America/Los_Angeles', /America\/Los_Angeles/, '2026-11-20T18:00:00Z'],
  ];
  for (const [timezoneId, zoneName, want] of cases) {
    const { page, context } = await openPage(browser, { timezoneId });
    await listAfter(page, () => page.goto(`${server.url}/`));
    // The zone's name replaces its offset once the page has settled (the
    // first Intl call is slow, so it is not made before the first rows).
    await page.locator('.zone-note').filter({ hasText: zoneName }).waitFor();
    await page.getByLabel('Created within').selectOption('custom');
    await listAfter(page, () => page.getByLabel('Created on or after').fill('2026-11-20T10:00'));
    assert.equal(new URLSearchParams(query(page)).get('created_at_on_or_after'), want);
    await page.reload();
    await page.locator('table.batches').waitFor();
    assert.equal(await page.getByLabel('Created on or after').inputValue(), '2026-11-20T10:00');
    await context.close();
  }
});

test('+, % and space in URL values survive the browser and the router', async () => {
  const { page, context } = await openPage(browser);
  // An encoded offset, and an unencoded one that a pasted link turns into a space.
  for (const raw of ['2026-11-01T01:00:00%2B01:00', '2026-11-01T01:00:00+01:00']) {
    const { search } = await listAfter(page, () => page.goto(`${server.url}/?created_at_on_or_after=${raw}`));
    assert.equal(search, '?created_at_on_or_after=2026-11-01T00:00:00Z&page_size=20');
  }
  // A cursor with +, % and space reaches the API byte for byte.
  const responseP = page.waitForResponse((r) => isList(r) && r.url().includes('page_token'));
  await page.goto(`${server.url}/?page_token=a%2Bb%25c%20d`);
  const response = await responseP;
  assert.equal(new URL(response.url()).searchParams.get('page_token'), 'a+b%c d');
  const seen = (await server.requests()).filter((r) => r.query.includes('page_token'));
  assert.match(seen.at(-1).query, /page_token=a%2Bb%25c%20d/);
  await context.close();
});

test('a slow answer for an older view never replaces the newer one', async () => {
  const { page, errors, context } = await openPage(browser);
  await listAfter(page, () => page.goto(`${server.url}/?page_size=10`));
  await server.fault({ path_prefix: '/api/v2/batches', query_params: { status: 'FAILED', page_size: '10' }, delay_ms: 1500 });
  const running = await server.get('/api/v2/batches?status=RUNNING&page_size=10');
  const isSlow = (r) => isListUrl(r.url()) && r.url().includes('status=FAILED&page_size=10');
  // The older view's request ends one way or the other (aborted, or answered late): only then
  // can its answer have replaced anything.
  const slowEnded = Promise.race([page.waitForEvent('requestfailed', isSlow), page.waitForEvent('requestfinished', isSlow)]);
  const slowSent = page.waitForRequest(isSlow);
  await page.getByLabel('Status').selectOption('FAILED');
  await slowSent;
  await page.getByLabel('Status').selectOption('RUNNING');
  await waitForIds(page, running.items.map((b) => b.id));
  await slowEnded;
  await requestsSoFar(page);
  assert.deepEqual(await shownIds(page), running.items.map((b) => b.id), 'the newer view\'s rows stay');
  assert.equal(await page.getByLabel('Status').inputValue(), 'RUNNING');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a batch with 1,000 files expands with one request and shows every file', async () => {
  const list = await server.get('/api/v2/batches?status=COMPLETED&page_size=200');
  let big;
  for (const b of list.items) {
    const full = await server.get(`/api/v2/batches/${b.id}?expand=results`);
    if (full.results?.length === 1000) { big = full; break; }
  }
  assert.ok(big, 'the demo data has a 1,000-file batch among the first 200 completed');
  const { page, errors, apiRequests, context } = await openPage(browser);
  await listAfter(page, () => page.goto(`${server.url}/?status=COMPLETED&page_size=200`));
  await page.getByRole('button', { name: `Files of ${big.id}` }).click();
  const rows = page.locator(`#files-${big.id} table.files tbody tr`);
  await page.waitForFunction((id) => document.querySelectorAll(`#files-${id} table.files tbody tr`).length === 1000, big.id);
  assert.equal(await rows.count(), 1000);
  assert.equal(await rows.nth(999).locator('code').first().textContent(), big.results[999].source_directory_file_id);
  const mine = apiRequests.filter((r) => r.path.startsWith('/api/v2/batches/'));
  assert.equal(mine.length, 1, 'one request for all files, none per file');
  assert.deepEqual(errors, []);
  await context.close();
});
