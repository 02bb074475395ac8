// A file's result (issue 24): the batch page's panel (?file=), opened from a row and from a
// link, restored on reload and Back/Forward; parse pages with their failures, hostile text,
// a 2,000-page result, find, the text switch; extract fields and JSON; downloads; errors.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer } from '../lib/server.mjs';
import { launch, openPage } from '../lib/browser.mjs';
import { findBatch } from '../lib/jobs.mjs';

let server, browser, parse, extract;
before(async () => {
  server = await startServer(['--seed', '42', '--now', '2026-11-29T12:00:00Z']);
  browser = await launch();
  // The newest COMPLETED batch of each type with 20+ files: its files 6 to 9 have fixed results.
  const showcase = (type) => findBatch(server, 'status=COMPLETED&page_size=100',
    (b) => b.config?.job?.type === type && (b.results?.length ?? 0) >= 20);
  parse = await showcase('parse_v2');
  extract = await showcase('extract_v2');
});
after(async () => { await browser?.close(); await server?.stop(); });
beforeEach(async () => { await server.clearFaults(); await server.clearRequests(); });

const fileOf = (batch, i) => batch.results[i].source_directory_file_id;
const jobOf = (batch, i) => batch.results[i].job_reference.id;
const parsePath = (job) => `/api/v2/parse/${job}?expand=markdown&expand=text`;
/** Chromium logs aborted and non-2xx requests as console errors; those are expected here. */
const unexpected = (errors) => errors.filter((e) => !/Failed to load resource|net::ERR_/.test(e));
const resultRequests = (apiRequests) => apiRequests.filter((r) => /^\/api\/v2\/(parse|extract)\/./.test(r.path));

async function openAt(query, options) {
  const opened = await openPage(browser, options);
  await opened.page.goto(`${server.url}/batches/${parse.id}${query}`);
  return opened;
}

/** The panel's summary line once the result is on screen. */
const summary = (page) => page.locator('.result-panel .page-summary');

