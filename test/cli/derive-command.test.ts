import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, bundle, context, medication, NDC } from '../billing/fixtures';
import { runCli } from './run-cli';


let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jcode-cli-'));
  await writeFile(file('broken.json'), '{"resourceType": "Bundle", "entry": [');
  await writeFile(file('not-fhir.json'), '[1, 2, 3]');
  await writeFile(file('empty.json'), JSON.stringify(bundle(context())));
  const remicade = medication('m', [{ system: NDC, code: '57894-0030-01' }]);
  await writeFile(file('exact.json'), JSON.stringify(bundle([...context(), remicade, admin({ id: 'a1', med: 'm', dose: 400, route: 'iv', end: '2026-03-02T11:00:00-05:00' })])));
  await writeFile(file('bad-config.json'), JSON.stringify({ billing: { placeOfService: 'office', containerType: { nope: 'single-dose' } } }));
});

describe('jcode-assist derive', () => {
  it('prints the engine version, the catalog and one result per encounter; claim present without errors', async () => {
    const { code, stdout } = await runCli(['derive', file('exact.json'), '--today', '2026-03-03']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.engine).toEqual({ version: '0.1.0', catalog: 'starter (curated facts, HCPCS as of 2025-Q4)' });
    expect(out.results).toHaveLength(1);
    expect(out.results[0].lines.map((l: { code: string; modifiers: string[]; units: number }) => `${[l.code, ...l.modifiers].join('-')} x${l.units}`)).toEqual(['J1745-JZ x40', '96413 x1', '96415 x1']);
    expect(out.results[0].claim.created).toBe('2026-03-03');
  });

  it('a Bundle with no administrations exits 0 with results without lines', async () => {
    const { code, stdout } = await runCli(['derive', file('empty.json')]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).results[0].lines).toEqual([]);
  });

  it.each([
    [['derive', 'missing.json'], /cannot read missing\.json/],
    [['derive', 'BROKEN'], /is not valid JSON/],
    [['derive', 'NOTFHIR'], /not a FHIR resource or Bundle/],
    [['derive', 'EXACT', '--today', '03/03/2026'], /--today must be a date/],
    [['derive', 'EXACT', '--config', 'BADCONFIG'], /billing\.placeOfService.*two-digit/],
    [['derive', 'EXACT', '--cms-dir', '/nonexistent-folder'], /nonexistent-folder/],
    [['derive'], /usage/],
  ])('%j exits 2 with a one-line message', async (args, message) => {
    const real = args.map((a) => ({ BROKEN: file('broken.json'), NOTFHIR: file('not-fhir.json'), EXACT: file('exact.json'), BADCONFIG: file('bad-config.json') })[a] ?? a);
    const { code, stdout, stderr } = await runCli(real);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('runs as `npx jcode-assist` through the package bin', async () => {
    const { stdout } = await promisify(execFile)('npx', ['--no-install', 'jcode-assist', 'derive', file('exact.json')], { cwd: resolve('.') });
    expect(JSON.parse(stdout).results[0].lines[0].code).toBe('J1745');
  });
});
