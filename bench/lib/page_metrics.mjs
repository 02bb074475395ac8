// Browser measurements, the same for the Leptos app and the plain-JS page: both use the
// same markup (table.batches, code.batch-id, button "Files of ID", table.files, the "Status"
// select, "Next page"/"Previous page"), so one set of probes measures both.
//
// "Painted" means: the first animation frame at which the condition holds, then the task
// right after that frame's rendering (a MessageChannel message posted from the frame), i.e.
// style, layout and paint of the new rows are included. Conditions are checked once per
// frame (no MutationObserver, which would cost the app more than the page: it inserts rows
// one by one).

import { isChartUrl, isCountUrl, isListUrl } from '../../e2e/lib/browser.mjs';
import { throttle, watchResponses } from './network.mjs';

/** Runs in every page before its own scripts. */
function benchInit(opts) {
  if (!/^https?:$/.test(location.protocol)) return;
  const b = (window.__bench = {});
  // trunk's loader announces the instantiated module; its memory is the wasm heap.
  addEventListener('TrunkApplicationStarted', (e) => { b.wasmMemory = e.detail?.wasm?.memory; });
  b.statusSelect = () => {
    for (const l of document.querySelectorAll('form.filters label')) {
      if (l.firstChild?.textContent.trim().startsWith('Status')) return l.querySelector('select');
    }
    return null;
  };
  b.nthTbody = (n) => document.querySelector('table.batches')?.tBodies.length >= n;
  b.firstIdIs = (id, count) => {
    const ids = document.querySelectorAll('table.batches code.batch-id');
    return ids.length === count && ids[0].textContent === id;
  };
  b.fileRows = (id, n) => {
    const body = document.getElementById(`files-${id}`)?.querySelector('table.files')?.tBodies[0];
    return !!body && body.rows.length >= n;
  };
  b.waitPainted = (cond, timeoutMs = 60000) => new Promise((resolve, reject) => {
    const start = performance.now();
    const tick = () => {
      let ok = false;
      try { ok = cond(); } catch { /* not there yet */ }
      if (ok) {
        const frame = performance.now();
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve({ frame, painted: performance.now() });
        ch.port2.postMessage(0);
        return;
      }
      if (performance.now() - start > timeoutMs) { reject(new Error('timed out waiting for a condition')); return; }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  b.pagerButton = (name) => [...document.querySelectorAll('nav.pager button')].find((x) => x.textContent.trim() === name);
  /** Clicks Next/Previous `n` times, each time waiting for the new page's rows to be painted. */
  b.flip = async (name, n) => {
    for (let i = 0; i < n; i++) {
      await b.waitPainted(() => { const x = b.pagerButton(name); return x && !x.disabled; }, 20000);
      const first = document.querySelector('table.batches code.batch-id')?.textContent;
      b.pagerButton(name).click();
      await b.waitPainted(() => {
        const e = document.querySelector('table.batches code.batch-id');
        return e && e.textContent !== first;
      }, 20000);
    }
  };
  if (opts.waitRows) b.rowsPainted = b.waitPainted(() => b.nthTbody(opts.waitRows));
  if (opts.probeInteractive) {
    // Interactive: the first moment a change of the Status select makes the page write the
    // new view into the URL. Probes every ~4 ms from the start; a select that is there but
    // not wired up yet (the plain page's static HTML) simply does not answer.
    const started = performance.now();
    const probe = () => {
      if (b.interactive !== undefined) return;
      if (location.search.includes('status=COMPLETED')) { b.interactive = performance.now(); return; }
      const s = b.statusSelect();
      if (s) { s.value = 'COMPLETED'; s.dispatchEvent(new Event('change', { bubbles: true })); }
      if (location.search.includes('status=COMPLETED')) { b.interactive = performance.now(); return; }
      if (performance.now() - started < 30000) setTimeout(probe, 4);
    };
    probe();
  }
}

/** The API requests a page makes, classified. */
export function recordRequests(page) {
  const log = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!u.pathname.startsWith('/api/')) return;
    // As the e2e tests tell them apart: the activity chart's requests (its 1,000-row range
    // and its one-row totals) are neither the table's list nor the status chips' counts.
    const kind = isChartUrl(r.url()) ? 'chart' : isCountUrl(r.url()) ? 'count' : isListUrl(r.url()) ? 'list' : 'other';
    log.push({ kind, url: u.pathname + u.search, at: Date.now() });
  });
  return {
    log,
    mark: () => log.length,
    /**
     * Requests since `mark`. A duplicate is a request for the same URL as the previous
     * request of its kind (a view visited again later, e.g. Previous page, is not one).
     */
    since(mark) {
      const part = log.slice(mark);
      const last = {};
      let duplicates = 0;
      for (const r of part) {
        if (last[r.kind] === r.url) duplicates++;
        last[r.kind] = r.url;
      }
      return {
        list: part.filter((r) => r.kind === 'list').length,
        count: part.filter((r) => r.kind === 'count').length,
        chart: part.filter((r) => r.kind === 'chart').length,
        other: part.filter((r) => r.kind === 'other').length,
        duplicates,
      };
    },
  };
}

