// docs/api.md's "Try it" works as written: its Bundle, posted to /api/derive under the repository's
// smart-config.json, gives the administration lines and waste-undocumented with no claim; with the waste record the
// page shows added, the JW line appears and the draft Claim is priced. Read from the page itself, so an edit to the
// example that breaks it fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Claim } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSmartConfig } from '../../src/config/load';
import { ORIGIN, testApp, type TestApp } from './helpers';

const root = path.resolve(import.meta.dirname, '../..');
const page = readFileSync(path.join(root, 'docs', 'api.md'), 'utf8');

/** The Bundle between `cat > encounter-bundle.json <<'EOF'` and `EOF`, and the entry the page says to add. */
const bundleText = page.match(/cat > encounter-bundle\.json <<'EOF'\n([\s\S]*?)\nEOF\n/)![1]!;
const wasteEntry = page.match(/as one more entry before the closing `\] }`:\n\n```json\n([\s\S]*?)\n```/)![1]!;
const closing = bundleText.lastIndexOf('] }');
const withWaste = `${bundleText.slice(0, closing)}${wasteEntry}\n${bundleText.slice(closing)}`;

interface Answer {
  results: { lines: { code: string; modifiers: string[]; units: number; ndc?: string }[]; findings: { code: string; severity: string }[]; claim: Claim | null }[];
}

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ smartConfig: await loadSmartConfig(path.join(root, 'smart-config.json')) });
});
afterAll(() => t.cleanup());

async function derive(body: string): Promise<Answer['results'][number]> {
  const res = await t.app.request(`${ORIGIN}/api/derive?today=2026-11-24`, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body });
  expect(res.status).toBe(200);
  const answer = (await res.json()) as Answer;
  expect(answer.results).toHaveLength(1);
  return answer.results[0]!;
}

const lineNames = (r: Answer['results'][number]) => r.lines.map((l) => `${[l.code, ...l.modifiers].join('-')} x${l.units}`);

describe("docs/api.md's example", () => {
  it('without the waste record: 96413 and 96415, waste-undocumented and no claim', async () => {
    const r = await derive(bundleText);
    expect(lineNames(r)).toEqual(['96413 x1', '96415 x1']);
    expect(r.findings.map((f) => `${f.code} ${f.severity}`)).toEqual(['waste-undocumented error']);
    expect(r.claim).toBeNull();
  });

  it('with the waste record the page shows: J1745 x 35, J1745-JW x 5 with the NDC, and a priced draft Claim', async () => {
    const r = await derive(withWaste);
    expect(lineNames(r).sort()).toEqual(['96413 x1', '96415 x1', 'J1745 x35', 'J1745-JW x5']);
    expect(r.lines.filter((l) => l.code === 'J1745').map((l) => l.ndc)).toEqual(['57894003001', '57894003001']);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.claim?.total?.value).toBe(35 * 96 + 5 * 96 + 310 + 67.5);
  });
});
