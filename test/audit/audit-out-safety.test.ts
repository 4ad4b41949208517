// What the audit must never do with --out: follow a link, write into a file it did not make, write into the
// export, leave its temporary folder behind (on failure or Ctrl-C), or answer a user's mistake with a stack trace.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditExport } from '../../src/audit/audit-export';
import { generateExport } from '../../scripts/synthetic-export';
import { removeDir, run, tempDir, testCatalog } from './export-fixture';
import { writeSmallExport } from './small-export';

/** Exit 2 and exactly one line on stderr, no stack trace. */
function expectOneLine(r: { code: number; stderr: string }, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/^jcode-assist audit: [^\n]+\n$/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).toMatch(pattern);
}

const temporaryLeft = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('.jcode-audit-'));

const dirs: string[] = [];
function dir(prefix: string): string {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach(removeDir));

let exportDir: string;
beforeAll(() => {
  exportDir = dir('safety-export');
  writeSmallExport(exportDir);
});

describe('--out', () => {
  it('that is a symbolic link is refused, and nothing is written where it points', async () => {
    const target = dir('safety-target');
    const link = join(dir('safety-parent'), 'out');
    symlinkSync(target, link);
    expectOneLine(await run(['audit', exportDir, '--out', link]), /is a symbolic link/);
    expect(readdirSync(target)).toEqual([]);
  });

  it('holding a link where an output goes is refused; with --force the link is replaced, never written through', async () => {
    const out = dir('safety-out');
    const outside = join(dir('safety-outside'), 'precious.csv');
    writeFileSync(outside, 'keep me\n');
    symlinkSync(outside, join(out, 'findings.csv'));
    expectOneLine(await run(['audit', exportDir, '--out', out]), /holds an entry the audit did not write \(findings\.csv \(a symbolic link\)\).*--force/);
    expect(readFileSync(outside, 'utf8')).toBe('keep me\n');

    const forced = await run(['audit', exportDir, '--out', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(outside, 'utf8')).toBe('keep me\n');
    expect(lstatSync(join(out, 'findings.csv')).isFile()).toBe(true);
    expect(readFileSync(join(out, 'findings.csv'), 'utf8')).toContain('waste-undocumented');
    expect(temporaryLeft(out)).toEqual([]);
  });

  it('holding files the audit did not write is refused; with --force they are left as they are', async () => {
    const out = dir('safety-foreign');
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    mkdirSync(join(out, 'old'));
    expectOneLine(await run(['audit', exportDir, '--out', out]), /holds 2 entries the audit did not write \((notes\.txt, old|old, notes\.txt)\)/);
    expect(readdirSync(out).sort()).toEqual(['notes.txt', 'old']);
    expect((await run(['audit', exportDir, '--out', out, '--force'])).code).toBe(0);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  it('of an earlier audit is written again: the audit replaces only its own files', async () => {
    const out = join(dir('safety-again'), 'audit');
    expect((await run(['audit', exportDir, '--out', out, '--pseudonymize'])).code).toBe(0);
    const first = readFileSync(join(out, 'findings.csv'), 'utf8');
    expect((await run(['audit', exportDir, '--out', out, '--pseudonymize'])).code).toBe(0);
    expect(readFileSync(join(out, 'findings.csv'), 'utf8')).toBe(first);
    expect(readdirSync(out).sort()).toEqual(['faults.csv', 'findings.csv', 'lines.csv', 'pseudonym.key', 'report.html', 'summary.json']);
  });

  it('that is a file, or under a file, is refused', async () => {
    const file = join(dir('safety-file'), 'out');
    writeFileSync(file, 'x');
    expectOneLine(await run(['audit', exportDir, '--out', file]), /is a file, not a folder/);
    expectOneLine(await run(['audit', exportDir, '--out', join(file, 'sub')]), /cannot create the --out folder .* \(ENOTDIR\)/);
  });

  it.skipIf(process.getuid?.() === 0)('that cannot be written is refused', async () => {
    const out = dir('safety-readonly');
    chmodSync(out, 0o500);
    expectOneLine(await run(['audit', exportDir, '--out', out]), /cannot write into the --out folder .* \(EACCES\)/);
  });

  it('that is the export folder, or inside it, is refused and the export is untouched', async () => {
    const before = readdirSync(exportDir).sort();
    expectOneLine(await run(['audit', exportDir, '--out', exportDir]), /is the folder .* being read/);
    expectOneLine(await run(['audit', exportDir, '--out', join(exportDir, 'audit')]), /is inside the folder .* being read/);
    expectOneLine(await run(['audit', '--split', '2', exportDir, '--out', exportDir]), /being read/);
    expect(readdirSync(exportDir).sort()).toEqual(before);
  });
});

describe('temporary folders', () => {
  it('are removed when the audit fails', async () => {
    const faulty = dir('safety-faulty');
    await generateExport({ outDir: faulty, encounters: 20, seed: 3, faults: true });
    const out = join(dir('safety-fail'), 'audit');
    // A failure in the middle of the run: the caller's fault handler throws once the first fault is found.
    const failing = auditExport({
      exportDir: faulty,
      outDir: out,
      catalog: testCatalog(),
      workers: 1,
      onFault: () => {
        throw new Error('the caller failed');
      },
    });
    await expect(failing).rejects.toThrow('the caller failed');
    expect(readdirSync(out)).toEqual([]);
  });

  it('are removed when the command is interrupted (SIGINT), and nothing is written to --out', async () => {
    const big = dir('safety-big');
    await generateExport({ outDir: big, administrations: 30_000, seed: 5 });
    const out = join(dir('safety-sigint'), 'audit');
    const bin = resolve(import.meta.dirname, '../../bin/jcode-assist.js');
    const child = spawn(process.execPath, [bin, 'audit', big, '--out', out, '--workers', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    // Interrupted once its partitions are being written: the temporary folder then holds per-patient copies.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const temp = existsSync(out) ? temporaryLeft(out) : [];
      if (temp.some((t) => readdirSync(join(out, t)).length > 0)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(temporaryLeft(out).length).toBeGreaterThan(0);
    child.kill('SIGINT');
    const { signal } = await exited;
    expect(signal).toBe('SIGINT');
    expect(stderr).toMatch(/interrupted; \d+ temporary folder\(s\) removed/);
    expect(readdirSync(out)).toEqual([]);
  }, 120_000);
});

describe('every user mistake is one line on stderr and exit 2', () => {
  const out = () => join(dir('safety-mistake'), 'o');
  it.each([
    ['an unknown option', () => ['audit', exportDir, '--outt', 'x'], /Unknown option '--outt'/],
    ['no export folder', () => ['audit'], /give one export folder/],
    ['two export folders', () => ['audit', exportDir, exportDir], /give one export folder/],
    ['a missing export folder', () => ['audit', join(exportDir, 'nope'), '--out', out()], /cannot read the export folder/],
    ['a bad --since', () => ['audit', exportDir, '--since', '2025-13-45', '--out', out()], /--since must be a date YYYY-MM-DD/],
    ['a bad --today', () => ['audit', exportDir, '--today', 'today', '--out', out()], /--today must be a date/],
    ['a bad --workers', () => ['audit', exportDir, '--workers', '0', '--out', out()], /--workers must be a whole number from 1/],
    ['a non-numeric --split', () => ['audit', '--split', 'two', exportDir, '--out', out()], /--split must be a whole number of parts from 1 to 1000, not "two"/],
    ['a --split of 0', () => ['audit', '--split', '0', exportDir, '--out', out()], /--split must be a whole number/],
    ['a --split over the limit', () => ['audit', '--split', '5000', exportDir, '--out', out()], /--split must be a whole number of parts from 1 to 1000, not "5000"/],
    ['a --split without --out', () => ['audit', '--split', '2', exportDir], /--split needs --out DIR/],
    ['a --merge of nothing', () => ['audit', '--merge', '--out', out()], /--merge needs the output folders/],
    ['a --merge of a folder that is no audit', () => ['audit', '--merge', exportDir, '--out', out()], /holds no summary\.json/],
    ['a missing --config file', () => ['audit', exportDir, '--config', join(exportDir, 'none.json'), '--out', out()], /none\.json/],
    ['a missing --cms-dir folder', () => ['audit', exportDir, '--cms-dir', join(exportDir, 'no-cms'), '--out', out()], /cannot read the CMS folder/],
  ])('%s', async (_name, args, pattern) => {
    expectOneLine(await run(args()), pattern);
  });

  it('a broken summary.json given to --merge', async () => {
    const broken = dir('safety-broken');
    writeFileSync(join(broken, 'summary.json'), '{ "format": ');
    expectOneLine(await run(['audit', '--merge', broken, '--out', out()]), /cannot read .*summary\.json/);
  });

  it('a pseudonym key too short, or a key file that holds no key', async () => {
    const saved = process.env.JCODE_PSEUDONYM_KEY;
    process.env.JCODE_PSEUDONYM_KEY = 'short';
    try {
      expectOneLine(await run(['audit', exportDir, '--pseudonymize', '--out', out()]), /JCODE_PSEUDONYM_KEY must be at least 16 characters \(it has 5\)/);
      expectOneLine(await run(['audit', '--split', '2', exportDir, '--pseudonymize', '--out', out()]), /JCODE_PSEUDONYM_KEY must be at least 16 characters/);
    } finally {
      if (saved === undefined) delete process.env.JCODE_PSEUDONYM_KEY;
      else process.env.JCODE_PSEUDONYM_KEY = saved;
    }
    const keyed = dir('safety-key');
    writeFileSync(join(keyed, 'pseudonym.key'), 'not a key\n');
    expectOneLine(await run(['audit', exportDir, '--pseudonymize', '--out', keyed]), /does not hold a key/);
  });
});
