// Lighthouse figures (bench/lighthouse.mjs) as a table against issue 26's goals. One place for
// both readers: the script's own print-out and the "Lighthouse" section that bench/run.mjs
// writes into bench/RESULTS.md, so the two never disagree on a figure or a goal.
import { summarize } from './stats.mjs';

/**
 * What is kept of each run, in table order. `unit` says how a value prints; `goal` is issue
 * 26's line for the app's median (the plain page is the reference, it has no goal).
 */
export const FIGURES = [
  { key: 'performance', label: 'performance score', unit: 'score', goal: { min: 97 } },
  { key: 'lcp', label: 'Largest Contentful Paint', unit: 's', goal: { max: 2500 } },
  { key: 'fcp', label: 'First Contentful Paint', unit: 's' },
  { key: 'tbt', label: 'Total Blocking Time', unit: 'ms' },
  { key: 'si', label: 'Speed Index', unit: 's' },
  { key: 'cls', label: 'Cumulative Layout Shift', unit: 'cls' },
  { key: 'accessibility', label: 'accessibility score', unit: 'score', goal: { min: 100 } },
  { key: 'best-practices', label: 'best practices score', unit: 'score', goal: { min: 100 } },
  { key: 'seo', label: 'SEO score', unit: 'score', goal: { min: 100 } },
];

/** The categories whose score is a figure above, by Lighthouse's id. */
export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

const METRIC_AUDITS = {
  lcp: 'largest-contentful-paint',
  fcp: 'first-contentful-paint',
  tbt: 'total-blocking-time',
  si: 'speed-index',
  cls: 'cumulative-layout-shift',
};

// Audits that carry no verdict of their own (Lighthouse shows them apart from the failed ones).
const NO_VERDICT = new Set(['notApplicable', 'manual', 'informative']);

/**
 * What one Lighthouse result (LHR) says about a page: the figures above, and for every category
 * below 100 the audits that cost it points. A weighted audit counts when it scored below 1
 * (that is where the points went); an unweighted one (the performance category's opportunities
 * and diagnostics) when Lighthouse itself shows it as failed, below 0.9. Audits that errored
 * are kept apart, in every category: they measured nothing, so they are neither passed nor
 * failed, and a category's score says nothing about them.
 */
export function fromLhr(lhr) {
  const run = { failing: [], errored: [] };
  for (const id of CATEGORIES) {
    const cat = lhr.categories[id];
    run[id] = cat?.score == null ? NaN : Math.round(cat.score * 100);
    for (const ref of cat?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (!a || NO_VERDICT.has(a.scoreDisplayMode)) continue;
      if (a.scoreDisplayMode === 'error') {
        run.errored.push({ category: id, id: a.id, title: a.title, error: a.errorMessage ?? 'unknown' });
        continue;
      }
      const costs = ref.weight > 0 ? a.score !== null && a.score < 1 : a.score !== null && a.score < 0.9;
      if (cat.score === 1 || !costs) continue;
      run.failing.push({ category: id, id: a.id, title: a.title, weight: ref.weight, value: a.displayValue ?? '' });
    }
  }
  for (const [key, audit] of Object.entries(METRIC_AUDITS)) run[key] = lhr.audits[audit]?.numericValue ?? NaN;
  run.benchmarkIndex = lhr.environment?.benchmarkIndex ?? NaN;
  run.warnings = lhr.runWarnings ?? [];
  return run;
}

const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : '—');

function show(s, unit) {
  const [scale, d, suffix] = { score: [1, 0, ''], s: [1000, 2, ' s'], ms: [1, 0, ' ms'], cls: [1, 3, ''] }[unit];
  const v = (x) => fmt(x / scale, d);
  return `${v(s.median)}${suffix} (${v(s.p10)}–${v(s.p90)})`;
}

function goalText(goal, unit) {
  if (goal.max !== undefined) return `≤ ${unit === 's' ? `${fmt(goal.max / 1000, 1)} s` : fmt(goal.max)}`;
  return `≥ ${goal.min}`;
}

/**
 * The table rows (figure, app, plain, app / plain, goal) and the audits that cost points,
 * counted over the runs. `budget(name, holds, detail)` records a verdict and returns the goal
 * cell's text, as bench/run.mjs's other sections do.
 */
