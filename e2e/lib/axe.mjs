// One accessibility audit for every test: axe-core's rules plus two it leaves off by default,
// a 24 px touch target (WCAG 2.2 2.5.8) and the visible words inside the accessible name
// (2.5.3, what a voice user says to click), which Lighthouse checks and users need.
import { createRequire } from 'node:module';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const EXTRA_RULES = { 'target-size': { enabled: true }, 'label-content-name-mismatch': { enabled: true } };

/**
 * The serious and critical violations on `page` now, one line each (rule, impact, first three
 * nodes): a test asserts the list is empty. Injects axe as a script, so the page must be opened
 * with `bypassCSP: true` (its own CSP rightly forbids that).
 */
export async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((rules) => window.axe.run(document, { resultTypes: ['violations'], rules }), EXTRA_RULES);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}
