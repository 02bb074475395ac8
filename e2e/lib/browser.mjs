// Debian's Chromium driven by playwright-core: no browser download.
import { chromium } from 'playwright-core';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    args: ARGS,
  });
}

/**
 * A fresh page that records console errors, page errors and every /api/ request it makes,
 * so a test can assert the page logged nothing bad and asked exactly what it should.
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  const apiRequests = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/')) apiRequests.push({ path: u.pathname, search: u.search, url: r.url(), request: r, at: Date.now() });
  });
  return { context, page, errors, apiRequests };
}

/**
 * Whether a URL is one of the activity chart's requests: its one-row totals
 * always name the chart's upper bound (`created_at_on_or_before`), and it lists
 * its range 1,000 rows a page. The tests that count list or chip requests use
 * views with neither an upper bound nor a page size of 1,000.
 */
export function isChartUrl(url) {
  const u = new URL(url);
  const size = u.searchParams.get('page_size');
  return u.pathname === '/api/v2/batches'
    && (size === '1000' || (size === '1' && u.searchParams.has('created_at_on_or_before')));
}

/**
 * Whether a URL is a list request for the table, as opposed to one of the
 * one-row requests (page_size=1) the status chips count with, or the chart's.
 */
export function isListUrl(url) {
  const u = new URL(url);
  return u.pathname === '/api/v2/batches' && u.searchParams.get('page_size') !== '1' && !isChartUrl(url);
}

/** Whether a URL is one of the status chips' count requests. */
export function isCountUrl(url) {
  const u = new URL(url);
  return u.pathname === '/api/v2/batches' && u.searchParams.get('page_size') === '1' && !isChartUrl(url);
}

/** List requests (GET /api/v2/batches for the table) among recorded requests. */
export function listRequests(apiRequests) {
  return apiRequests.filter((r) => isListUrl(r.url));
}

/** The batch ids shown in the table, top to bottom. */
export async function shownIds(page) {
  return page.locator('table.batches code.batch-id').allTextContents();
}

/** Waits until the table shows exactly these ids. */
export async function waitForIds(page, ids, timeout = 10000) {
  const want = JSON.stringify(ids);
  await page.waitForFunction(
    (w) => JSON.stringify([...document.querySelectorAll('table.batches code.batch-id')].map((e) => e.textContent)) === w,
    want,
    { timeout },
  ).catch(async (e) => {
    // What the page said instead (alerts, statuses, an empty state): the clue when this fails rarely.
    const said = await page.evaluate(() => (document.querySelector('main')?.innerText ?? '').replace(/\s+/g, ' ').slice(0, 600)).catch(() => '');
    throw new Error(`table shows ${JSON.stringify(await shownIds(page))}, want ${want}; the page says: ${said}: ${e.message}`);
  });
}

/**
 * Waits until `check()` holds, polling the recorded events (no fixed sleep): for conditions on
 * what the page has asked so far, which no single Playwright event expresses.
 */
export async function until(check, what, timeout = 10000) {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Waits for the status chips' six count requests: the list page's last start-up step (they go
 * after the rows' frame and an idle period), so whatever the page's start sends has been sent by
 * then. Tests count list requests up to this point instead of sleeping and looking.
 */
export async function countsSent(apiRequests, n = 6) {
  await until(() => apiRequests.filter((r) => isCountUrl(r.url)).length >= n, `${n} count requests`);
}

/**
 * Sends a request from the page and waits until Playwright has reported it. The browser reports
 * requests in the order the page sent them, so every request the app sent before this point has
 * been recorded by then: tests assert "nothing was asked" up to here instead of sleeping.
 */
export async function requestsSoFar(page) {
  const mark = `/healthz?so-far=${Math.random().toString(36).slice(2)}`;
  const seen = page.waitForRequest((r) => r.url().endsWith(mark));
  await page.evaluate((m) => fetch(m).then((r) => r.text()), mark);
  await seen;
}