test('a row opens its result in a panel; reload and Back/Forward restore it; the row then counts failed pages', async () => {
  const file = fileOf(parse, 6);
  const { page, errors, apiRequests, context } = await openAt('?files=ok');
  const row = page.locator('table.files tbody tr', { has: page.locator('code.file-id', { hasText: file }) });
  await row.getByRole('link', { name: `Open result of file ${file}` }).click();
  await summary(page).waitFor();
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('file'), file);
  assert.equal(url.searchParams.get('files'), 'ok', 'the page\'s own parameters stay');
  assert.match(await summary(page).innerText(), /^38 of 40 pages parsed · 2 failed/);
  // The first 20 pages, each headed by its number; page 7 failed, with its error, where it belongs.
  const pages = page.locator('.result-panel .result-page');
  assert.equal(await pages.count(), 20);
  assert.equal(await pages.nth(0).locator('h3').innerText(), 'Page 1');
  const seventh = page.locator('#result-page-7');
  assert.equal(await seventh.locator('h3').innerText(), 'Page 7');
  assert.match(await seventh.innerText(), /Page 7 failed: Page 7 could not be parsed: the OCR worker timed out after 120 s/);
  // Page 23 is beyond the first 20: its link shows it and scrolls there.
  assert.equal(await page.locator('#result-page-23').count(), 0);
  await page.locator('.failed-pages').getByRole('link', { name: 'page 23' }).click();
  await page.locator('#result-page-23').waitFor();
  assert.match(await page.locator('#result-page-23').innerText(), /Page 23 failed/);
  await page.waitForFunction(() => {
    const r = document.getElementById('result-page-23').getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  });
  assert.equal(new URL(page.url()).hash, '', 'the link scrolls without changing the address');
  // One request for the result, with the two expands the panel uses.
  assert.deepEqual(resultRequests(apiRequests).map((r) => r.path + r.search), [parsePath(jobOf(parse, 6))]);
  // The row says how many pages failed, beside an outcome that is still COMPLETED.
  await row.locator('.pages-failed').waitFor();
  assert.equal(await row.locator('.pages-failed').innerText(), '2 pages failed');
  assert.equal(await row.locator('.outcome').innerText(), 'COMPLETED');

  await page.reload();
  await summary(page).waitFor();
  assert.match(await summary(page).innerText(), /^38 of 40 pages parsed · 2 failed/);
  await page.goBack();
  await page.locator('.result-panel').waitFor({ state: 'detached' });
  assert.equal(new URL(page.url()).searchParams.get('file'), null);
  await page.goForward();
  await summary(page).waitFor();
  // Reload started a new session (one more request); Forward reused what it kept.
  assert.equal(resultRequests(apiRequests).length, 2);
  await page.locator('.result-panel').getByRole('link', { name: 'Close' }).click();
  await page.locator('.result-panel').waitFor({ state: 'detached' });
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a shared link opens the result by itself; hostile Markdown stays visible text', async () => {
  const { page, errors, context } = await openAt(`?file=${fileOf(parse, 7)}`);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  const first = page.locator('#result-page-1 .page-text');
  await first.waitFor();
  const text = await first.innerText();
  for (const hostile of ['<script>alert("page")</script>', '<img src=x onerror=alert(1)>', '[Pay now](javascript:alert(document.cookie))', '<a href="javascript:alert(2)">here</a>']) {
    assert.ok(text.includes(hostile), `shown as text: ${hostile}`);
  }
  const panel = page.locator('.result-panel');
  assert.equal(await panel.locator('script, img, a[href^="javascript:"]').count(), 0);
  // The plain text view shows the same markup as text too.
  await panel.getByRole('link', { name: 'Plain text' }).click();
  await page.waitForURL(/view=text/);
  assert.ok((await page.locator('#result-page-1 .page-text').innerText()).includes('<script>alert("page")</script>'));
  assert.equal(await panel.locator('script, img').count(), 0);
  assert.equal(dialogs, 0);
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a 2,000-page result shows its first page and more on request; find counts over every page', async () => {
  const file = fileOf(parse, 8);
  const { page, errors, context } = await openAt(`?file=${file}`);
  await page.locator('#result-page-1').waitFor();
  assert.match(await summary(page).innerText(), /^2,000 of 2,000 pages parsed$/);
  const pages = page.locator('.result-panel .result-page');
  assert.equal(await pages.count(), 20);
  await page.getByRole('button', { name: 'Show 20 more pages' }).click();
  await page.locator('#result-page-40').waitFor();
  assert.equal(await pages.count(), 40);
  // Find: the counts come from every page, not only the 40 on screen.
  const answer = await server.get(parsePath(jobOf(parse, 8)));
  const word = 'warranty';
  const perPage = answer.markdown.pages
    .map((p) => [p.page_number, (p.markdown.toLowerCase().match(new RegExp(word, 'g')) ?? []).length])
    .filter(([, n]) => n > 0);
  const total = perPage.reduce((s, [, n]) => s + n, 0);
  assert.ok(perPage.some(([n]) => n > 40), 'the word is found beyond the pages shown');
  await page.getByLabel('Find in result').fill(word.toUpperCase());
  await page.waitForURL(/rq=WARRANTY/);
  const found = page.locator('.find-summary');
  await found.waitFor();
  assert.match(await found.innerText(), new RegExp(`^${total.toLocaleString('en-US')} matches on ${perPage.length.toLocaleString('en-US')} pages`));
  // Only pages with matches are listed, each with its count, matches marked.
  const [firstPage, firstCount] = perPage[0];
  const card = page.locator(`#result-page-${firstPage}`);
  assert.equal(await card.locator('h3').innerText(), `Page ${firstPage} · ${firstCount} ${firstCount === 1 ? 'match' : 'matches'}`);
  assert.equal(await card.locator('mark').count(), firstCount);
  assert.equal(await pages.count(), Math.min(20, perPage.length));
  // Escape in the panel closes it, like its Close link; Back opens it again.
  await page.getByLabel('Find in result').press('Escape');
  await page.locator('.result-panel').waitFor({ state: 'detached' });
  assert.equal(new URL(page.url()).searchParams.get('file'), null);
  await page.goBack();
  await page.locator('#result-page-1, .find-summary').first().waitFor();
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('the plain text switch lives in the URL and shows the API\'s text pages', async () => {
  const { page, errors, context } = await openAt(`?file=${fileOf(parse, 6)}&view=text`);
  await page.locator('#result-page-2 .page-text').waitFor();
  const answer = await server.get(parsePath(jobOf(parse, 6)));
  const second = answer.text.pages.find((p) => p.page_number === 2).text;
  assert.equal(await page.locator('#result-page-2 .page-text').innerText(), second);
  assert.match(await page.locator('#result-page-7').innerText(), /Page 7 failed/, 'failed pages in the text view too');
  assert.equal(await page.locator('.result-switch [aria-current="true"]').innerText(), 'Plain text');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

/** Clicks `button` and returns the download it starts: file name and text. */
async function download(page, button) {
  const started = page.waitForEvent('download', { timeout: 30000 });
  await page.getByRole('button', { name: button, exact: true }).click();
  const d = await started;
  return { name: d.suggestedFilename(), text: await readFile(await d.path(), 'utf8') };
}

/** `invoice-0042.pdf` → `invoice-0042`, in the characters a file name keeps. */
const stem = (name) => name.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]/g, '-');
const nameOf = async (batch, i) =>
  (await server.get(`/api/v1/beta/directories/${batch.source_directory_id}/files/${fileOf(batch, i)}`)).display_name;

test('Download .md and .txt hold every page in order; .json the extracted value', async () => {
  const { page, errors, context } = await openAt(`?file=${fileOf(parse, 6)}`);
  await summary(page).waitFor();
  await page.locator('.result-file', { hasText: await nameOf(parse, 6) }).waitFor();
  const md = await download(page, 'Download .md');
  assert.equal(md.name, `${stem(await nameOf(parse, 6))}_${jobOf(parse, 6)}.md`);
  const answer = await server.get(parsePath(jobOf(parse, 6)));
  assert.equal((md.text.match(/<!-- Page \d+ -->/g) ?? []).length, 40);
  assert.ok(md.text.startsWith(`<!-- Page 1 -->\n\n${answer.markdown.pages[0].markdown}`));
  assert.ok(md.text.includes('<!-- Page 7 -->\n\n[Page 7 failed: Page 7 could not be parsed: the OCR worker timed out after 120 s]'));
  assert.ok(md.text.includes(answer.markdown.pages[39].markdown));
  await page.locator('.result-panel').getByRole('link', { name: 'Plain text' }).click();
  await page.waitForURL(/view=text/);
  const txt = await download(page, 'Download .txt');
  assert.equal(txt.name, `${stem(await nameOf(parse, 6))}_${jobOf(parse, 6)}.txt`);
  assert.ok(txt.text.includes(`--- Page 2 ---\n\n${answer.text.pages[1].text}`));
  await context.close();

  const ex = await openPage(browser);
  await ex.page.goto(`${server.url}/batches/${extract.id}?file=${fileOf(extract, 6)}`);
  await ex.page.locator('table.fields').waitFor();
  await ex.page.locator('.result-file', { hasText: await nameOf(extract, 6) }).waitFor();
  const json = await download(ex.page, 'Download .json');
  const job = await server.get(`/api/v2/extract/${jobOf(extract, 6)}`);
  assert.equal(json.name, `${stem(await nameOf(extract, 6))}_${jobOf(extract, 6)}.json`);
  assert.equal(json.text, `${JSON.stringify(job.extract_result, null, 2)}\n`);
  assert.deepEqual(unexpected([...errors, ...ex.errors]), []);
  await ex.context.close();
});

test('extract fields read as tables, nested fields indented, a per-page result one row each; JSON on the switch', async () => {
  const { page, errors, context } = await openPage(browser);
  await page.goto(`${server.url}/batches/${extract.id}?file=${fileOf(extract, 6)}`);
  const table = page.locator('.result-panel table.fields');
  await table.waitFor();
  const value = (await server.get(`/api/v2/extract/${jobOf(extract, 6)}`)).extract_result;
  const fieldRow = (name, depth) => table.locator(`tr.field-depth-${depth}`, { has: page.locator('th.field-name', { hasText: new RegExp(`^${name}$`) }) });
  assert.equal(await fieldRow('vendor_name', 0).locator('td').innerText(), value.vendor_name);
  assert.equal(await fieldRow('total', 0).locator('td').innerText(), String(value.total));
  assert.equal(await fieldRow('address', 1).count(), 1, 'bill_to.address indented once');
  assert.equal(await fieldRow('city', 2).locator('td').innerText(), value.bill_to.address.city);
  const items = fieldRow('line_items', 0).locator('table.sub-table');
  assert.deepEqual(await items.locator('th').allTextContents(), ['description', 'quantity', 'unit_price', 'amount']);
  assert.equal(await items.locator('tbody tr').count(), value.line_items.length);
  // Facts on top: the job, its status and credits.
  const job = await server.get(`/api/v2/extract/${jobOf(extract, 6)}`);
  assert.equal(await page.locator('.result-facts .result-job-id').innerText(), job.id);
  assert.equal(await page.locator('.result-facts .badge').innerText(), 'COMPLETED');
  await page.locator('.result-panel').getByRole('link', { name: 'JSON' }).click();
  await page.waitForURL(/view=json/);
  assert.equal(await page.locator('pre.result-json').innerText(), JSON.stringify(value, null, 2));

  await page.goto(`${server.url}/batches/${extract.id}?file=${fileOf(extract, 7)}`);
  const records = page.locator('.result-panel table.records');
  await records.waitFor();
  const perPage = (await server.get(`/api/v2/extract/${jobOf(extract, 7)}`)).extract_result;
  assert.equal(await records.locator('tbody tr').count(), perPage.length);
  assert.deepEqual((await records.locator('tbody tr td:first-child').allInnerTexts()).map(Number), perPage.map((p) => p.page));
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a FAILED job says it has no result; a file without a job says why; an unknown file says so', async () => {
  const failed = parse.results.findIndex((r, i) => i > 9 && r.job_reference);
  const jobs = await server.get(`/api/v2/parse?${parse.results.filter((r) => r.job_reference).map((r) => `job_ids=${r.job_reference.id}`).slice(0, 100).join('&')}&page_size=100`);
  const failedJob = jobs.items.find((j) => j.status === 'FAILED');
  assert.ok(failed >= 0 && failedJob, 'the showcase batch has a FAILED job');
  const file = parse.results.find((r) => r.job_reference?.id === failedJob.id).source_directory_file_id;
  const { page, errors, context } = await openAt(`?file=${file}`);
  const note = page.locator('.result-panel .files-note', { hasText: 'The job FAILED, so it has no result' });
  await note.waitFor();
  assert.ok((await note.innerText()).includes(failedJob.error_message));
  const withNoJob = await findBatch(server, 'status=COMPLETED&page_size=100', (b) => b.results?.some((r) => !r.job_reference));
  const noJob = withNoJob.results.find((r) => !r.job_reference);
  await page.goto(`${server.url}/batches/${withNoJob.id}?file=${noJob.source_directory_file_id}`);
  const said = page.locator('.result-panel', { hasText: 'No job was created for this file' });
  await said.waitFor();
  assert.ok((await said.innerText()).includes(noJob.error_message));
  await page.goto(`${server.url}/batches/${parse.id}?file=dfl-0000000000000000`);
  await page.locator('.result-panel', { hasText: 'This batch has no file dfl-0000000000000000.' }).waitFor();
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a failed request shows the error words and Retry; closing the panel cancels its request', async () => {
  const job = jobOf(parse, 6);
  await server.fault({ path: `/api/v2/parse/${job}`, status: 404, body: '{"detail":"Job not found"}' });
  const { page, context } = await openAt(`?file=${fileOf(parse, 6)}`);
  const alert = page.locator('.result-panel [role="alert"]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /^The API has no such item \(404/);
  await alert.getByRole('button', { name: 'Retry' }).click();
  await summary(page).waitFor();
  await context.close();

  await server.fault({ path: `/api/v2/parse/${jobOf(parse, 7)}`, delay_ms: 20000 });
  const slow = await openAt('');
  await slow.page.locator('table.files').waitFor();
  const aborted = slow.page.waitForEvent('requestfailed', (r) => r.url().includes(`/api/v2/parse/${jobOf(parse, 7)}`));
  const sent = slow.page.waitForRequest((r) => r.url().includes(`/api/v2/parse/${jobOf(parse, 7)}`));
  const row = slow.page.locator('table.files tbody tr', { has: slow.page.locator('code.file-id', { hasText: fileOf(parse, 7) }) });
  await row.getByRole('link', { name: /Open result of file/ }).click();
  await sent;
  await slow.page.locator('.result-panel', { hasText: 'Loading the result…' }).waitFor();
  await slow.page.locator('.result-panel').getByRole('link', { name: 'Close' }).click();
  assert.match((await aborted).failure().errorText, /ABORTED/);
  await slow.context.close();
});

test('an expanded list row\'s file opens its result on the batch page, in the list\'s zone', async () => {
  const file = fileOf(parse, 6);
  const { page, errors, context } = await openPage(browser);
  await page.goto(`${server.url}/?status=COMPLETED&page_size=100&tz=utc`);
  await page.getByRole('button', { name: `Files of ${parse.id}` }).click();
  const row = page.locator(`#files-${parse.id} tr`, { has: page.locator('code.file-id', { hasText: file }) });
  const link = row.getByRole('link', { name: `Open result of file ${file}` });
  assert.equal(await link.getAttribute('href'), `/batches/${parse.id}?tz=utc&file=${file}`);
  await link.click();
  await summary(page).waitFor();
  assert.equal(new URL(page.url()).pathname, `/batches/${parse.id}`);
  assert.match(await summary(page).innerText(), /^38 of 40 pages parsed · 2 failed/);
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});
