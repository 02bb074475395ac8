// Failure and bad input: every error is visible, explained and recoverable; nothing leaks.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, listRequests, waitForIds, isListUrl, until, requestsSoFar, shownIds } from '../lib/browser.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });
beforeEach(async () => { await server.clearFaults(); await server.clearRequests(); });

const LIST = '/api/v2/batches';
const VIEW = '/?status=COMPLETED&page_size=10';
const VIEW_QUERY = 'status=COMPLETED&page_size=10';
/** Chromium logs every non-2xx response as a console error; those are expected here. */
const unexpected = (errors) => errors.filter((e) => !/Failed to load resource|net::ERR_/.test(e));

async function expectRecovery(page, errors) {
  const good = await server.get(`${LIST}?${VIEW_QUERY}`);
  await page.getByRole('button', { name: 'Retry' }).click();
  await waitForIds(page, good.items.map((b) => b.id));
  assert.equal(new URL(page.url()).search, `?${VIEW_QUERY}`, 'filters and URL stay as they were');
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.deepEqual(unexpected(errors), []);
}

const cases = [
  { status: 400, body: { detail: 'status filter not supported here' }, want: [/rejected the request \(400/, /status filter not supported here/] },
  { status: 401, body: { detail: 'Invalid authentication token' }, want: [/did not accept the API key/, /region/, /Invalid authentication token/] },
  { status: 402, body: { detail: 'Payment required' }, want: [/out of credits/, /Add credits/] },
  { status: 403, body: { detail: 'Forbidden' }, want: [/may not see this/, /region/] },
  { status: 404, body: { detail: 'Not Found' }, want: [/no such item \(404/] },
  { status: 409, body: { detail: 'Conflict' }, want: [/conflicts with the item's current state/] },
  {
    status: 422,
    body: { detail: [{ loc: ['query', 'page_size'], msg: 'Input should be less than or equal to 1000', type: 'less_than_equal' }] },
    want: [/parameter invalid/, /page_size: Input should be less than or equal to 1000/],
  },
  { status: 200, raw: '{"items": [', want: [/cannot read/] },
  { status: 200, raw: '{"items": "nope"}', want: [/cannot read/] },
];

for (const c of cases) {
  test(`${c.status} ${c.raw ? JSON.stringify(c.raw) : ''}: an alert says what happened and Retry recovers`, async () => {
    await server.fault({ path_prefix: LIST, query_params: { page_size: '10' }, count: 1, status: c.status, body: c.raw ?? JSON.stringify(c.body) });
    const { page, errors, apiRequests, context } = await openPage(browser);
    await page.goto(server.url + VIEW);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    for (const re of c.want) assert.match(text, re);
    assert.equal(listRequests(apiRequests).length, 1, 'client errors are not retried automatically');
    await expectRecovery(page, errors);
    await context.close();
  });
}

for (const c of [
  { status: 429, want: /rate limiting/ },
  { status: 500, want: /server error \(500\)/ },
  { status: 502, want: /proxy in front of the API could not reach it \(502\)/, html: true },
  { status: 503, want: /temporarily unavailable/ },
]) {
  test(`${c.status}: retried twice automatically, then an alert with Retry`, async () => {
    await server.fault({
      path_prefix: LIST, query_params: { page_size: '10' }, count: 3, status: c.status,
      headers: { 'retry-after-ms': '100' },
      body: c.html ? '<html><body><h1>502 Bad Gateway</h1><script>window.__ran=1</script></body></html>' : '{"detail":"try later"}',
      content_type: c.html ? 'text/html' : 'application/json',
    });
    const { page, errors, apiRequests, context } = await openPage(browser);
    await page.goto(server.url + VIEW);
    await page.getByRole('button', { name: 'Retry' }).waitFor();
    const text = await page.getByRole('alert').textContent();
    assert.match(text, c.want);
    assert.equal(listRequests(apiRequests).length, 3, 'one try and two retries');
    if (c.html) {
      assert.doesNotMatch(text, /<html>|Bad Gateway<\/h1>/, 'an HTML error page is not shown raw');
      assert.equal(await page.evaluate(() => window.__ran), undefined);
    }
    await expectRecovery(page, errors);
    await context.close();
  });
}

test('a 429 shows "retrying in N s" and honours Retry-After, then shows the rows', async () => {
  const good = await server.get(`${LIST}?${VIEW_QUERY}`);
  await server.fault({ path_prefix: LIST, query_params: { page_size: '10' }, count: 1, status: 429, headers: { 'Retry-After': '2' }, body: '{"detail":"Too many requests"}' });
  const { page, errors, apiRequests, context } = await openPage(browser);
  await page.goto(server.url + VIEW);
  const alert = page.getByRole('alert');
  await alert.getByText('Retrying in 2 s… (retry 1 of 2)').waitFor();
  assert.match(await alert.textContent(), /rate limiting requests \(429/);
  await waitForIds(page, good.items.map((b) => b.id));
  const [first, second] = listRequests(apiRequests).map((r) => r.at);
  assert.ok(second - first >= 1900 && second - first < 3500, `waited ${second - first} ms for Retry-After: 2`);
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('5xx backoff grows exponentially with jitter', async () => {
  const good = await server.get(`${LIST}?${VIEW_QUERY}`);
  await server.fault({ path_prefix: LIST, query_params: { page_size: '10' }, count: 2, status: 503, body: '{"detail":"busy"}' });
  const { page, errors, apiRequests, context } = await openPage(browser);
  await page.goto(server.url + VIEW);
  await waitForIds(page, good.items.map((b) => b.id), 8000);
  // When the browser sent each request (its own clock: a busy test machine can deliver the
  // request events to this process late, which made gaps look shorter than they were).
  const at = listRequests(apiRequests).map((r) => r.request.timing().startTime);
  assert.equal(at.length, 3);
  const gaps = [at[1] - at[0], at[2] - at[1]];
  // The first attempt is sent by the page before the wasm has run (server/src/preload.rs), so
  // the first gap also holds the app's start: only its lower bound is the backoff's.
  assert.ok(gaps[0] >= 700, `first backoff ${gaps[0]} ms (at least 1 s − 25% jitter)`);
  assert.ok(gaps[1] >= 1450 && gaps[1] <= 2600, `second backoff ${gaps[1]} ms (2 s − 25% jitter)`);
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a pending retry is cancelled when the view changes', async () => {
  await server.fault({ path_prefix: LIST, query_params: { status: 'COMPLETED', page_size: '10' }, count: 1, status: 503, headers: { 'retry-after-ms': '20000' }, body: '{}' });
  const { page, errors, apiRequests, context } = await openPage(browser);
  await page.clock.install();
  await page.goto(server.url + VIEW);
  await page.getByText(/Retrying in 20 s/).waitFor();
  const failed = await server.get(`${LIST}?status=FAILED&page_size=10`);
  await page.getByLabel('Status').selectOption('FAILED');
  await waitForIds(page, failed.items.map((b) => b.id));
  assert.equal(await page.getByRole('alert').count(), 0, 'the old retry notice is gone');
  // Past the old retry's moment: a retry still pending would be sent by now.
  await page.clock.fastForward(21_000);
  await requestsSoFar(page);
  const old = listRequests(apiRequests).filter((r) => r.search.includes('status=COMPLETED&page_size=10'));
  assert.equal(old.length, 1, 'the old view was not retried after the change: ' + old.map((r) => r.search).join(' '));
  assert.deepEqual(await shownIds(page), failed.items.map((b) => b.id), 'the new view\'s rows stay');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('network down: alert, then Retry once it is back', async () => {
  const { page, errors, context } = await openPage(browser);
  await page.route('**/api/v2/batches?*', (route) => route.abort('internetdisconnected'));
  await page.goto(server.url + VIEW);
  await page.getByRole('alert').getByText(/could not be reached/).waitFor();
  await page.unroute('**/api/v2/batches?*');
  await expectRecovery(page, errors);
  await context.close();
});

test('no answer within 30 s: a timeout alert, then Retry', async () => {
  const { page, errors, context } = await openPage(browser);
  await page.clock.install();
  await server.fault({ path_prefix: LIST, query_params: { page_size: '10' }, count: 1, delay_ms: 5000 });
  const sent = page.waitForRequest((r) => isListUrl(r.url()));
  await page.goto(server.url + VIEW);
  await sent;
  // The page sends the list request before the wasm runs (server/src/preload.rs); the app's
  // 30 s timer starts when it adopts the request, once it is on screen.
  await page.getByLabel('Status').waitFor();
  // The adoption runs in the mount's own microtasks, before a task the page runs after it.
  await requestsSoFar(page);
  await page.clock.fastForward(31_000);
  await page.getByRole('alert').getByText('The API did not answer within 30 s.').waitFor();
  await expectRecovery(page, errors);
  await context.close();
});

test('an expanded batch that fails shows its own alert and retries', async () => {
  const { page, errors, context } = await openPage(browser);
  const good = await server.get(`${LIST}?${VIEW_QUERY}`);
  await page.goto(server.url + VIEW);
  await waitForIds(page, good.items.map((b) => b.id));
  const id = good.items[0].id;
  await server.fault({ path_prefix: `${LIST}/${id}`, count: 1, status: 404, body: '{"detail":"Batch not found"}' });
  await page.getByRole('button', { name: `Files of ${id}` }).click();
  const panel = page.locator(`#files-${id}`);
  await panel.getByRole('alert').getByText(/no such item/).waitFor();
  await panel.getByRole('button', { name: 'Retry' }).click();
  await panel.locator('table.files').waitFor();
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('bad URL parameters are reported, dropped from the request and removed from the URL', async () => {
  const { page, errors, apiRequests, context } = await openPage(browser);
  const responseP = page.waitForResponse((r) => isListUrl(r.url()));
  await page.goto(`${server.url}/?status=DONE&page_size=abc&created_at_on_or_after=2026-13-01&project_id=&utm_source=chat&source_directory_id=dir-1`);
  const response = await responseP;
  assert.equal(new URL(response.url()).search, '?source_directory_id=dir-1&page_size=20');
  const notice = page.locator('.notice');
  await notice.waitFor();
  const text = await notice.textContent();
  for (const key of ['status', 'page_size', 'created_at_on_or_after', 'project_id']) assert.match(text, new RegExp(key));
  assert.match(text, /"DONE" is not a status/);
  assert.match(text, /not a whole number/);
  assert.match(text, /month 13 does not exist/);
  assert.match(text, /is empty/);
  assert.doesNotMatch(text, /utm_source/, 'unknown parameters are ignored silently');
  await page.waitForFunction(() => location.search === '?source_directory_id=dir-1');
  await requestsSoFar(page);
  assert.equal(listRequests(apiRequests).length, 1, 'cleaning the URL does not refetch');
  assert.equal(await page.evaluate(() => history.length), 2, 'the cleaned URL replaced the bad one');
  assert.deepEqual(errors, []);
  await context.close();
});

test('conflicting repeated keys and an inverted date range are reported', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(`${server.url}/?status=FAILED&status=RUNNING&created_at_on_or_after=2026-11-02&created_at_on_or_before=2026-11-01&page_size=10`);
  const notice = page.locator('.notice');
  await notice.waitFor();
  const text = await notice.textContent();
  assert.match(text, /appears 2 times with different values/);
  assert.match(text, /later than created_at_on_or_before/);
  await page.waitForFunction(() => location.search === '?page_size=10');
  await context.close();
});

test('a personal API key is sent only as an Authorization header, and can be forgotten', async () => {
  const key = 'llx-test-secret-0123456789';
  const { page, errors, apiRequests, context } = await openPage(browser);
  await page.goto(server.url + VIEW);
  await page.locator('table.batches').waitFor();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('API key').fill(key);
  const before = apiRequests.length;
  await page.getByRole('button', { name: 'Save key' }).click();
  await page.getByText('Key saved.').waitFor();
  await until(() => listRequests(apiRequests.slice(before)).length >= 1, 'the list reloaded with the key');
  await requestsSoFar(page);
  const withKey = apiRequests.slice(before);
  assert.ok(withKey.length >= 1, 'saving the key reloads the data with it');
  for (const r of withKey) assert.equal(await r.request.headerValue('authorization'), `Bearer ${key}`);
  // Expand a row: every request carries it, none in a URL.
  await page.locator('button.toggle').first().click();
  await page.locator('table.files, .files-note').first().waitFor();
  assert.ok(apiRequests.every((r) => !r.url.includes(key)));
  assert.ok(!page.url().includes(key));
  assert.ok(!(await page.evaluate(() => document.body.innerText)).includes(key));
  assert.equal(await page.getByLabel('API key').inputValue(), '', 'the field is cleared after saving');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('batches-dashboard.api-key')), key);
  assert.equal(await page.evaluate(() => localStorage.getItem('batches-dashboard.api-key')), null);
  await page.getByText('A key is saved for this tab until it closes.').waitFor();

  // Remember on this device, then forget.
  await page.getByLabel('API key').fill(key);
  await page.getByLabel('Remember on this device').check();
  await page.getByRole('button', { name: 'Save key' }).click();
  await page.getByText('A key is remembered on this device.').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('batches-dashboard.api-key')), key);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('batches-dashboard.api-key')), null);
  const beforeForget = apiRequests.length;
  await page.getByRole('button', { name: 'Forget key' }).click();
  await page.getByText('No key saved').waitFor();
  await until(() => listRequests(apiRequests.slice(beforeForget)).length >= 1, 'the list reloaded without the key');
  await requestsSoFar(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('batches-dashboard.api-key')), null);
  const after = apiRequests.slice(beforeForget);
  assert.ok(after.length >= 1);
  for (const r of after) assert.equal(await r.request.headerValue('authorization'), null);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page carries a Content-Security-Policy that allows only itself', async () => {
  const { page, errors, context } = await openPage(browser);
  await page.goto(server.url + VIEW);
  await page.locator('table.batches').waitFor();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.match(csp, /connect-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.deepEqual(errors, []);
  await context.close();
});
