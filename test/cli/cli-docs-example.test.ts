// docs/cli.md's "Try it" runs as written: its Bundle (written by a heredoc) and its commands, with the CMS quarter
// placeholder filled by the real CMS files, give the lines, findings and totals the page shows. Read from the page
// itself, so an edit that breaks the example, or an example that needs files only developers have, fails here.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const root = path.resolve(import.meta.dirname, '../..');
const page = readFileSync(path.join(root, 'docs', 'cli.md'), 'utf8');
const CMS_PLACEHOLDER = '<your CMS quarter folder>';

const bundleText = page.match(/cat > visit\.json <<'EOF'\n([\s\S]*?)\nEOF\n/)![1]!;
const commands = [...page.matchAll(/^npx jcode-assist (derive visit\.json.*)$/gm)].map((m) => m[1]!);
/** The printed output the page shows: the first plain code block after the first command. */
const shownOutput = page.slice(page.indexOf(commands[0]!)).match(/\n```\n(\{[\s\S]*?)\n```/)![1]!;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jcode-cli-docs-'));
  writeFileSync(path.join(dir, 'visit.json'), bundleText);
});

/** A documented command line as the shell would split it, run in the repository folder with visit.json written. */
async function run(command: string): Promise<{ code: number; out: Output; stderr: string }> {
  const args = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  const resolved = args.map((a) => {
    if (a === 'visit.json') return path.join(dir, 'visit.json');
    if (a === CMS_PLACEHOLDER) return path.resolve(root, '../shared/data/cms');
    if (a === 'smart-config.json') return path.join(root, 'smart-config.json');
    return a;
  });
  const { code, stdout, stderr } = await runCli(resolved);
  return { code, out: code === 0 ? (JSON.parse(stdout) as Output) : ({} as Output), stderr };
}

interface Output {
  engine: { catalog: string };
  results: { lines: { code: string; modifiers: string[]; units: number }[]; findings: { code: string }[]; claim: { total?: { value: number } } | null }[];
}

const lineNames = (o: Output) => o.results[0]!.lines.map((l) => `${[l.code, ...l.modifiers].join('-')} x${l.units}`);

describe("docs/cli.md's example", () => {
  it('uses no file a user does not have: only what the page writes and a placeholder for the CMS folder', () => {
    expect(page).not.toMatch(/\.\.\/shared|\/work\//);
    expect(commands).toHaveLength(2);
    expect(commands[1]).toContain(`--cms-dir "${CMS_PLACEHOLDER}"`);
  });

  it('with the starter catalog: the lines and the finding the page prints', async () => {
    const { code, out } = await run(commands[0]!);
    expect(code).toBe(0);
    const shown = [...shownOutput.matchAll(/"code": "([^"]+)", (?:"description": "[^"]*",\s*)?"modifiers": \[([^\]]*)\], "units": (\d+)/g)].map(
      (m) => `${[m[1], ...m[2]!.split(',').map((s) => s.trim().replace(/"/g, '')).filter(Boolean)].join('-')} x${m[3]}`,
    );
    expect(shown).toEqual(['J1745 x35', 'J1745-JW x5', '96413 x1', '96415 x1']);
    expect(lineNames(out)).toEqual(shown);
    expect(out.results[0]!.findings.map((f) => f.code)).toEqual([...shownOutput.matchAll(/\{ "code": "([a-z-]+)", "severity"/g)].map((m) => m[1]));
    expect(shownOutput).toContain(`"catalog": "${out.engine.catalog}"`);
    expect(out.results[0]!.claim).not.toBeNull();
  });

  it('with smart-config.json and a CMS quarter: the same lines, priced, from that quarter', { timeout: 120_000 }, async () => {
    const { code, out, stderr } = await run(commands[1]!);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lineNames(out)).toEqual(['J1745 x35', 'J1745-JW x5', '96413 x1', '96415 x1']);
    expect(out.results[0]!.findings.map((f) => f.code)).not.toContain('charge-missing');
    expect(page).toContain(`"total": { "value": ${out.results[0]!.claim!.total!.value}, "currency": "USD" }`);
    expect(page).toContain(`"catalog": "${out.engine.catalog}"`);
  });
});
