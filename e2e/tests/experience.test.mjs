// What people expect of a tool they use daily: keyboard, dark mode, narrow
// screens, and an accessibility audit of every state.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, waitForIds, isListUrl } from '../lib/browser.mjs';
import { axeViolations } from '../lib/axe.mjs';


let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });
beforeEach(async () => { await server.clearFaults(); });

const active = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return { tag: a?.tagName, label: a?.getAttribute('aria-label') ?? a?.textContent?.trim() };
});

test('keyboard: / focuses the filters, j/k move between rows, o and Enter expand, ? explains', async () => {
  const { page, errors, context } = await openPage(browser);
  const list = await server.get('/api/v2/batches?page_size=20');
  await page.goto(`${server.url}/`);
  await waitForIds(page, list.items.map((b) => b.id));
  await page.keyboard.press('/');
  assert.equal((await active(page)).tag, 'SELECT', '/ focuses the first filter');
  // Typing in a field never triggers a shortcut.
  await page.getByLabel('Project').focus();
  await page.keyboard.type('jk');
  assert.equal(await page.getByLabel('Project').inputValue(), 'jk');
  await page.getByLabel('Project').fill('');
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('j');
  assert.equal((await active(page)).label, `Files of ${list.items[0].id}`);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  assert.equal((await active(page)).label, `Files of ${list.items[1].id}`);
  await page.keyboard.press('o');
  const toggle = page.getByRole('button', { name: `Files of ${list.items[1].id}` });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal((await active(page)).label, `Files of ${list.items[1].id}`, 'focus stays on the toggle after collapsing');
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /Next \/ previous batch/);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await active(page)).label, 'Keyboard shortcuts', 'focus returns to the opener');
  assert.deepEqual(errors, []);
  await context.close();
});

test('dark mode follows the system and a remembered choice', async () => {
  const { page, context } = await openPage(browser, { colorScheme: 'dark' });
  await page.goto(`${server.url}/`);
  await page.locator('table.batches').waitFor();
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(await bg(), 'rgb(20, 23, 28)', 'dark by system preference');
  await page.getByLabel('Theme').selectOption('light');
  assert.equal(await bg(), 'rgb(247, 248, 250)');
  await page.reload();
  await page.locator('table.batches').waitFor();
  assert.equal(await bg(), 'rgb(247, 248, 250)', 'the choice is remembered on the device');
  assert.equal(await page.getByLabel('Theme').inputValue(), 'light');
  await page.getByLabel('Theme').selectOption('system');
  assert.equal(await bg(), 'rgb(20, 23, 28)');
  await context.close();
});

test('at 360 px wide the page never scrolls sideways; the table scrolls in its own box', async () => {
  const { page, errors, context } = await openPage(browser, { viewport: { width: 360, height: 740 } });
  await page.goto(`${server.url}/?page_size=10`);
  await page.locator('table.batches').waitFor();
  await page.locator('button.toggle').first().click();
  await page.locator('table.files, .files-note').first().waitFor();
  const widths = await page.evaluate(() => ({
    doc: document.documentElement.scrollWidth,
    view: window.innerWidth,
    table: document.querySelector('.table-scroll').scrollWidth,
    box: document.querySelector('.table-scroll').clientWidth,
  }));
  assert.ok(widths.doc <= widths.view, `page is ${widths.doc}px wide in a ${widths.view}px window`);
  assert.ok(widths.table > widths.box, 'the wide table scrolls inside its container');
  assert.deepEqual(errors, []);
  await context.close();
});

async function audit(page, what) {
  assert.deepEqual(await axeViolations(page), [], `${what}: no serious or critical accessibility violations`);
}

test('accessibility audit (axe-core): list, expanded row, settings, help, error state, dark mode', async () => {
  for (const colorScheme of ['light', 'dark']) {
    // axe is injected as a script, which the page's own CSP rightly forbids.
    const { page, context } = await openPage(browser, { bypassCSP: true, colorScheme });
    await page.goto(`${server.url}/?page_size=10`);
    await page.locator('table.batches').waitFor();
    await page.getByRole('navigation', { name: 'Batch counts' }).getByRole('link', { name: /^FAILED · \d/ }).waitFor();
    await audit(page, `list (${colorScheme})`);
    await page.locator('button.toggle').nth(1).click();
    await page.locator('table.files, .files-note').first().waitFor();
    await audit(page, `expanded row (${colorScheme})`);
    await page.getByRole('button', { name: 'Settings' }).click();
    await audit(page, `settings panel (${colorScheme})`);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await audit(page, `shortcuts help (${colorScheme})`);
    await page.keyboard.press('Escape');
    await server.fault({ path_prefix: '/api/v2/batches', query_params: { page_size: '10' }, count: 1, status: 401, body: '{"detail":"Invalid authentication token"}' });
    await page.goto(`${server.url}/?page_size=10`);
    await page.getByRole('alert').waitFor();
    await audit(page, `error state (${colorScheme})`);
    await context.close();
  }
});
