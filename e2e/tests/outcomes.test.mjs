// Per-file outcomes from the jobs themselves: which files really failed, how
// far a batch is, failures grouped by cause, the list badge, and failure of
// the lookup itself.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage } from '../lib/browser.mjs';
import { jobsOf, outcomeOf, findBatch as findBatchOf } from '../lib/jobs.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });
beforeEach(async () => { await server.clearFaults(); await server.clearRequests(); });

/** Chromium logs every non-2xx response as a console error; those are deliberate here. */
const unexpected = (errors) => errors.filter((e) => !/Failed to load resource|net::ERR_/.test(e));
const JOB_LIST = /^\/api\/v2\/(parse|extract)$/;
const JOB_ONE = /^\/api\/v2\/(parse|extract)\/[^/]+$/;

/** The first batch of a list query, with its results, that `want` accepts. */
const findBatch = (listQuery, want) => findBatchOf(server, listQuery, want);

/** The outcome texts of the files table, top to bottom, once none is being checked. */
async function settledOutcomes(page) {
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('table.files tbody .outcome')];
    return cells.length > 0 && cells.every((c) => !c.textContent.startsWith('Checking'));
  }, null, { timeout: 20000 });
  return page.locator('table.files tbody .outcome').allTextContents();
}

test('a COMPLETED batch: a FAILED job shows under files=failed with its error, never as ok', async () => {
  let jobs;
  const batch = await findBatch('status=COMPLETED&page_size=50', async (b) => {
    if ((b.results?.length ?? 0) > 300) return false;
    jobs = await jobsOf(server, b);
    return b.results.some((r) => r.job_reference && !r.error_message && jobs.get(r.job_reference.id)?.status === 'FAILED');
  });
  const failedJob = batch.results.find((r) => r.job_reference && jobs.get(r.job_reference.id)?.status === 'FAILED');
  const expectedFailed = batch.results.filter((r) => outcomeOf(r, jobs).failed).map((r) => r.source_directory_file_id);
  const { page, errors, context } = await openPage(browser);
  await page.goto(`${server.url}/batches/${batch.id}?files=failed`);
  await settledOutcomes(page);
  await page.waitForFunction((n) => document.querySelectorAll('table.files tbody tr').length === n, expectedFailed.length);
  assert.deepEqual(await page.locator('table.files tbody td.file code.file-id').allTextContents(), expectedFailed);
  const row = page.locator('table.files tbody tr', { has: page.locator(`code.file-id:text-is("${failedJob.source_directory_file_id}")`) });
  assert.equal(await row.locator('.outcome').textContent(), 'FAILED');
  assert.equal(await row.locator('.error-text').textContent(), jobs.get(failedJob.job_reference.id).error_message);
  // Under files=ok that file is not there, and every row shown is a COMPLETED job.
  await page.getByLabel('Files', { exact: true }).selectOption('ok');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('files') === 'ok');
  const ok = await settledOutcomes(page);
  assert.ok(ok.length > 0 && ok.every((t) => t === 'COMPLETED'), JSON.stringify(ok.slice(0, 5)));
  assert.ok(!(await page.locator('table.files code.file-id').allTextContents()).includes(failedJob.source_directory_file_id));
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a 1,000-file batch: every outcome from at most 12 job list requests of at most 100 ids, none per job', async () => {
  const batch = await findBatch('page_size=200', (b) => (b.results?.length ?? 0) === 1000);
  const jobs = await jobsOf(server, batch);
  const { page, apiRequests, errors, context } = await openPage(browser);
  await page.goto(`${server.url}/batches/${batch.id}`);
  const outcomes = await settledOutcomes(page);
  assert.equal(outcomes.length, 1000);
  assert.deepEqual(outcomes, batch.results.map((r) => outcomeOf(r, jobs).label));
  const lookups = apiRequests.filter((r) => JOB_LIST.test(r.path));
  assert.ok(lookups.length >= 1 && lookups.length <= 12, `${lookups.length} job list requests`);
  for (const r of lookups) {
    const ids = new URL(r.url).searchParams.getAll('job_ids');
    assert.ok(ids.length >= 1 && ids.length <= 100, `${ids.length} ids in one request`);
  }
  const asked = new Set(lookups.flatMap((r) => new URL(r.url).searchParams.getAll('job_ids')));
  assert.equal(asked.size, batch.results.filter((r) => r.job_reference).length, 'every job asked for once');
  assert.equal(apiRequests.filter((r) => JOB_ONE.test(r.path)).length, 0, 'no per-job request');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a RUNNING batch: the summary counts and the progress bar say how far it is, in words too', async () => {
  let jobs;
  const batch = await findBatch('status=RUNNING&page_size=50', async (b) => {
    if (!b.results?.length) return false;
    jobs = await jobsOf(server, b);
    return b.results.some((r) => r.job_reference && ['PENDING', 'RUNNING'].includes(jobs.get(r.job_reference.id)?.status));
  });
  const outcomes = batch.results.map((r) => outcomeOf(r, jobs));
  const finished = outcomes.filter((o) => o.label === 'No job' || ['COMPLETED', 'FAILED', 'CANCELLED'].includes(o.label)).length;
  const { page, context } = await openPage(browser);
  await page.goto(`${server.url}/batches/${batch.id}`);
  await settledOutcomes(page);
  const bar = page.getByRole('progressbar', { name: 'Files finished' });
  await page.waitForFunction((n) => document.querySelector('[role=progressbar][aria-label="Files finished"]')?.getAttribute('aria-valuenow') === String(n), finished);
  assert.equal(await bar.getAttribute('aria-valuemax'), String(batch.results.length));
  const n = (x) => x.toLocaleString('en-US');
  assert.equal(await page.locator('.progress-text').textContent(), `${n(finished)} of ${n(batch.results.length)} ${batch.results.length === 1 ? 'file' : 'files'} finished`);
  const count = (label) => outcomes.filter((o) => o.label === label).length;
  const summary = await page.locator('.outcome-summary .files-summary').textContent();
  for (const [c, words] of [[count('COMPLETED'), 'completed'], [outcomes.filter((o) => o.failed).length, 'failed'], [count('RUNNING'), 'running'], [count('PENDING'), 'pending'], [count('No job'), 'without a job']]) {
    assert.ok(summary.includes(`${n(c)} ${words}`), `"${summary}" has ${c} ${words}`);
  }
  await context.close();
});

