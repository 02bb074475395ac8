// Foundation: the release build, served by the demo server, shows exactly what the API returned.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, listRequests, waitForIds, isListUrl } from '../lib/browser.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('first page shows the rows the API returned for the request the page made', async () => {
  const { page, errors, apiRequests, context } = await openPage(browser);
  const responseP = page.waitForResponse((r) => isListUrl(r.url()));
  await page.goto(server.url + '/');
  const response = await responseP;
  const body = await response.json();
  assert.ok(body.items.length > 0, 'the demo API returned batches');
  await waitForIds(page, body.items.map((b) => b.id));
  assert.equal(listRequests(apiRequests).length, 1, 'one list request on load');
  assert.equal(new URL(response.url()).search, '?page_size=20');
  await assert.doesNotReject(page.getByText(`${body.total_size.toLocaleString('en-US')} batches`).waitFor());
  // Status badges carry their text; times name their zone.
  const first = body.items[0];
  const row = page.locator('tbody.batch').first();
  assert.equal(await row.locator('.badge').textContent(), first.status);
  assert.match(await row.locator('time').first().textContent(), /^\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an unknown path inside the app renders the not-found page, not a blank one', async () => {
  const { page, errors, context } = await openPage(browser);
  await page.goto(server.url + '/no/such/page');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
