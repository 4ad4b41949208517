// smart-config.json's fee schedule and provider settings, checked at the door: every problem at once, each with
// its file and line, and the fees reach the engine as plain data (docs/design.md "Configuration").
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSmartConfig } from '../../src/config/load';
import { parseFeeSchedule } from '../../src/config/fee-schedule';
import { ConfigError, parseSmartConfig } from '../../src/config/smart-config';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jcode-fees-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function problemsOf(configPath: string): Promise<string[]> {
  const error = await loadSmartConfig(configPath).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

describe('inline fees in smart-config.json', () => {
  it('are read as dollars per unit, by code and by code-modifier', () => {
    const config = parseSmartConfig({ billing: { fees: { J1745: 96.0, 96413: 310.0, '67028-50': 420.0 } } });
    expect(config.billing.fees).toEqual({ J1745: 96, 96413: 310, '67028-50': 420 });
  });

  it('-5, "abc", 1e12, 3 decimals and a lower-case key: each a problem with its line, all listed at once', async () => {
    const text = [
      '{',
      '  "billing": {',
      '    "fees": {',
      '      "J1745": -5,',
      '      "96413": "abc",',
      '      "J9271": 1e12,',
      '      "J0178": 12.345,',
      '      "j2405": 1',
      '    },',
      '    "billingProviderNpi": "1234567890"',
      '  }',
      '}',
    ].join('\n');
    const dir = folder({ 'smart-config.json': text });
    const problems = await problemsOf(path.join(dir, 'smart-config.json'));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^line 4: billing\.fees\.J1745: must not be negative/),
        expect.stringMatching(/^line 5: billing\.fees\.96413: must be a number of dollars per unit/),
        expect.stringMatching(/^line 6: billing\.fees\.J9271: must be at most 9999999\.99/),
        expect.stringMatching(/^line 7: billing\.fees\.J0178: must be dollars and cents/),
        expect.stringMatching(/^line 8: billing\.fees\.j2405: keys must be a code/),
        expect.stringMatching(/^line 10: billing\.billingProviderNpi: must be a 10-digit NPI whose last digit is its check digit/),
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('a JSON syntax error names its line and column', async () => {
    const dir = folder({ 'smart-config.json': '{\n  "billing": {\n    "fees": { "J1745": 96, }\n  }\n}' });
    expect(await problemsOf(path.join(dir, 'smart-config.json'))).toEqual([
      'not valid JSON at line 3, column 28: expected a property name in double quotes (JSON allows no comma after the last entry)',
    ]);
  });

  it('fees and feeScheduleFile together are refused: the schedule is given once', () => {
    expect(() => parseSmartConfig({ billing: { fees: { J1745: 96 }, feeScheduleFile: 'fees.csv' } })).toThrow(/either fees or feeScheduleFile/);
  });

  it('provider settings: NPI check digit, tax id shape, rendering provider needs an NPI', () => {
    const good = parseSmartConfig({
      billing: { billingProviderNpi: '1234567893', billingProviderTaxId: '12-3456789', renderingProvider: { npi: '1245319599', reference: 'Practitioner/dr-lee', name: 'Sam Lee MD' } },
    });
    expect(good.billing.renderingProvider).toEqual({ npi: '1245319599', reference: 'Practitioner/dr-lee', name: 'Sam Lee MD' });
    expect(() => parseSmartConfig({ billing: { billingProviderTaxId: '123' } })).toThrow(/billingProviderTaxId: must be a 9-digit employer identification number/);
    expect(() => parseSmartConfig({ billing: { renderingProvider: { name: 'Dr X' } } })).toThrow(/renderingProvider\.npi/);
  });
});

describe('feeScheduleFile (CSV: code,modifier,charge)', () => {
  const config = JSON.stringify({ billing: { feeScheduleFile: 'fees/schedule.csv' } });

  it('is read relative to the config file; a modifier-specific row stands beside the code own', async () => {
    const dir = folder({ 'smart-config.json': config });
    const fees = path.join(dir, 'fees');
    mkdirSync(fees);
    writeFileSync(path.join(fees, 'schedule.csv'), 'code,modifier,charge\nJ1745,,96.00\n67028,,210.00\n67028,50,420.00\n');
    const loaded = await loadSmartConfig(path.join(dir, 'smart-config.json'));
    expect(loaded.billing.fees).toEqual({ J1745: 96, 67028: 210, '67028-50': 420 });
  });

  it('a byte-order mark and Windows line endings are read the same as plain UTF-8 with LF', () => {
    const plain = parseFeeSchedule('code,modifier,charge\nJ1745,,96.00\n96413,,310.50\n');
    const windows = parseFeeSchedule('\uFEFFcode,modifier,charge\r\nJ1745,,96.00\r\n96413,,310.50\r\n');
    expect(windows).toEqual(plain);
    expect(plain).toEqual({ fees: { J1745: 96, 96413: 310.5 }, problems: [] });
  });

  it('a missing column in the header is one clear problem on line 1', () => {
    expect(parseFeeSchedule('code,charge\nJ1745,96.00\n').problems).toEqual(['line 1: the header row must be code,modifier,charge (missing modifier)']);
  });

  it('bad rows: each named by its line, all at once, none of them priced', () => {
    const csv = [
      'code,modifier,charge',
      'J1745,,96.00',
      'J1745,,97.00',
      '96413,,-5',
      '96415,,abc',
      'J9271,,1000000000000',
      'J0178,,12.345',
      'J2405,X,1.00',
      'J0885,,$12.00',
      'J9041,,1.00,extra',
      'j1100,,1.00',
    ].join('\r\n');
    const result = parseFeeSchedule(`\uFEFF${csv}\r\n`);
    expect(result.problems).toEqual([
      'line 3: J1745 is already priced on line 2; keep one fee per code and modifier',
      "line 4: charge '-5' is not an amount in dollars such as 96.00 (no $ sign or thousands separator)",
      "line 5: charge 'abc' is not an amount in dollars such as 96.00 (no $ sign or thousands separator)",
      'line 6: charge must be at most 9999999.99 dollars per unit (got 1000000000000)',
      'line 7: charge must be dollars and cents, at most 2 decimals (got 12.345)',
      "line 8: modifier 'X' is not a modifier (2 letters or digits, upper case)",
      "line 9: charge '$12.00' is not an amount in dollars such as 96.00 (no $ sign or thousands separator)",
      'line 10: 4 field(s), expected 3 (code,modifier,charge)',
      "line 11: code 'j1100' is not a HCPCS or CPT code (5 letters or digits, upper case)",
    ]);
    expect(result.fees).toEqual({ J1745: 96 });
  });

  it('problems of the file and of smart-config.json are listed together, each with file and line', async () => {
    const dir = folder({
      'smart-config.json': '{\n  "billing": {\n    "placeOfService": "office",\n    "feeScheduleFile": "fees.csv"\n  }\n}',
      'fees.csv': 'code,modifier,charge\nJ1745,,96.00\nJ1745,,96.00\n',
    });
    const problems = await problemsOf(path.join(dir, 'smart-config.json'));
    expect(problems).toEqual([
      expect.stringMatching(/^line 3: billing\.placeOfService: must be a two-digit/),
      `billing.feeScheduleFile ${path.join(dir, 'fees.csv')} line 3: J1745 is already priced on line 2; keep one fee per code and modifier`,
    ]);
  });

  it('a file that is missing, empty or not CSV is a problem, not a crash', async () => {
    const missing = folder({ 'smart-config.json': config });
    expect(await problemsOf(path.join(missing, 'smart-config.json'))).toEqual([expect.stringContaining('cannot be read (ENOENT)')]);
    expect(parseFeeSchedule('').problems).toEqual(['the file is empty; it needs the header row code,modifier,charge']);
    expect(parseFeeSchedule('code,modifier,charge\n"J1745,,96\n').problems).toEqual([expect.stringMatching(/^line \d+: not readable as CSV/)]);
  });
});