test('failures by cause: a group link narrows the table, is in the URL and survives a reload', async () => {
  let jobs;
  const batch = await findBatch('status=COMPLETED&page_size=100', async (b) => {
    if ((b.results?.length ?? 0) > 300) return false;
    jobs = await jobsOf(server, b);
    return b.results.filter((r) => outcomeOf(r, jobs).failed).length >= 3;
  });
  const { page, errors, context } = await openPage(browser);
  await page.goto(`${server.url}/batches/${batch.id}`);
  await settledOutcomes(page);
  const groups = page.locator('section.causes li');
  await groups.first().waitFor();
  const counts = (await page.locator('section.causes .cause-count').allTextContents()).map((t) => parseInt(t.replace(/,/g, ''), 10));
  assert.deepEqual([...counts].sort((a, b) => b - a), counts, 'biggest group first');
  assert.equal(counts.reduce((a, b) => a + b, 0), batch.results.filter((r) => outcomeOf(r, jobs).failed).length);
  await groups.first().getByRole('link').click();
  await page.waitForFunction(() => new URLSearchParams(location.search).has('cause'));
  const cause = new URL(page.url()).searchParams.get('cause');
  await page.waitForFunction((n) => document.querySelectorAll('table.files tbody tr').length === n, counts[0]);
  const shown = await page.locator('table.files tbody td.file code.file-id').allTextContents();
  await page.reload();
  await settledOutcomes(page);
  await page.waitForFunction((n) => document.querySelectorAll('table.files tbody tr').length === n, counts[0]);
  assert.deepEqual(await page.locator('table.files tbody td.file code.file-id').allTextContents(), shown);
  assert.equal(new URL(page.url()).searchParams.get('cause'), cause);
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a hostile job error is shown as text, in the row and in its cause', async () => {
  let jobs;
  const batch = await findBatch('status=COMPLETED&page_size=200', async (b) => {
    if ((b.results?.length ?? 0) < 20) return false;
    jobs = await jobsOf(server, b);
    return [...jobs.values()].some((j) => (j.error_message ?? '').includes('<img'));
  });
  const hostile = [...jobs.values()].find((j) => (j.error_message ?? '').includes('<img')).error_message;
  const { page, context } = await openPage(browser);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  await page.goto(`${server.url}/batches/${batch.id}?files=failed`);
  await settledOutcomes(page);
  await page.getByText(hostile, { exact: true }).first().waitFor();
  assert.equal(await page.locator('table.files img, section.causes img').count(), 0);
  assert.equal(dialogs, 0);
  await context.close();
});

