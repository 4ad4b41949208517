// Every problem of smart-config.json in plain words, with the setting's path and what is expected: an integrator
// reads these at start-up, so none may be zod's or the JSON parser's own text ("String must contain at least 1
// character(s)", "Unrecognized key(s) in object", "PropertyNameExpected"). Expected messages written by hand.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSmartConfig } from '../../src/config/load';
import { ConfigError } from '../../src/config/smart-config';
import { problemsOf } from './problems';

async function problemsOfFile(text: string): Promise<string[]> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'jcode-messages-')), 'smart-config.json');
  writeFileSync(file, text);
  const error = await loadSmartConfig(file).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

const client = { name: 'EHR', iss: 'https://fhir.example.org/R4', clientId: 'abc', scopes: 'launch' };
/** zod's wording, which must not reach an integrator. */
const LIBRARY_TEXT = /String must contain|Unrecognized key|Invalid enum value|Expected \w+, received|Required$|Invalid input|Invalid literal/;

describe('smart-config.json problems in words', () => {
  it('an empty setting', () => {
    expect(problemsOf({ clients: [{ ...client, clientId: '' }] })).toEqual(['clients[0].clientId: must not be empty']);
  });

  it('an unknown setting, at the top level and inside an object, with the settings allowed there', () => {
    expect(problemsOf({ extra: 1 })).toEqual(["unknown setting 'extra' (allowed: $schema, clients, billing, claimDestination, cdsHooks)"]);
    expect(problemsOf({ clients: [{ ...client, secret: 'x', scope: 'y' }] })).toEqual([
      "clients[0]: unknown settings 'secret', 'scope' (allowed: name, iss, clientId, scopes, redirectUri, standalone)",
    ]);
  });

  it('a value outside a fixed list, and a value of the wrong kind for it', () => {
    expect(problemsOf({ billing: { bilateralIntravitreal: 'x' } })).toEqual(["billing.bilateralIntravitreal: must be one of 'modifier-50', 'rt-lt' (got 'x')"]);
    expect(problemsOf({ billing: { setting: 5 } })).toEqual(["billing.setting: must be one of 'office', 'hospital-outpatient' (got a number)"]);
  });

  it('a missing setting and a value of the wrong kind', () => {
    expect(problemsOf({ clients: [{ name: 'EHR', iss: 'https://fhir.example.org/R4', scopes: 'launch' }] })).toEqual(['clients[0].clientId: is missing (expected text)']);
    expect(problemsOf({ clients: {}, billing: { wasteReasonCodes: [{ system: 's', code: 7 }] } })).toEqual([
      'clients: must be a list [ ... ] (got an object { ... })',
      'billing.wasteReasonCodes[0].code: must be text (got a number)',
    ]);
    expect(problemsOf([])).toEqual(['(top level): must be an object { ... } (got a list [ ... ])']);
  });

  it('a setting with several forms: names each form, or the problem inside the form that fits', () => {
    expect(problemsOf({ claimDestination: 'nowhere' })).toEqual(["claimDestination: must be 'ehr' or an object { fhirBaseUrl } (got 'nowhere')"]);
    expect(problemsOf({ claimDestination: { fhirBaseUrl: 'ftp://billing.example.org' } })).toEqual([
      'claimDestination.fhirBaseUrl: must be an http(s) URL such as https://billing.example.org/fhir',
    ]);
  });

  it("keeps the schema's own words, and none of zod's reaches the integrator", () => {
    const problems = problemsOf({
      extra: true,
      clients: [{ name: '', iss: 'x', clientId: '', scopes: 3, more: 1 }, 'not an object'],
      billing: { setting: 'home', placeOfService: 'office', fees: { J1745: 'a' }, wasteReasonCodes: [{}] },
      claimDestination: 5,
      cdsHooks: { issuers: [{}] },
    });
    expect(problems).toContain('billing.placeOfService: must be a two-digit CMS place-of-service code');
    expect(problems).toContain('billing.fees.J1745: must be a number of dollars per unit, such as 96.00');
    expect(problems.length).toBeGreaterThan(10);
    for (const p of problems) expect(p).not.toMatch(LIBRARY_TEXT);
  });

  it('in a file: each problem with its line, an unknown key on its own line', async () => {
    const text = ['{', '  "clients": [', '    { "name": "EHR", "iss": "https://fhir.example.org/R4", "clientId": "", "scopes": "launch" }', '  ],', '  "billing": {', '    "extra": 1', '  }', '}'].join('\n');
    expect(await problemsOfFile(text)).toEqual([
      'line 3: clients[0].clientId: must not be empty',
      expect.stringMatching(/^line 6: billing: unknown setting 'extra' \(allowed: setting, placeOfService, .*jzRequiredFrom\)$/),
    ]);
  });
});

describe('smart-config.json that is not JSON: the line, the column and what was expected', () => {
  it.each([
    ['a comma after the last entry', '{\n  "billing": {\n    "setting": "office",\n  }\n}', 'not valid JSON at line 4, column 3: expected a property name in double quotes (JSON allows no comma after the last entry)'],
    ['a missing comma', '{\n  "clients": [],\n  "billing": {} "claimDestination": "ehr"\n}', "not valid JSON at line 3, column 17: expected ',' between entries"],
    ['a name without quotes', '{\n    billing: {}\n}', 'not valid JSON at line 2, column 5: unexpected character (text must be in double quotes; true, false and null in lower case)'],
    ['a comment', '{\n  // the clinic\n  "billing": {}\n}', 'not valid JSON at line 2, column 3: comments are not allowed in JSON'],
    ['an unclosed object', '{\n  "billing": {}\n', "not valid JSON at line 3, column 1: expected '}' to close the object"],
    ['an empty file', '  \n', 'is empty; a configuration with every default is {}'],
  ])('%s', async (_, text, message) => {
    expect(await problemsOfFile(text)).toEqual([message]);
  });
});
