// `jcode-assist derive <bundle.json> [--cms-dir DIR] [--config FILE] [--today YYYY-MM-DD]` (docs/design.md, CLI):
// JSON on stdout, exit 0 when it ran (findings are results), exit 2 with one line on stderr for unreadable input.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { derive, ENGINE_VERSION } from '../billing';
import { loadCatalog, problemText } from '../catalog/load';
import { loadSmartConfig } from '../config/load';
import { billingSettingsOf } from '../config/smart-config';
import type { CliIo } from '../cli';
import { commandFailed } from './command-failed';
import { UsageError } from './usage-error';


export async function deriveCommand(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'cms-dir': { type: 'string' }, config: { type: 'string' }, today: { type: 'string' } },
    });
    const [bundlePath, ...extra] = positionals;
    if (!bundlePath || extra.length > 0) throw new UsageError('usage: jcode-assist derive <bundle.json> [--cms-dir DIR] [--config FILE] [--today YYYY-MM-DD]');
    const today = values.today ?? localToday();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) throw new UsageError(`--today must be a date YYYY-MM-DD, not "${today}"`);
    const bundle = await readBundle(bundlePath);
    const config = values.config ? await loadSmartConfig(values.config) : undefined;
    const cmsDir = values['cms-dir'] ?? process.env.JCODE_CMS_DIR;
    const catalog = await loadCatalog({ cmsDir: cmsDir || undefined });
    if (cmsDir && !catalog.report.usable) {
      throw new UsageError(`${cmsDir} holds no usable CMS files (run: jcode-assist catalog import ${cmsDir})`);
    }
    for (const problem of catalog.report.problems) io.stderr.write(`jcode-assist: catalog: ${problemText(problem)}\n`);
    const fileProblems = catalog.report.files.reduce((n, f) => n + f.problems.length, 0);
    if (fileProblems > 0) io.stderr.write(`jcode-assist: catalog: ${fileProblems} row problem(s) in ${cmsDir}; see: jcode-assist catalog import ${cmsDir}\n`);
    const output = derive(bundle, catalog.index, billingSettingsOf(config), { today });
    io.stdout.write(`${JSON.stringify({ engine: { version: ENGINE_VERSION, catalog: catalog.index.quarter }, results: output.results }, null, 2)}\n`);
    return 0;
  } catch (err) {
    return commandFailed('derive', err, io.stderr);
  }
}

async function readBundle(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || typeof (json as { resourceType?: unknown }).resourceType !== 'string') {
    throw new UsageError(`${path} is not a FHIR resource or Bundle (no resourceType)`);
  }
  return json;
}

function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
