// The benchmark's plain-JS reference: the dashboard's batch list (URL-keyed filters, cursor
// pages, keyed rows) and its expand view (a nested per-file table), written by hand against
// the DOM. Same API, same columns, same markup classes as the Leptos app, no framework.
// Text from the API only ever goes in through textContent.

const STATUSES = ['PENDING', 'THROTTLED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];
const KEYS = ['status', 'created_at_on_or_after', 'created_at_on_or_before', 'project_id',
  'organization_id', 'source_directory_id', 'page_size', 'page_token'];
const DEFAULT_PAGE_SIZE = 20;
const TYPING_DEBOUNCE_MS = 400;

const $ = (sel, root = document) => root.querySelector(sel);
const form = $('form.filters');
const summary = $('.summary');
const messages = $('.messages');
const scroller = $('.table-scroll');
const table = $('table.batches');
const prevButton = $('.pager .previous');
const nextButton = $('.pager .next');

/** Creates an element with a class and text (textContent only, never HTML). */
function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- the URL is the view -------------------------------------------------------------------

function parseInstant(v) {
  const t = Date.parse(/^\d{4}-\d\d-\d\d$/.test(v) ? `${v}T00:00:00Z` : v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The view a query string describes; invalid values are left out. */
function parseView(search) {
  const q = new URLSearchParams(search);
  const f = {};
  const status = q.get('status');
  if (status && STATUSES.includes(status)) f.status = status;
  for (const k of ['created_at_on_or_after', 'created_at_on_or_before']) {
    const v = q.get(k);
    if (v) { const t = parseInstant(v); if (t) f[k] = t; }
  }
  for (const k of ['project_id', 'organization_id', 'source_directory_id', 'page_token']) {
    const v = q.get(k)?.trim();
    if (v) f[k] = v;
  }
  const size = Number(q.get('page_size'));
  if (Number.isInteger(size) && size >= 1 && size <= 1000) f.page_size = size;
  return f;
}

function toQuery(f, withDefaultSize = false) {
  const parts = [];
  for (const k of KEYS) {
    let v = f[k];
    if (k === 'page_size' && v === undefined && withDefaultSize) v = DEFAULT_PAGE_SIZE;
    if (v !== undefined && v !== '') parts.push(`${k}=${encodeURIComponent(v)}`);
  }
  return parts.join('&');
}

let view = parseView(location.search);

function go(next, trail) {
  const q = toQuery(next);
  history.pushState(trail ? { trail } : null, '', q ? `?${q}` : location.pathname);
  view = next;
  syncControls();
  loadList();
}

function trailOf(state) {
  return Array.isArray(state?.trail) ? state.trail : [];
}

// ---- formatting ----------------------------------------------------------------------------

const pad = (n, w = 2) => String(n).padStart(w, '0');

function zoneLabel(offsetMinutes) {
  if (offsetMinutes === 0) return 'UTC';
  const a = Math.abs(offsetMinutes);
  return `UTC${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

function relative(now, then) {
  const secs = Math.trunc((now - then) / 1000);
  const n = Math.abs(secs);
  if (n < 45) return 'just now';
  const text = n < 3600 ? `${Math.trunc((n + 30) / 60)} min` : n < 86400 ? `${Math.trunc(n / 3600)} h` : `${Math.trunc(n / 86400)} d`;
  return secs < 0 ? `in ${text}` : `${text} ago`;
}

function thousands(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function count(n, one, many) {
  return `${thousands(n)} ${n === 1 ? one : many}`;
}

/** `<time>` in the viewer's zone with its age beside it; bad text as sent, absent as a dash. */
function timestamp(raw) {
  if (raw == null) return el('span', 'muted', '—');
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) return el('span', '', raw);
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const iso = d.toISOString();
  const t = el('time', '', `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())} ${zoneLabel(offset)}`);
  t.dateTime = iso;
  t.title = iso;
  t.append(el('span', 'ago', relative(Date.now(), ms)));
  return t;
}

function dashOr(v) {
  return v == null || v === '' ? '—' : String(v);
}

// ---- talking to the API --------------------------------------------------------------------

async function getJson(path, signal) {
  const resp = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  const text = await resp.text();
  if (!resp.ok) {
    let detail = text;
    try { const body = JSON.parse(text); detail = typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail); } catch { /* as sent */ }
    throw new Error(`The API answered ${resp.status}: ${detail}`);
  }
  return JSON.parse(text);
}

// ---- the list ------------------------------------------------------------------------------

/** Rows by batch id, so a refetch of the same page keeps expand state and cached results. */
const rows = new Map();
let listController = null;
let nextToken = null;

function message(kind, text) {
  messages.replaceChildren();
  if (!text) return;
  const p = el('p', kind === 'alert' ? 'alert-headline' : '', text);
  const box = el('div', kind, undefined);
  box.setAttribute('role', kind === 'alert' ? 'alert' : 'status');
  box.append(p);
  messages.append(box);
}

async function loadList() {
  listController?.abort();
  const controller = new AbortController();
  listController = controller;
  const path = `/api/v2/batches?${toQuery(view, true)}`;
  if (!rows.size) message('loading', 'Loading batches…');
  try {
    const page = await getJson(path, controller.signal);
    if (controller !== listController) return;
    if (!Array.isArray(page.items)) throw new Error('The API answered with data the dashboard cannot read');
    renderPage(page);
  } catch (e) {
    if (controller.signal.aborted) return;
    renderPage(null);
    message('alert', String(e.message ?? e));
  }
}

function renderPage(page) {
  const items = page?.items ?? [];
  summary.textContent = page?.total_size != null ? count(page.total_size, 'batch', 'batches') : '';
  nextToken = page?.next_page_token || null;
  nextButton.disabled = !nextToken;
  prevButton.disabled = !view.page_token;
  if (page) message('', items.length ? '' : 'No batches match these filters.');
  const keep = new Set(items.map((b) => b.id));
  for (const [id, row] of rows) {
    if (!keep.has(id)) { row.tbody.remove(); rows.delete(id); }
  }
  // Rows in the API's order: reuse a row for an id already shown, updating its cells.
  const fragment = document.createDocumentFragment();
  for (const b of items) {
    let row = rows.get(b.id);
    if (row) updateRow(row, b);
    else { row = createRow(b); rows.set(b.id, row); }
    fragment.append(row.tbody);
  }
  table.append(fragment);
  scroller.hidden = items.length === 0;
}

function batchCells(b) {
  const job = b.config?.job;
  return [
    (() => { const s = el('span', `badge status-${STATUSES.includes(b.status) ? b.status.toLowerCase() : 'other'}`, b.status ?? '—'); return s; })(),
    document.createTextNode(dashOr(job?.type)),
    el('code', '', dashOr(job?.configuration_id)),
    el('code', '', dashOr(b.project_id)),
    el('code', '', dashOr(b.source_directory_id)),
  ];
}

function timesCell(td, b) {
  const updated = el('span', 'updated', 'updated ');
  updated.append(timestamp(b.updated_at));
  td.replaceChildren(timestamp(b.created_at), updated);
}

function createRow(b) {
  const tbody = el('tbody', 'batch');
  const tr = el('tr');
  const panelId = `files-${b.id}`;
  const toggle = el('button', 'toggle');
  toggle.type = 'button';
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-controls', panelId);
  toggle.setAttribute('aria-label', `Files of ${b.id}`);
  const arrow = el('span', '', '▸');
  arrow.setAttribute('aria-hidden', 'true');
  toggle.append(arrow);
  const first = el('td');
  first.append(toggle);
  const idCell = el('td');
  idCell.append(el('code', 'batch-id', b.id));
  const cells = batchCells(b).map((c) => { const td = el('td'); td.append(c); return td; });
  const times = el('td', 'times');
  timesCell(times, b);
  tr.append(first, idCell, ...cells, times);
  const filesRow = el('tr', 'files-row');
  filesRow.id = panelId;
  filesRow.hidden = true;
  const panel = el('td');
  panel.colSpan = 8;
  filesRow.append(panel);
  tbody.append(tr, filesRow);
  const row = { tbody, tr, cells, times, toggle, arrow, filesRow, panel, batch: b, expanded: false, load: 'idle' };
  toggle.addEventListener('click', () => toggleRow(row));
  return row;
}

function updateRow(row, b) {
  if (JSON.stringify(row.batch) === JSON.stringify(b)) return;
  row.batch = b;
  batchCells(b).forEach((c, i) => row.cells[i].replaceChildren(c));
  timesCell(row.times, b);
}

// ---- expand: the per-file results ----------------------------------------------------------

function toggleRow(row) {
  row.expanded = !row.expanded;
  row.toggle.setAttribute('aria-expanded', String(row.expanded));
  row.arrow.textContent = row.expanded ? '▾' : '▸';
  row.tbody.classList.toggle('expanded', row.expanded);
  row.filesRow.hidden = !row.expanded;
  if (row.expanded && row.load === 'idle') loadFiles(row);
}

async function loadFiles(row) {
  row.load = 'loading';
  const loading = el('p', 'loading', 'Loading files…');
  loading.setAttribute('role', 'status');
  row.panel.replaceChildren(loading);
  try {
    const b = await getJson(`/api/v2/batches/${encodeURIComponent(row.batch.id)}?expand=results`);
    row.load = 'done';
    renderFiles(row.panel, b.results, b.status);
  } catch (e) {
    row.load = 'idle';
    const alert = el('div', 'alert');
    alert.setAttribute('role', 'alert');
    alert.append(el('p', 'alert-headline', String(e.message ?? e)));
    const retry = el('button', '', 'Retry');
    retry.type = 'button';
    retry.addEventListener('click', () => loadFiles(row));
    alert.append(retry);
    row.panel.replaceChildren(alert);
  }
}

const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED'];

function renderFiles(panel, results, status) {
  if (!Array.isArray(results)) {
    const why = status && !TERMINAL.includes(status)
      ? `Results are not available yet while the batch is ${status}.`
      : 'The API returned no per-file results for this batch.';
    panel.replaceChildren(el('p', 'files-note', why));
    return;
  }
  if (!results.length) { panel.replaceChildren(el('p', 'files-note', 'No files.')); return; }
  let errors = 0;
  let jobs = 0;
  for (const r of results) { if (r.error_message != null) errors++; if (r.job_reference != null) jobs++; }
  const parts = [el('p', 'files-summary', `${count(results.length, 'file', 'files')} · ${count(errors, 'with an error', 'with errors')} · ${count(jobs, 'job created', 'jobs created')}`)];
  if (status === 'FAILED') parts.push(el('p', 'files-note', 'The batch FAILED during orchestration: this list may not include every file.'));
  const scroll = el('div', 'table-scroll');
  const t = el('table', 'files');
  const head = el('thead');
  const hr = el('tr');
  for (const h of ['File', 'Outcome', 'Error', 'Job']) { const th = el('th', '', h); th.scope = 'col'; hr.append(th); }
  head.append(hr);
  const body = el('tbody');
  for (const r of results) {
    const job = r.job_reference;
    const err = r.error_message;
    const [outcome, cls] = job ? (err == null ? ['Job created', 'outcome-ok'] : ['Job failed', 'outcome-error'])
      : (err == null ? ['No job', 'outcome-none'] : ['No job: error', 'outcome-error']);
    const tr = el('tr');
    const file = el('td');
    file.append(el('code', '', dashOr(r.source_directory_file_id)));
    const out = el('td');
    out.append(el('span', `outcome ${cls}`, outcome));
    const jobCell = el('td');
    if (job) jobCell.append(el('code', '', job.id), ' ', el('span', 'muted', job.type ?? ''));
    else jobCell.append(el('span', 'muted', '—'));
    tr.append(file, out, el('td', 'error-text', dashOr(err)), jobCell);
    body.append(tr);
  }
  t.append(head, body);
  scroll.append(t);
  parts.push(scroll);
  panel.replaceChildren(...parts);
}

// ---- controls ------------------------------------------------------------------------------

function localInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function syncControls() {
  form.elements.status.value = view.status ?? '';
  form.elements.page_size.value = String(view.page_size ?? DEFAULT_PAGE_SIZE);
  for (const k of ['created_at_on_or_after', 'created_at_on_or_before']) form.elements[k].value = localInput(view[k]);
  for (const k of ['project_id', 'organization_id', 'source_directory_id']) {
    if (document.activeElement !== form.elements[k]) form.elements[k].value = view[k] ?? '';
  }
  form.querySelector('.clear').disabled = !['status', 'created_at_on_or_after', 'created_at_on_or_before',
    'project_id', 'organization_id', 'source_directory_id'].some((k) => view[k] !== undefined);
}

/** A filter change: always from the first page, as a new history entry. */
function change(key, value) {
  const next = { ...view, page_token: undefined };
  if (value === undefined || value === '') delete next[key];
  else next[key] = value;
  delete next.page_token;
  go(next);
}

form.addEventListener('submit', (ev) => ev.preventDefault());
form.elements.status.addEventListener('change', (ev) => change('status', ev.target.value));
form.elements.page_size.addEventListener('change', (ev) => change('page_size', Number(ev.target.value)));
for (const k of ['created_at_on_or_after', 'created_at_on_or_before']) {
  form.elements[k].addEventListener('change', (ev) => {
    const v = ev.target.value;
    if (!v) return change(k, undefined);
    const d = new Date(v); // datetime-local values are read in the viewer's zone
    if (k === 'created_at_on_or_before') d.setSeconds(59, 999);
    change(k, d.toISOString());
  });
}
for (const k of ['project_id', 'organization_id', 'source_directory_id']) {
  let timer;
  form.elements[k].addEventListener('input', (ev) => {
    clearTimeout(timer);
    timer = setTimeout(() => { const v = ev.target.value.trim(); if (v !== (view[k] ?? '')) change(k, v); }, TYPING_DEBOUNCE_MS);
  });
}
form.querySelector('.clear').addEventListener('click', () => go(view.page_size ? { page_size: view.page_size } : {}));

nextButton.addEventListener('click', () => {
  if (!nextToken) return;
  const trail = [...trailOf(history.state), view.page_token ?? ''];
  go({ ...view, page_token: nextToken }, trail);
});
prevButton.addEventListener('click', () => {
  const trail = [...trailOf(history.state)];
  const previous = trail.pop() || undefined;
  const next = { ...view };
  if (previous) next.page_token = previous; else delete next.page_token;
  go(next, trail);
});
window.addEventListener('popstate', () => {
  view = parseView(location.search);
  syncControls();
  loadList();
});

$('.zone-note').textContent = `Times in your zone, ${zoneLabel(-new Date().getTimezoneOffset())}`;
syncControls();
loadList();