async function metrics(cdp) {
  const { metrics: m } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(m.map((x) => [x.name, x.value]));
}

/** A new tab in `context`, with the probes of `opts` installed before the page's scripts. */
async function openTab(context, opts) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(benchInit, opts);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const requests = recordRequests(page);
  return { page, cdp, requests, errors };
}

async function openPage(browser, opts) {
  const context = await browser.newContext(); // cold: own cache, own storage
  return { context, ...(await openTab(context, opts)) };
}

const settle = (page, ms = 400) => page.waitForTimeout(ms);

/**
 * Cold load of `/`: navigation → first rows painted, script time until then, requests on
 * load; then one filter change (Status = COMPLETED) → its rows painted, and its requests.
 */
export async function firstLoadAndFilter(browser, base, expect) {
  const { context, page, cdp, requests, errors } = await openPage(browser, { waitRows: 1 });
  try {
    await page.goto(`${base}/`, { waitUntil: 'commit' });
    const first = await page.evaluate(() => window.__bench.rowsPainted);
    const m = await metrics(cdp);
    await settle(page, 600);
    const onLoad = requests.since(0);
    const mark = requests.mark();
    const change = await page.evaluate(async ({ id, count }) => {
      const b = window.__bench;
      const select = b.statusSelect();
      const t0 = performance.now();
      select.value = 'COMPLETED';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      const r = await b.waitPainted(() => b.firstIdIs(id, count));
      return r.painted - t0;
    }, expect.completedFirstPage);
    await settle(page, 600);
    return { firstRowsMs: first.painted, firstRowsScriptMs: m.ScriptDuration * 1000, onLoad, filterMs: change, onFilter: requests.since(mark), errors };
  } finally {
    await context.close();
  }
}

/**
 * A first and a returning visit of `/` on the throttled network `net` (see network.mjs), in
 * one new context: the first visit starts with an empty HTTP cache; the returning one is a new
 * tab of the same context, so hashed assets come from its cache while index.html (sent
 * without validators) and the API come over the network again. Each: navigation → first rows
 * painted (as in firstLoadAndFilter), list requests, and where its responses came from.
 */
export async function throttledVisits(browser, base, net) {
  const context = await browser.newContext();
  try {
    const first = await throttledVisit(context, base, net);
    const returning = await throttledVisit(context, base, net);
    return { first, returning };
  } finally {
    await context.close();
  }
}

async function throttledVisit(context, base, net) {
  const { page, cdp, requests, errors } = await openTab(context, { waitRows: 1 });
  try {
    await throttle(cdp, net); // before goto: index.html is throttled too
    const responses = watchResponses(cdp);
    await page.goto(`${base}/`, { waitUntil: 'commit' });
    const first = await page.evaluate(() => window.__bench.rowsPainted);
    // A user stays a moment: lets the visit's other requests (chips, chart) finish and the
    // cache entries be written before the tab closes.
    await settle(page, 1000);
    return { firstRowsMs: first.painted, onLoad: requests.since(0), transfer: responses.summary(), errors };
  } finally {
    await page.close();
  }
}

/** Cold load of `/`: navigation → the Status select answers a change (see benchInit). */
export async function interactive(browser, base) {
  const { context, page } = await openPage(browser, { probeInteractive: true });
  try {
    await page.goto(`${base}/`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__bench?.interactive !== undefined, null, { timeout: 30000 });
    return await page.evaluate(() => window.__bench.interactive);
  } finally {
    await context.close();
  }
}

/** Cold load of `/?page_size=1000`: navigation → 1,000 rows painted, and the main thread's work. */
export async function thousandRows(browser, base) {
  const { context, page, cdp } = await openPage(browser, { waitRows: 1000 });
  try {
    await page.goto(`${base}/?page_size=1000`, { waitUntil: 'commit' });
    const r = await page.evaluate(() => window.__bench.rowsPainted);
    const m = await metrics(cdp);
    return { ms: r.painted, scriptMs: m.ScriptDuration * 1000, taskMs: m.TaskDuration * 1000, layoutMs: m.LayoutDuration * 1000 };
  } finally {
    await context.close();
  }
}

/**
 * Expanding the batch `target.id` (1,000 files), shown first on its page: click → the
 * nested table's 1,000 rows painted; script and task time the main thread spent meanwhile
 * (CDP Performance metrics, so fetch waiting is not counted).
 */
