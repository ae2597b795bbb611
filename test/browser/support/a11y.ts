/**
 * The one accessibility audit of the browser tests. Every component test calls
 * `expectAccessible(el)` instead of `expect(el).to.be.accessible()`: it runs that same default
 * axe audit (unchanged), then axe again with only the WCAG 2.2 A and AA rules, which adds the
 * rules axe leaves off by default (target size ≥ 24 px among them).
 */
import { expect } from '@open-wc/testing';
import type { AxeResults, RunOptions } from 'axe-core';

/** The axe tags of WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const WCAG22_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

declare global {
  interface Window {
    axe?: { run(context: Element, options: RunOptions): Promise<AxeResults> };
  }
}

/** The violations of an axe result, one line per rule and node, for the failure message. */
function describeViolations(results: AxeResults): string {
  return results.violations
    .flatMap((violation) => [
      `Rule: ${violation.id} (${violation.impact}): ${violation.help}`,
      ...violation.nodes.map((node) => `  ${String(node.target)}: ${node.html}\n    ${node.failureSummary ?? ''}`),
    ])
    .join('\n');
}

/** Fails when axe finds a violation in `el`: its default rules, then the WCAG 2.2 AA set. */
export async function expectAccessible(el: Element): Promise<void> {
  // The default audit (chai-a11y-axe loads axe onto the window for it).
  await expect(el).to.be.accessible();
  const axe = window.axe;
  if (!axe) throw new Error('axe did not load');
  const results = await axe.run(el, { runOnly: { type: 'tag', values: WCAG22_AA_TAGS }, resultTypes: ['violations'] });
  expect(results.violations.length, `WCAG 2.2 AA violations:\n${describeViolations(results)}`).to.equal(0);
}
