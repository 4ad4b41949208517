// POST /api/derive and `jcode-assist derive --config` take the same settings, so an integrator's billing system gets
// the same draft as the CLI: fees from a fee schedule file, the configured rendering provider and tax id.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli';
import { loadSmartConfig } from '../../src/config/load';
import { ORIGIN, sampleBundle, testApp, type TestApp } from './helpers';

let t: TestApp;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'jcode-same-'));
  // Windows line endings and a byte-order mark, as a spreadsheet export writes them.
  writeFileSync(path.join(dir, 'fees.csv'), '\uFEFFcode,modifier,charge\r\nJ1756,,0.95\r\n96374,,95.00\r\n');
  writeFileSync(
    path.join(dir, 'smart-config.json'),
    JSON.stringify({ billing: { feeScheduleFile: 'fees.csv', billingProviderTaxId: '12-3456789', renderingProvider: { npi: '1245319599', name: 'Configured MD' } } }),
  );
  t = await testApp({ smartConfig: await loadSmartConfig(path.join(dir, 'smart-config.json')) });
});
afterAll(() => t.cleanup());

async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c) => (out += c));
  const code = await main(args, { stdout, stderr: new PassThrough() });
  return { code, stdout: out };
}

describe('the same settings through the API and the CLI', () => {
  it('give the same results, charges included', async () => {
    const bundle = await sampleBundle('many-conditions');
    const bundlePath = path.join(dir, 'bundle.json');
    writeFileSync(bundlePath, JSON.stringify(bundle));
    const res = await t.app.request(`${ORIGIN}/api/derive?today=2026-11-27`, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(bundle) });
    expect(res.status).toBe(200);
    const api = (await res.json()) as { results: { claim: { total?: { value: number }; item: { net?: { value: number } }[] } | null }[] };
    const fromCli = await cli(['derive', bundlePath, '--config', path.join(dir, 'smart-config.json'), '--today', '2026-11-27']);
    expect(fromCli.code).toBe(0);
    expect(JSON.parse(fromCli.stdout).results).toEqual(api.results);
    // 200 units of J1756 at 0.95 and one 96374 at 95.00.
    const claim = api.results.find((r) => r.claim)!.claim!;
    expect(claim.item.map((i) => i.net?.value)).toEqual([190, 95]);
    expect(claim.total?.value).toBe(285);
  });

  it('a bad fee file stops the CLI with exit 2 and the file and line on stderr', async () => {
    writeFileSync(path.join(dir, 'bad.csv'), 'code,modifier,charge\nJ1756,,-5\n');
    writeFileSync(path.join(dir, 'bad-config.json'), JSON.stringify({ billing: { feeScheduleFile: 'bad.csv' } }));
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (c) => (err += c));
    const code = await main(['derive', path.join(dir, 'bundle.json'), '--config', path.join(dir, 'bad-config.json')], { stdout: new PassThrough(), stderr });
    expect(code).toBe(2);
    expect(err).toContain(`${path.join(dir, 'bad.csv')} line 2: charge '-5' is not an amount in dollars`);
  });
});