export async function expand(browser, base, target) {
  const { context, page, cdp } = await openPage(browser, { waitRows: 1 });
  try {
    const q = `status=COMPLETED&created_at_on_or_before=${encodeURIComponent(target.created_at)}&page_size=20`;
    await page.goto(`${base}/?${q}`, { waitUntil: 'commit' });
    await page.evaluate(() => window.__bench.rowsPainted);
    await settle(page, 400);
    const before = await metrics(cdp);
    const wall = await page.evaluate(async ({ id, files }) => {
      const b = window.__bench;
      const button = document.querySelector(`button[aria-label="Files of ${id}"]`);
      if (!button) throw new Error(`no row for ${id}`);
      const t0 = performance.now();
      button.click();
      const r = await b.waitPainted(() => b.fileRows(id, files));
      return r.painted - t0;
    }, { id: target.id, files: target.files });
    const after = await metrics(cdp);
    return {
      ms: wall,
      scriptMs: (after.ScriptDuration - before.ScriptDuration) * 1000,
      taskMs: (after.TaskDuration - before.TaskDuration) * 1000,
      layoutMs: (after.LayoutDuration - before.LayoutDuration) * 1000,
    };
  } finally {
    await context.close();
  }
}

/**
 * One click touches one row (issue 22): on a cold `/?page_size=1000`, the main-thread script
 * (CDP metrics around each action) of opening a row (its files are held back 3 s by the tab,
 * so only the row's own change is counted: the toggle's state, its "Loading files…" panel),
 * closing it again, Copy ("Copied" or "Copy failed"), Watch (`aria-pressed`), and an
 * auto-refresh (`refresh=10s`) whose answer changes one batch (the 500th: CANCELLED, a minute
 * later): the tab says it is hidden from the rows' paint on, so the refresh that falls due waits
 * (no refresh lands in the clicks' figures), and is let go by the tab becoming visible again.
 * Each waits for its change to be painted. The
 * refresh's figure includes reading the 1,000-batch answer. App only: the plain page has no
 * Copy, Watch or refresh.
 */
export async function clicks(browser, base) {
  const context = await browser.newContext();
  const { page, cdp } = await openTab(context, { waitRows: 1000 });
  try {
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route((u) => /^\/api\/v2\/batches\/[^/]+$/.test(u.pathname), async (route) => {
      await Promise.race([held, new Promise((r) => setTimeout(r, 3000))]);
      await route.continue();
    });
    let changeNext = false;
    // The list's own request (the chart's 1,000-row requests carry a created_at range).
    await page.route((u) => u.pathname === '/api/v2/batches' && u.search === '?page_size=1000', async (route) => {
      if (!changeNext) return route.continue();
      const res = await route.fetch();
      const body = await res.json();
      const b = body.items[500];
      b.status = 'CANCELLED';
      b.updated_at = new Date(Date.parse(b.updated_at ?? '2026-11-29T00:00:00Z') + 60_000).toISOString();
      return route.fulfill({ response: res, json: body });
    });
    await page.goto(`${base}/?page_size=1000&refresh=10s`, { waitUntil: 'commit' });
    await page.evaluate(() => {
      window.__bench.show = (hidden) => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
        document.dispatchEvent(new Event('visibilitychange'));
      };
      return window.__bench.rowsPainted;
    });
    await page.evaluate(() => window.__bench.show(true));
    const hiddenAt = Date.now();
    await settle(page, 1500); // the chart, the counts and the zone name come after the rows
    const id = await page.evaluate(() => document.querySelectorAll('table.batches code.batch-id')[500].textContent);
    const measure = async (fn) => {
      const before = await metrics(cdp);
      await page.evaluate(fn, id);
      const after = await metrics(cdp);
      return (after.ScriptDuration - before.ScriptDuration) * 1000;
    };
    const out = {};
    out.open = await measure(async (id) => {
      const t = document.querySelector(`button[aria-label="Files of ${id}"]`);
      t.click();
      await window.__bench.waitPainted(() => t.getAttribute('aria-expanded') === 'true' && !document.getElementById(`files-${id}`).hidden);
    });
    await settle(page, 100);
    out.close = await measure(async (id) => {
      const t = document.querySelector(`button[aria-label="Files of ${id}"]`);
      t.click();
      await window.__bench.waitPainted(() => t.getAttribute('aria-expanded') === 'false');
    });
    release();
    await settle(page, 300);
    out.copy = await measure(async (id) => {
      const c = document.querySelector(`button[aria-label="Copy batch id ${id}"]`);
      c.click();
      await window.__bench.waitPainted(() => c.textContent !== 'Copy');
    });
    await settle(page, 300);
    out.watch = await measure(async (id) => {
      const w = document.querySelector(`button[aria-label="Watch batch ${id}"]`);
      w.click();
      await window.__bench.waitPainted(() => w.getAttribute('aria-pressed') === 'true');
    });
    // The Copy feedback ends (2 s), and the refresh falls due (10 s after the load).
    await settle(page, Math.max(2500, 11_000 - (Date.now() - hiddenAt)));
    changeNext = true;
    out.refresh = await measure(async (id) => {
      window.__bench.show(false);
      const row = document.querySelector(`button[aria-label="Files of ${id}"]`).closest('tbody');
      await window.__bench.waitPainted(() => row.querySelector('.badge').textContent === 'CANCELLED', 20000);
    });
    return out;
  } finally {
    await context.close();
  }
}

