// Export: every page of the filtered view as CSV or JSON, read back and compared with the API;
// progress, Cancel, errors and retries, and spreadsheet formulas made inert.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, until, requestsSoFar } from '../lib/browser.mjs';
import { parseCsv, cell, STAMP } from '../lib/csv.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });
beforeEach(async () => { await server.clearFaults(); await server.clearRequests(); });

const LIST = '/api/v2/batches';
const COLUMNS = ['id', 'status', 'job_type', 'configuration_id', 'project_id', 'source_directory_id', 'created_at', 'updated_at'];
/** Chromium logs aborted and non-2xx requests as console errors; those are expected here. */
const unexpected = (errors) => errors.filter((e) => !/Failed to load resource|net::ERR_/.test(e));

/** An export's page requests: the list asked for 200 rows at a time. */
const isExportUrl = (url) => {
  const u = new URL(url, 'http://x');
  return u.pathname === LIST && u.searchParams.get('page_size') === '200';
};
const exportRequests = (apiRequests) => apiRequests.filter((r) => isExportUrl(r.url));
const serverExportRequests = async () => (await server.requests()).filter((r) => isExportUrl(`${r.path}?${r.query}`));

/** Every batch a query matches, straight from the server, following next_page_token. */
async function allBatches(query) {
  const items = [];
  let token;
  do {
    const q = new URLSearchParams(query);
    q.set('page_size', '1000');
    if (token) q.set('page_token', token);
    const p = await server.get(`${LIST}?${q}`);
    items.push(...p.items);
    token = p.next_page_token;
  } while (token);
  return items;
}

const expectedRow = (b) => [
  b.id, b.status, b.config?.job?.type, b.config?.job?.configuration_id, b.project_id,
  b.source_directory_id, b.created_at, b.updated_at,
].map(cell);

/** Clicks `button` and returns the download it starts: file name and text. */
async function download(page, button) {
  const downloadP = page.waitForEvent('download', { timeout: 30000 });
  await page.getByRole('button', { name: button, exact: true }).click();
  const d = await downloadP;
  return { name: d.suggestedFilename(), text: await readFile(await d.path(), 'utf8') };
}

async function openList(search, options) {
  const opened = await openPage(browser, options);
  await opened.page.goto(`${server.url}/${search}`);
  await opened.page.locator('table.batches').waitFor();
  return opened;
}