export function lighthouseReport(lh, budget) {
  const values = (who, key) => lh.samples[who].filter((r) => !r.error).map((r) => r[key]);
  const rows = [];
  for (const f of FIGURES) {
    const [a, p] = ['app', 'plain'].map((who) => summarize(values(who, f.key)));
    const ratio = f.unit === 'score' || f.unit === 'cls' || !(p.median > 0) ? '' : `${fmt(a.median / p.median, 2)}×`;
    let goal = 'informative';
    if (f.goal) {
      const holds = f.goal.max !== undefined ? a.median <= f.goal.max : a.median >= f.goal.min;
      const perfect = f.unit === 'score' ? `; ${values('app', f.key).filter((x) => x >= f.goal.min).length}/${a.n} runs` : '';
      goal = budget(`Lighthouse (mobile): ${f.label} ${goalText(f.goal, f.unit)}`, holds,
        `${goalText(f.goal, f.unit)}: ${holds ? 'holds' : `misses (${show(a, f.unit).split(' (')[0]})`}${perfect}`);
    }
    rows.push([f.label, show(a, f.unit), show(p, f.unit), ratio, goal]);
  }
  const failing = new Map();
  for (const who of ['app', 'plain']) {
    for (const run of lh.samples[who]) {
      for (const x of run.failing ?? []) {
        const k = `${who}|${x.category}|${x.id}`;
        const seen = failing.get(k) ?? { who, ...x, runs: 0 };
        seen.runs++;
        seen.value = x.value || seen.value;
        failing.set(k, seen);
      }
    }
  }
  const cell = (text) => text.replace(/\|/g, '\\|');
  const audits = [...failing.values()].map((x) => [x.who, x.category, cell(x.title), fmt(x.weight), `${x.runs}/${lh.samples[x.who].length}`, cell(x.value)]);
  // Errored audits by what went wrong: the same error usually fails several audits in every run.
  const byError = new Map();
  for (const who of ['app', 'plain']) {
    for (const [i, run] of lh.samples[who].entries()) {
      for (const x of run.errored ?? []) {
        // "Required X gatherer encountered an error: Dependency Y failed with exception: Z" → Z
        const cause = x.error.replace(/^.*(?:exception|error): /, '');
        const e = byError.get(cause) ?? { titles: new Set(), runs: new Set() };
        e.titles.add(x.title);
        e.runs.add(`${who}${i}`);
        byError.set(cause, e);
      }
    }
  }
  const total = lh.samples.app.length + lh.samples.plain.length;
  const unmeasured = [...byError].map(([error, e]) => [[...e.titles].map(cell).join('; '), `${e.runs.size}/${total}`, cell(error)]);
  const errors = ['app', 'plain'].flatMap((who) => lh.samples[who].filter((r) => r.error).map((r) => `${who}: ${r.error}`));
  const warnings = [...new Set(['app', 'plain'].flatMap((who) => lh.samples[who].flatMap((r) => r.warnings ?? [])))];
  return { rows, audits, unmeasured, errors, warnings };
}

const mdTable = (head, body) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** The "Lighthouse" section of bench/RESULTS.md (and the script's print-out). */
export function lighthouseMarkdown(lh, rep) {
  const t = lh.settings.throttling;
  const bench = summarize(['app', 'plain'].flatMap((who) => lh.samples[who].map((r) => r.benchmarkIndex)));
  const dirty = lh.dirtyFiles ? ` plus ${lh.dirtyFiles} uncommitted tracked file(s)` : '';
  return `## Lighthouse: the demo list page (issue 26)

Lighthouse ${lh.lighthouseVersion} (npm, pinned in \`bench/package.json\`, run by \`bench/lighthouse.mjs\`) with its mobile defaults:
${lh.settings.formFactor} screen (${lh.settings.screen}), ${lh.settings.throttlingMethod}d slow 4G (${fmt(t.rttMs)} ms RTT, ${fmt(t.throughputKbps / 1000, 1)} Mbps down) and ${t.cpuSlowdownMultiplier}× CPU slowdown;
Debian's ${lh.chromium}, headless, a new browser per run. Page \`/\` of each page's own server (\`${lh.serverBin}\`, demo data fixed by
\`--seed 42 --now 2026-11-29T12:00:00Z\`). ${lh.runs} run${lh.runs === 1 ? '' : 's'} of each, app and plain interleaved; median (p10–p90). Measured ${lh.date} on commit \`${lh.commit}\`${dirty};
load average ${lh.loadBefore} before, ${lh.loadAfter} after; this part took ${lh.seconds} s. Lighthouse's CPU yardstick (benchmarkIndex, higher is faster)
${fmt(bench.median)} (${fmt(bench.p10)}–${fmt(bench.p90)}): the simulated times scale with the CPU time the page's tasks took on this
machine, so a busy machine reads slower (Total Blocking Time most).

${mdTable(['figure', 'app (Leptos)', 'plain JS', 'app / plain', 'goal (issue 26)'], rep.rows)}

${rep.audits.length ? `What cost points, in the categories below 100 (weighted audits below 1; unweighted ones Lighthouse shows as failed, below 0.9; runs in which it was so):

${mdTable(['page', 'category', 'audit', 'weight', 'runs', 'last value'], rep.audits)}` : 'No audit cost points: every category at 100 in every run.'}
${rep.unmeasured.length ? `
Audits that errored, so measured nothing (runs of either page in which they did, out of all runs; their categories' scores leave them out):

${mdTable(['audits', 'runs', 'error'], rep.unmeasured)}
` : ''}${rep.errors.length ? `\n**Runs that failed:** ${rep.errors.join('; ')}\n` : ''}${rep.warnings.length ? `\nLighthouse's warnings: ${rep.warnings.join('; ')}\n` : ''}`;
}