async function heapAfterGc(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const h = await cdp.send('Runtime.getHeapUsage');
  const m = await metrics(cdp);
  return {
    jsUsed: h.usedSize,
    // The app's Rust heap lives in the wasm linear memory, outside the JS heap (it grows
    // in 64 KiB pages and never shrinks); the plain page has none.
    wasmMemory: await page.evaluate(() => window.__bench.wasmMemory?.buffer.byteLength ?? 0),
    nodes: m.Nodes,
    listeners: m.JSEventListeners,
  };
}

/**
 * Page flips on `/`: 10 × Next, heap; then 90 × Next and 100 × Previous (200 in all), heap.
 * Also the list requests each flip made.
 */
export async function flips(browser, base) {
  const { context, page, cdp, requests, errors } = await openPage(browser, { waitRows: 1 });
  try {
    await page.goto(`${base}/`, { waitUntil: 'commit' });
    await page.evaluate(() => window.__bench.rowsPainted);
    await settle(page, 400);
    const mark = requests.mark();
    const t0 = Date.now();
    await page.evaluate(() => window.__bench.flip('Next page', 10));
    await settle(page, 200);
    const after10 = await heapAfterGc(page, cdp);
    await page.evaluate(() => window.__bench.flip('Next page', 90));
    await page.evaluate(() => window.__bench.flip('Previous page', 100));
    await settle(page, 200);
    const after200 = await heapAfterGc(page, cdp);
    const flipMs = (Date.now() - t0) / 200;
    return { after10, after200, requests: requests.since(mark), flips: 200, flipMs, errors };
  } finally {
    await context.close();
  }
}

/**
 * A sampled CPU profile (CDP Profiler) of one action, summarised as self time by where the
 * code lives: the wasm module, the JS glue / page script, the browser (GC, parsing, layout
 * triggered from script shows under the calling function), plus the top functions.
 */
export async function profile(browser, base, action) {
  const { context, page, cdp } = await openPage(browser, { waitRows: action.waitRows ?? 1 });
  try {
    await cdp.send('Profiler.enable');
    if (process.env.PROFILE_DEBUGGER) await cdp.send('Debugger.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    if (action.before) await action.before(page);
    await cdp.send('Profiler.start');
    await action.run(page);
    const { profile: p } = await cdp.send('Profiler.stop');
    return summarizeProfile(p);
  } finally {
    await context.close();
  }
}

/** The crate a (demangled) Rust function name belongs to, roughly: its first path segment. */
function crateOf(name) {
  const m = name.replace(/^[<&*(\s$]*(mut |dyn |const )?/, '').match(/([a-z_][a-z0-9_]*)(\[[0-9a-f]+\])?::/);
  return m ? m[1] : name.startsWith('wasm-function') ? '(unnamed)' : name.slice(0, 40);
}

function summarizeProfile(p) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i] ?? 0) / 1000; // µs → ms
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dt);
  }
  const where = new Map();
  const fns = new Map();
  for (const [id, ms] of self) {
    const cf = byId.get(id).callFrame;
    const name = cf.functionName || '(anonymous)';
    let kind;
    if (cf.url.startsWith('wasm://') || cf.url.endsWith('.wasm')) kind = `wasm: ${crateOf(name)}`;
    else if (/^\((idle|program|garbage collector|root)\)$/.test(name)) kind = name;
    else if (cf.url) kind = `js: ${cf.url.split('/').pop().replace(/-[0-9a-f]{16}/, '')}`;
    else kind = `native: ${name}`;
    where.set(kind, (where.get(kind) ?? 0) + ms);
    const key = `${name} (${kind})`;
    fns.set(key, (fns.get(key) ?? 0) + ms);
  }
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => [k, Math.round(v * 10) / 10]);
  return { where: top(where, 12), functions: top(fns, Number(process.env.PROFILE_TOP ?? 15)) };
}