test('the list: a batch whose outcomes were looked up says how many files failed; others fetch nothing', async () => {
  const { page, apiRequests, context } = await openPage(browser);
  await page.goto(`${server.url}/?status=COMPLETED&page_size=10`);
  await page.locator('table.batches tbody.batch').first().waitFor();
  assert.equal(apiRequests.filter((r) => JOB_LIST.test(r.path)).length, 0, 'no lookups for rows never opened');
  const id = await page.locator('table.batches code.batch-id').first().textContent();
  const batch = await server.get(`/api/v2/batches/${id}?expand=results`);
  const jobs = await jobsOf(server, batch);
  const failed = batch.results.filter((r) => outcomeOf(r, jobs).failed).length;
  await page.getByRole('button', { name: `Files of ${id}` }).click();
  const n = (x) => x.toLocaleString('en-US');
  const badge = page.locator('tbody.batch').first().locator('.failed-files');
  await badge.waitFor({ timeout: 20000 });
  assert.equal(await badge.textContent(), `${n(failed)} of ${n(batch.results.length)} ${batch.results.length === 1 ? 'file' : 'files'} failed`);
  assert.equal(await page.locator('.failed-files').count(), 1, 'only the row that was opened');
  await context.close();
});

test('a failing lookup leaves what the batch knows, says outcomes are unavailable, and Retry recovers', async () => {
  const batch = await findBatch('status=COMPLETED&page_size=50', (b) => (b.results?.length ?? 0) >= 5 && (b.results?.length ?? 0) <= 100
    && b.config?.job?.type === 'parse_v2' && b.results.some((r) => r.job_reference));
  const jobs = await jobsOf(server, batch);
  // Refused outright: 403 is not retried, so the page says so at once.
  await server.fault({ path: '/api/v2/parse', status: 403, count: 5, body: '{"detail":"Not allowed"}' });
  const { page, context } = await openPage(browser);
  await page.goto(`${server.url}/batches/${batch.id}`);
  const notice = page.locator('.outcomes-unavailable');
  await notice.waitFor({ timeout: 20000 });
  assert.match(await notice.textContent(), /Job outcomes are unavailable/);
  const texts = await page.locator('table.files tbody .outcome').allTextContents();
  assert.ok(texts.every((t) => t !== 'COMPLETED' && !t.startsWith('Checking')), JSON.stringify(texts.slice(0, 5)));
  assert.ok(texts.includes('Outcome unavailable'));
  await server.clearFaults();
  await notice.getByRole('button', { name: 'Retry' }).click();
  await notice.waitFor({ state: 'detached', timeout: 20000 });
  const outcomes = await settledOutcomes(page);
  assert.deepEqual(outcomes, batch.results.map((r) => outcomeOf(r, jobs).label));
  await context.close();
});