test('CSV and JSON hold every page of the filtered view, as the API sent it, named for the filters', async () => {
  const key = 'llx-export-test-key';
  const { page, errors, apiRequests, context } = await openPage(browser);
  await context.addInitScript((k) => sessionStorage.setItem('batches-dashboard.api-key', k), key);
  await page.goto(`${server.url}/?status=FAILED&page_size=10`);
  await page.locator('table.batches').waitFor();
  const want = await allBatches('status=FAILED');
  assert.ok(want.length > 200, `${want.length} failed batches span more than one export page`);

  const csv = await download(page, 'Export CSV');
  assert.match(csv.name, new RegExp(`^batches_status-FAILED_${STAMP}\\.csv$`));
  const rows = parseCsv(csv.text);
  assert.deepEqual(rows[0], COLUMNS);
  assert.equal(rows.length - 1, want.length, 'every page, not just the 10 rows shown');
  rows.slice(1).forEach((row, i) => assert.deepEqual(row, expectedRow(want[i]), `row ${i + 1}`));
  await page.getByRole('status').filter({ hasText: `Saved ${want.length} batches to ${csv.name}.` }).waitFor();
  assert.equal(await page.getByText('Export stopped at').count(), 0, 'no cap notice for a small export');

  const pages = exportRequests(apiRequests);
  assert.equal(pages.length, Math.ceil(want.length / 200));
  assert.equal(pages[0].search, '?status=FAILED&page_size=200', 'from the first page, 200 at a time, whatever the view shows');
  assert.ok(pages.slice(1).every((r) => new URL(r.url).searchParams.get('page_token')));
  for (const r of pages) assert.equal(await r.request.headerValue('authorization'), `Bearer ${key}`);

  const json = await download(page, 'Export JSON');
  assert.match(json.name, new RegExp(`^batches_status-FAILED_${STAMP}\\.json$`));
  assert.deepEqual(JSON.parse(json.text), want, 'the batches exactly as the API returned them, in order');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a relative range is resolved once: every page asks about the same instant', async () => {
  const { page, errors, apiRequests, context } = await openList('?created_within=30d');
  const json = await download(page, 'Export JSON');
  assert.match(json.name, new RegExp(`^batches_created-within-30d_${STAMP}\\.json$`));
  const pages = exportRequests(apiRequests);
  assert.ok(pages.length > 2, `${pages.length} pages`);
  const instants = new Set(pages.map((r) => new URL(r.url).searchParams.get('created_at_on_or_after')));
  assert.equal(instants.size, 1, `one instant for ${pages.length} pages: ${[...instants]}`);
  const [since] = instants;
  assert.match(since, /Z$/);
  const want = await allBatches(`created_at_on_or_after=${since}`);
  assert.deepEqual(JSON.parse(json.text).map((b) => b.id), want.map((b) => b.id));
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('the progress bar counts toward total_size, and Cancel aborts the request in flight and stops', async () => {
  const { page, errors, apiRequests, context } = await openList('');
  let downloads = 0;
  page.on('download', () => { downloads += 1; });
  const aborted = [];
  page.on('requestfailed', (r) => { if (isExportUrl(r.url())) aborted.push(r.failure()?.errorText); });
  // Pages 1 and 2 arrive after a short delay; later ones are held long enough to cancel in flight.
  await server.fault({ path_prefix: LIST, query_contains: 'page_size=200', count: 2, delay_ms: 300 });
  await server.fault({ path_prefix: LIST, query_contains: 'page_size=200', count: 10, delay_ms: 3000 });

  await page.getByRole('button', { name: 'Export CSV', exact: true }).click();
  const bar = page.getByRole('progressbar', { name: 'Export progress' });
  await bar.waitFor();
  const csvButton = page.getByRole('button', { name: 'Export CSV', exact: true });
  assert.equal(await csvButton.getAttribute('aria-disabled'), 'true', 'one export at a time');
  await csvButton.dispatchEvent('click'); // ignored while the export runs
  await page.waitForFunction(() => document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') === '400');
  assert.equal(await bar.getAttribute('aria-valuemax'), '2400');
  assert.equal(await bar.getAttribute('aria-valuemin'), '0');
  assert.equal(await bar.getAttribute('aria-valuetext'), '400 of 2,400 batches');
  await page.getByText('Exporting CSV: 400 of 2,400 batches').waitFor();

  await until(() => exportRequests(apiRequests).length === 3, 'the third page in flight (held for 3 s)');
  await page.getByRole('button', { name: 'Cancel export' }).click();
  await page.getByRole('status').filter({ hasText: 'Export cancelled; no file was saved.' }).waitFor();
  assert.equal(await bar.count(), 0);
  assert.ok(await csvButton.evaluate((b) => b === document.activeElement), 'focus returns to the button that started it');
  assert.equal(await csvButton.getAttribute('aria-disabled'), null);
  const browserSide = exportRequests(apiRequests).length;
  const serverSide = (await serverExportRequests()).length;
  assert.equal(browserSide, 3);
  await requestsSoFar(page);
  assert.equal(exportRequests(apiRequests).length, browserSide, 'no request after Cancel');
  assert.equal((await serverExportRequests()).length, serverSide, 'the server saw none either');
  assert.deepEqual(aborted, ['net::ERR_ABORTED'], 'the request in flight was aborted');
  assert.equal(downloads, 0);

  // The whole unfiltered list: 2,400 batches in 12 requests of 200.
  await server.clearFaults();
  const before = exportRequests(apiRequests).length;
  const json = await download(page, 'Export JSON');
  assert.match(json.name, new RegExp(`^batches_all_${STAMP}\\.json$`));
  const got = JSON.parse(json.text);
  assert.equal(got.length, 2400);
  assert.deepEqual(got.map((b) => b.id), (await allBatches('')).map((b) => b.id));
  assert.equal(exportRequests(apiRequests).length - before, 12);
  assert.equal(await page.getByText('Export stopped at').count(), 0);
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('without total_size the bar is indeterminate and counts the batches so far', async () => {
  const { page, errors, context } = await openList('?status=FAILED');
  const first = await server.get(`${LIST}?status=FAILED&page_size=200`);
  delete first.total_size;
  await server.fault({ path_prefix: LIST, query_contains: 'status=FAILED&page_size=200', count: 1, status: 200, body: JSON.stringify(first) });
  await server.fault({ path_prefix: LIST, query_contains: 'page_token=', count: 1, delay_ms: 2500 });
  const downloadP = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV', exact: true }).click();
  const bar = page.getByRole('progressbar', { name: 'Export progress' });
  await page.getByText('Exporting CSV: 200 batches so far').waitFor();
  assert.equal(await bar.getAttribute('aria-valuetext'), '200 batches so far');
  assert.equal(await bar.getAttribute('aria-valuenow'), null, 'indeterminate: no value');
  assert.equal(await bar.getAttribute('aria-valuemax'), null);
  const d = await downloadP;
  const rows = parseCsv(await readFile(await d.path(), 'utf8'));
  assert.equal(rows.length - 1, (await allBatches('status=FAILED')).length);
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a formula in the data is inert in the CSV and exact in the JSON', async () => {
  const { page, errors, context } = await openList('?status=FAILED');
  const formula = '=HYPERLINK("http://x")';
  const first = await server.get(`${LIST}?status=FAILED&page_size=200`);
  first.items[3].config.job.configuration_id = formula;
  first.items[5].project_id = '+1, "two"\r\nthree';
  const fault = { path_prefix: LIST, query_contains: 'status=FAILED&page_size=200', count: 1, status: 200, body: JSON.stringify(first) };

  await server.fault(fault);
  const csv = await download(page, 'Export CSV');
  const rows = parseCsv(csv.text);
  assert.equal(rows[4][0], first.items[3].id);
  assert.equal(rows[4][3], `'${formula}`, 'a leading = gets a quote');
  assert.ok(csv.text.includes(`"'=HYPERLINK(""http://x"")"`), 'quoted with inner quotes doubled');
  assert.equal(rows[6][4], `'+1, "two"\r\nthree`, 'commas, quotes and newlines survive');
  assert.equal(rows[4][6], first.items[3].created_at, 'timestamps are untouched');

  await server.fault(fault);
  const json = await download(page, 'Export JSON');
  const got = JSON.parse(json.text);
  assert.equal(got[3].config.job.configuration_id, formula, 'JSON keeps the text exact');
  assert.equal(got[5].project_id, '+1, "two"\r\nthree');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a failing page stops the export with the alert words; Retry export starts over and finishes', async () => {
  const { page, errors, apiRequests, context } = await openList('?status=FAILED');
  let downloads = 0;
  page.on('download', () => { downloads += 1; });
  await server.fault({ path_prefix: LIST, query_contains: 'page_token=', count: 1, status: 403, body: '{"detail":"Forbidden for this project"}' });
  await page.getByRole('button', { name: 'Export CSV', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'The export failed.' });
  await alert.waitFor();
  const text = await alert.textContent();
  assert.match(text, /The export failed\. The API key may not see this \(403 Forbidden\)\./);
  assert.match(text, /Forbidden for this project/);
  assert.match(text, /region/);
  assert.equal(exportRequests(apiRequests).length, 2, 'a client error is not retried');
  assert.equal(await page.getByRole('progressbar').count(), 0);
  assert.equal(downloads, 0);

  const downloadP = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Retry export' }).click();
  const d = await downloadP;
  assert.match(d.suggestedFilename(), /^batches_status-FAILED_.*\.csv$/);
  assert.equal(await alert.count(), 0);
  assert.equal(exportRequests(apiRequests)[2].search, '?status=FAILED&page_size=200', 'Retry starts from the first page');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('rate limits and server errors on a page are retried, and the export completes', async () => {
  const { page, errors, apiRequests, context } = await openList('?status=FAILED');
  await server.fault({ path_prefix: LIST, query_contains: 'page_token=', count: 1, status: 503, headers: { 'retry-after-ms': '800' }, body: '{"detail":"busy"}' });
  await server.fault({ path_prefix: LIST, query_contains: 'page_token=', count: 1, status: 429, headers: { 'retry-after-ms': '100' }, body: '{"detail":"slow down"}' });
  const downloadP = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'temporarily unavailable' }).filter({ hasText: 'retry 1 of 2' }).waitFor();
  const d = await downloadP;
  const got = JSON.parse(await readFile(await d.path(), 'utf8'));
  assert.deepEqual(got.map((b) => b.id), (await allBatches('status=FAILED')).map((b) => b.id));
  const second = exportRequests(apiRequests).filter((r) => r.search.includes('page_token='));
  assert.equal(second[0].url, second[1].url, 'the same page asked again');
  assert.equal(second[1].url, second[2].url);
  assert.equal(await page.getByRole('alert').count(), 0, 'the retry notice goes once the page arrives');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('an export stops at 10,000 batches and says so', async () => {
  const { page, errors, apiRequests, context } = await openList('?status=FAILED');
  // 60 pages of 200 (12,000 batches) that the demo account does not have: each page its own cursor.
  const items = (await server.get(`${LIST}?page_size=200`)).items;
  for (let i = 0; i < 60; i += 1) {
    const body = { items: items.map((b) => ({ ...b, id: `${b.id}-p${i}` })), next_page_token: `cursor-${i + 1}`, total_size: 12000 };
    await server.fault({ path_prefix: LIST, query_contains: 'page_size=200', count: 1, status: 200, body: JSON.stringify(body) });
  }
  const json = await download(page, 'Export JSON');
  const got = JSON.parse(json.text);
  assert.equal(got.length, 10000, 'the cap, not the 12,000 the API has');
  assert.equal(got[0].id, `${items[0].id}-p0`);
  assert.equal(got[9999].id, `${items[199].id}-p49`, 'the first 10,000, in order');
  const pages = exportRequests(apiRequests);
  assert.equal(pages.length, 50, 'no request beyond the cap');
  assert.equal(new URL(pages[49].url).searchParams.get('page_token'), 'cursor-49');
  await page.getByRole('status').filter({ hasText: 'Export stopped at 10,000 batches; narrow the filters to export the rest.' }).waitFor();
  await page.getByRole('status').filter({ hasText: `Saved 10,000 batches to ${json.name}.` }).waitFor();
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});
