// WCAG 2.5.3 Label in Name on the sandbox EHR's pages, in Chromium: every link and button whose text is visible
// has an accessible name (as Chromium computes it, read through the DevTools accessibility tree) that contains
// that visible text, so a voice-control user who says what she sees reaches it. The user trial found the patient
// list's "Open from the EHR" links named "Open Waste missing (...) from the EHR".
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cannotRun, useDemo } from './browser';

const skip = cannotRun();
if (skip) process.stderr.write(`e2e skipped: ${skip}\n`);

const demo = useDemo();

/** The text of an element that is actually painted: text inside visually-hidden (clipped 1 px) elements is left out. */
const VISIBLE_TEXT = `function () {
  const walker = document.createTreeWalker(this, NodeFilter.SHOW_TEXT);
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const box = node.parentElement.getBoundingClientRect();
    if (box.width > 1 && box.height > 1 && getComputedStyle(node.parentElement).visibility !== 'hidden') text += node.textContent;
  }
  return text;
}`;

const normal = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** The page's links and buttons with visible text, and those whose accessible name does not contain it. */
async function labelInName(page: Page): Promise<{ checked: string[]; problems: string[] }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const checked: string[] = [];
    const problems: string[] = [];
    for (const node of nodes) {
      const role = node.role?.value;
      if ((role !== 'link' && role !== 'button') || node.ignored || node.backendDOMNodeId === undefined) continue;
      const name = String(node.name?.value ?? '');
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId });
      const { result } = await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId!, functionDeclaration: VISIBLE_TEXT, returnByValue: true });
      const visible = normal(String(result.value ?? ''));
      if (!visible) continue;
      checked.push(`${role} "${visible}"`);
      if (!normal(name).includes(visible)) problems.push(`${role} showing "${visible}" is named "${name}"`);
    }
    return { checked, problems };
  } finally {
    await cdp.detach();
  }
}

describe.skipIf(skip)('sandbox pages: accessible names contain the visible text (WCAG 2.5.3)', () => {
  it('the patient list, a chart, the close-visit card and the standalone patient picker', async () => {
    const page = await demo.browser.context.newPage();
    try {
      await page.goto(`${demo.base}sandbox/`);
      const list = await labelInName(page);
      expect(list.problems).toEqual([]);
      // Every sample's launch link was among those checked, and still tells the rows apart by name.
      const opens = page.getByRole('link', { name: /^Open from the EHR for / });
      expect(await opens.count()).toBe(demo.server.sandbox!.cases.length);
      expect(list.checked.filter((c) => c === 'link "open from the ehr"')).toHaveLength(demo.server.sandbox!.cases.length);
      expect(await page.getByRole('link', { name: 'Open from the EHR for Maria Alvarez (Waste missing)', exact: true }).count()).toBe(1);

      await page.goto(`${demo.base}sandbox/ehr/waste-missing`);
      const chart = await labelInName(page);
      expect(chart.problems).toEqual([]);
      expect(chart.checked).toContain('button "close visit"');

      await page.getByRole('button', { name: 'Close visit' }).click();
      await page.getByRole('article', { name: 'J-Code Assist card' }).waitFor({ timeout: 20_000 });
      const card = await labelInName(page);
      expect(card.problems).toEqual([]);
      expect(card.checked).toContain('link "back to the chart"');

      await page.goto(`${demo.base}sandbox/`);
      await page.getByRole('link', { name: /\/launch\/\?iss=/ }).click();
      await page.getByRole('heading', { name: 'Choose a patient' }).waitFor({ timeout: 20_000 });
      const picker = await labelInName(page);
      expect(picker.problems).toEqual([]);
      expect(picker.checked).toContain('button "open the record in the app"');
    } finally {
      await page.close();
    }
  }, 120_000);
});
