// The first pass's line scanner against JSON.parse: a line it passes must parse, with the very members JSON.parse
// gives; a line JSON.parse rejects must never pass. Checked on generated resources, on lines broken at random,
// and on the grammar's corners.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineScanner } from '../../src/audit/line-scan';

const LINKS = ['subject', 'beneficiary'];
const scanner = new LineScanner(LINKS);

interface Members {
  resourceType: string;
  id: string;
  lastUpdated: string;
  references: Record<string, string | undefined>;
}

function scanned(line: string | Buffer): Members | undefined {
  if (!scanner.scan(typeof line === 'string' ? Buffer.from(line, 'utf8') : line)) return undefined;
  const references: Record<string, string | undefined> = {};
  for (const link of LINKS) references[link] = scanner.referenceOf(link);
  return { resourceType: scanner.resourceType, id: scanner.id, lastUpdated: scanner.lastUpdated, references };
}

/** What the scanner must report for a line it passes, read the long way. */
function parsedMembers(parsed: Record<string, unknown>): Members {
  const meta = parsed.meta as { lastUpdated?: unknown } | undefined;
  const references: Record<string, string | undefined> = {};
  for (const link of LINKS) {
    const value = (parsed[link] as { reference?: unknown } | undefined)?.reference;
    references[link] = typeof value === 'string' ? value : undefined;
  }
  return {
    resourceType: parsed.resourceType as string,
    id: parsed.id as string,
    lastUpdated: typeof meta?.lastUpdated === 'string' ? meta.lastUpdated : '',
    references,
  };
}

/** The scanner's promise for one line's bytes, whatever they are (the first pass decodes a line it leaves). */
function agreesWithJsonParse(bytes: Buffer): void {
  const members = scanned(bytes);
  const text = bytes.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    expect(members, `passed a line JSON.parse rejects: ${text}`).toBeUndefined();
    return;
  }
  if (!members) return; // left to JSON.parse: always allowed
  expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(true);
  const object = parsed as Record<string, unknown>;
  expect(typeof object.resourceType).toBe('string');
  expect(typeof object.id).toBe('string');
  expect(members).toEqual(parsedMembers(object));
}

const text = fc.string({ unit: 'binary', maxLength: 12 });
const resource = fc.record(
  {
    resourceType: fc.oneof(fc.constantFrom('MedicationAdministration', 'Encounter', 'Coverage'), text),
    id: fc.oneof(fc.stringMatching(/^[A-Za-z0-9\-.]{1,20}$/), text),
    meta: fc.record({ lastUpdated: fc.oneof(fc.constant('2026-01-15T06:00:00Z'), text), versionId: text }, { requiredKeys: [] }),
    subject: fc.record({ reference: fc.oneof(fc.constant('Patient/p1'), text), display: text }, { requiredKeys: [] }),
    beneficiary: fc.record({ reference: text }, { requiredKeys: [] }),
    contained: fc.array(fc.record({ resourceType: text, id: text, subject: fc.record({ reference: text }) }), { maxLength: 2 }),
    extra: fc.jsonValue({ maxDepth: 4 }),
  },
  { requiredKeys: ['resourceType'] },
);

/** A line as an export writes it, or pretty-printed (white space everywhere it may go). */
const line = fc.tuple(resource, fc.boolean()).map(([r, pretty]) => (pretty ? JSON.stringify(r, null, 1).replace(/\n/g, ' \t') : JSON.stringify(r)));

describe('LineScanner', () => {
  it('reads resourceType, id, meta.lastUpdated and the patient references as JSON.parse does', () => {
    fc.assert(fc.property(line, (l) => agreesWithJsonParse(Buffer.from(l, 'utf8'))), { numRuns: 3000 });
  });

  it('passes the ordinary line of an export', () => {
    const l = '{"resourceType":"MedicationAdministration","id":"ma-1","meta":{"lastUpdated":"2026-01-15T06:00:00Z"},"subject":{"reference":"Patient/p1"},"dosage":{"dose":{"value":8.5e-1,"unit":"mg"}},"note":[],"x":{},"ok":true,"no":false,"none":null}';
    expect(scanned(l)).toEqual({ resourceType: 'MedicationAdministration', id: 'ma-1', lastUpdated: '2026-01-15T06:00:00Z', references: { subject: 'Patient/p1', beneficiary: undefined } });
  });

  it('never passes a line broken at random: a byte dropped, changed or added, or the line cut short', () => {
    const byte = fc.constantFrom(...Buffer.from('{}[]",:\\ 0-.eE+tfnu\u0001x'), 0xc3, 0x80, 0xff);
    const breaks = fc.tuple(line, fc.nat(), byte, fc.constantFrom('drop', 'change', 'add', 'cut'));
    fc.assert(
      fc.property(breaks, ([l, at, b, how]) => {
        const bytes = Buffer.from(l, 'utf8');
        const i = at % bytes.length;
        const one = Buffer.from([b]);
        const parts = how === 'drop' ? [bytes.subarray(0, i), bytes.subarray(i + 1)] : how === 'change' ? [bytes.subarray(0, i), one, bytes.subarray(i + 1)] : how === 'add' ? [bytes.subarray(0, i), one, bytes.subarray(i)] : [bytes.subarray(0, i)];
        agreesWithJsonParse(Buffer.concat(parts));
      }),
      { numRuns: 5000 },
    );
  });

  it('rejects what JSON does not allow', () => {
    const head = '{"resourceType":"Patient","id":"p1"';
    for (const bad of [
      `${head},"n":01}`, `${head},"n":1.}`, `${head},"n":.5}`, `${head},"n":-}`, `${head},"n":1e}`, `${head},"n":1e+}`, `${head},"n":+1}`,
      `${head},"b":tru}`, `${head},"b":nul}`, `${head},"b":True}`, `${head},"s":"a\tb"}`, `${head},"s":"\\x"}`, `${head},"s":"\\u12G4"}`,
      `${head},}`, `${head},"a":[1,]}`, `${head},"a":[,1]}`, `${head}}}`, `${head}} x`, `${head}`, `${head},"a" 1}`, `${head},'a':1}`,
      `\ufeff${head}}`, `${head},"a":NaN}`, `${head},"a":[1 2]}`, `${head},"o":{"a":1 "b":2}}`,
    ]) {
      expect(() => JSON.parse(bad), bad).toThrow();
      expect(scanned(bad), bad).toBeUndefined();
    }
  });

  it('passes white space where JSON allows it and escapes in members it does not read', () => {
    const l = ' \t{ "resourceType" : "Encounter" ,\r\n"id":"e1", "text":"tab\\tquote\\"u\\u00e9" , "n" : -0.5E+2 } \t';
    expect(scanned(l)).toMatchObject({ resourceType: 'Encounter', id: 'e1' });
  });

  it('takes the last copy of a repeated member, as JSON.parse does', () => {
    const l = '{"resourceType":"X","id":"a","meta":{"lastUpdated":"1"},"subject":{"reference":"Patient/1"},"id":"b","meta":{},"subject":{"reference":"Patient/2"}}';
    expect(scanned(l)).toEqual({ resourceType: 'X', id: 'b', lastUpdated: '', references: { subject: 'Patient/2', beneficiary: undefined } });
  });

  it('does not take members of nested objects for the resource\'s own', () => {
    const l = '{"contained":[{"resourceType":"Y","id":"c","subject":{"reference":"Patient/9"}}],"resourceType":"X","id":"a","x":{"meta":{"lastUpdated":"9"}}}';
    expect(scanned(l)).toEqual({ resourceType: 'X', id: 'a', lastUpdated: '', references: { subject: undefined, beneficiary: undefined } });
  });

  it('refuses element names it could not compare byte by byte', () => {
    expect(() => new LineScanner(['subject', 'sübject'])).toThrow(/ASCII letters/);
  });

  it('leaves to JSON.parse the lines whose members it cannot read plainly', () => {
    for (const odd of [
      '[1]', '"x"', '{}', '{"id":"a"}', '{"resourceType":"X"}', '{"resourceType":7,"id":"a"}', '{"resourceType":"X","id":null}',
      '{"resource\\u0054ype":"X","id":"a"}', '{"resourceType":"X","id":"a\\u0062"}', '{"resourceType":"X","id":"a","meta":"m"}',
      '{"resourceType":"X","id":"a","subject":"Patient/1"}', '{"resourceType":"X","id":"a","subject":{"reference":null}}',
      '{"resourceType":"X","id":"a","meta":{"lastUpdated":5}}', `{"resourceType":"X","id":"a","deep":${'['.repeat(200)}${']'.repeat(200)}}`,
    ]) {
      expect(scanned(odd), odd).toBeUndefined();
    }
  });
});
