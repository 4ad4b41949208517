// `jcode-assist audit`: a coding audit over a FHIR Bulk Data export (src/audit).
//   jcode-assist audit <export-dir> [--cms-dir DIR] [--out DIR] [--since DATE] [--until DATE] [--pseudonymize]
//                      [--config smart-config.json] [--today YYYY-MM-DD] [--workers N]
//   jcode-assist audit --split N <export-dir> --out DIR [--pseudonymize]   split by patient into N part folders
//   jcode-assist audit --merge <audit-dir>... --out DIR       add up the audits of the parts
// Progress and the summary go to stderr; the paths of the files written go to stdout, one per line.
// Exit 0 when it ran (findings and input faults are results), 2 with one line on stderr for unusable arguments or
// input, 1 for a defect; Ctrl-C removes the temporary folders and ends the command as interrupted.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from '../cli';
import { loadCatalog, problemText } from '../catalog/load';
import { loadSmartConfig } from '../config/load';
import { billingSettingsOf } from '../config/smart-config';
import { KnownError } from '../errors';
import { auditExport, FAULTS_CSV, REPORT_HTML, type AuditOptions } from '../audit/audit-export';
import { FINDINGS_CSV, LINES_CSV } from '../audit/audit-output';
import type { FaultKind, InputFault } from '../audit/faults';
import { mergeAudits } from '../audit/merge-audits';
import { ProgressBar } from '../audit/progress';
import { PSEUDONYM_KEY_ENV } from '../audit/pseudonymize';
import { formatDollars, NO_PRICES } from '../audit/report-html';
import { SUMMARY_JSON, type AuditSummary } from '../audit/summary';
import { MAX_PARTS, splitExport } from '../audit/split-export';
import { removeTempFolders } from '../audit/temp-folders';
import { AuditUserError } from '../audit/user-error';

const USAGE = `usage:
  jcode-assist audit <export-dir> [--cms-dir DIR] [--out DIR] [--force] [--since YYYY-MM-DD] [--until YYYY-MM-DD]
                     [--pseudonymize] [--config smart-config.json] [--today YYYY-MM-DD] [--workers N]
  jcode-assist audit --split N <export-dir> --out DIR [--force] [--pseudonymize]
  jcode-assist audit --merge <audit-out-dir>... --out DIR [--force]`;

const DEFAULT_OUT = 'audit-out';
/** Faults printed as they are found, per kind; the rest are counted (all of them are in faults.csv). */
const FAULTS_SHOWN_PER_KIND = 5;

const OPTIONS = {
  'cms-dir': { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean', default: false },
  since: { type: 'string' },
  until: { type: 'string' },
  pseudonymize: { type: 'boolean', default: false },
  config: { type: 'string' },
  today: { type: 'string' },
  workers: { type: 'string' },
  split: { type: 'string' },
  merge: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Args = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>>;

export async function auditCommand(argv: string[], io: CliIo): Promise<number> {
  const progress = new ProgressBar(io.stderr);
  // Ctrl-C: the temporary folders go (54 MB of per-patient copies otherwise), then the signal takes its usual
  // course, so the shell sees an interrupted command.
  const onInterrupt = () => {
    process.off('SIGINT', onInterrupt);
    progress.stop();
    const removed = removeTempFolders();
    io.stderr.write(`jcode-assist audit: interrupted; ${removed} temporary folder(s) removed, nothing written to --out\n`);
    process.kill(process.pid, 'SIGINT');
  };
  process.on('SIGINT', onInterrupt);
  try {
    const args = parse(argv);
    if (args.values.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (args.values.merge) return await merge(args, io);
    if (args.values.split !== undefined) return await split(args, io, progress);
    return await audit(args, io, progress);
  } catch (err) {
    progress.stop();
    return failed(err, io);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/**
 * The one place errors become exit statuses: a mistake of the user (arguments, folders, keys, configuration,
 * CMS folder) is one line and exit 2; anything else is a defect, shown with its stack, exit 1.
 */
function failed(err: unknown, io: CliIo): number {
  if (err instanceof KnownError) {
    io.stderr.write(`jcode-assist audit: ${err.cliMessage.replace(/\s*\n\s*/g, ' ')}\n`);
    return err.exitStatus;
  }
  io.stderr.write(`jcode-assist audit: internal error (please report it): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}

function parse(argv: string[]): Args {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (err) {
    // node:util's first sentence names the option ("Unknown option '--x'"); the rest is advice for another case.
    throw new AuditUserError('usage', `${(err as Error).message.split(/\.\s/)[0]} (jcode-assist audit --help lists the options)`);
  }
}

async function merge({ values, positionals }: Args, io: CliIo): Promise<number> {
  if (positionals.length === 0) throw new AuditUserError('usage', '--merge needs the output folders of the audits to merge');
  const outDir = values.out ?? DEFAULT_OUT;
  const summary = await mergeAudits(positionals, outDir, { force: values.force });
  io.stderr.write(summaryText(summary, outDir));
  printOutputs(io, outDir);
  return 0;
}

async function split({ values, positionals }: Args, io: CliIo, progress: ProgressBar): Promise<number> {
  const [exportDir, ...extra] = positionals;
  if (!exportDir || extra.length > 0) throw new AuditUserError('usage', 'give one export folder: jcode-assist audit --split N <export-dir> --out DIR');
  const text = values.split ?? '';
  const parts = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(parts >= 1 && parts <= MAX_PARTS)) throw new AuditUserError('split-invalid', `--split must be a whole number of parts from 1 to ${MAX_PARTS}, not "${text}"`);
  if (!values.out) throw new AuditUserError('usage', '--split needs --out DIR for the part folders');
  const result = await splitExport({ exportDir, outDir: values.out, parts, pseudonymize: values.pseudonymize, force: values.force, onProgress: (p) => progress.update(p) });
  progress.stop();
  io.stderr.write(`split into ${parts} parts by patient; ${result.faults} input faults (in ${join(values.out, FAULTS_CSV)})\n`);
  for (const part of result.parts) io.stdout.write(`${part}\n`);
  return 0;
}

async function audit({ values, positionals }: Args, io: CliIo, progress: ProgressBar): Promise<number> {
  const [exportDir, ...extra] = positionals;
  if (!exportDir || extra.length > 0) throw new AuditUserError('usage', 'give one export folder: jcode-assist audit <export-dir> [options] (--help lists them)');
  const outDir = values.out ?? DEFAULT_OUT;
  const workers = values.workers === undefined ? undefined : /^\d{1,3}$/.test(values.workers) ? Number(values.workers) : NaN;
  if (workers !== undefined && !(workers >= 1)) throw new AuditUserError('workers-invalid', `--workers must be a whole number from 1, not "${values.workers}"`);
  const config = values.config ? await loadSmartConfig(values.config) : undefined;
  const cmsDir = values['cms-dir'] ?? process.env.JCODE_CMS_DIR;
  const catalog = await loadCatalog({ cmsDir: cmsDir || undefined });
  for (const problem of catalog.report.problems) io.stderr.write(`jcode-assist: catalog: ${problemText(problem)}\n`);

  const shown = new Map<FaultKind, number>();
  const options: AuditOptions = {
    exportDir,
    outDir,
    force: values.force,
    catalog: catalog.entries,
    settings: billingSettingsOf(config),
    since: values.since,
    until: values.until,
    today: values.today,
    pseudonymize: values.pseudonymize,
    workers,
    onProgress: (p) => progress.update(p),
    onFault: (fault) => {
      const n = (shown.get(fault.kind) ?? 0) + 1;
      shown.set(fault.kind, n);
      if (n <= FAULTS_SHOWN_PER_KIND) {
        progress.stop();
        io.stderr.write(`input fault: ${faultText(fault)}\n`);
      }
    },
  };
  const { summary, pseudonymKey } = await auditExport(options);
  progress.stop();
  if (pseudonymKey?.source === 'env') io.stderr.write(`pseudonyms: keyed by ${PSEUDONYM_KEY_ENV}\n`);
  else if (pseudonymKey?.source === 'file-created') io.stderr.write(`pseudonyms: new key in ${pseudonymKey.file} (0600): keep it to get the same pseudonyms next time, and never share it\n`);
  else if (pseudonymKey?.source === 'file') io.stderr.write(`pseudonyms: keyed by ${pseudonymKey.file}\n`);
  io.stderr.write(summaryText(summary, outDir));
  printOutputs(io, outDir);
  return 0;
}

function faultText(f: InputFault): string {
  const where = f.file ? `${f.file}${f.line > 0 ? `:${f.line}` : ''}: ` : '';
  return `${where}${f.kind}: ${f.message}`;
}

function summaryText(summary: AuditSummary, outDir: string): string {
  const t = summary.tally;
  const n = (x: number) => x.toLocaleString('en-US');
  const faults = Object.entries(t.faults.counts);
  const faultTotal = faults.reduce((s, [, c]) => s + (c ?? 0), 0);
  const consequences = Object.entries(t.consequences);
  const worth = summary.pricing === undefined
    ? `not priced (${NO_PRICES})`
    : `${formatDollars(t.waste.dollars)} at the ASP payment limit (${summary.pricing})${t.waste.unpriced > 0 ? `; ${n(t.waste.unpriced)} not priced (no payment limit for their codes)` : ''}`;
  const lines = [
    `audited ${n(t.totals.administrations)} administrations (${n(t.totals.encounters)} encounters, ${n(t.totals.patients)} patients) in ${summary.run.seconds.toFixed(1)} s: ${n(summary.run.administrationsPerSecond)} administrations/s, peak memory ${summary.run.peakRssMB} MB`,
    `findings: ${n(t.totals.findings.error)} errors, ${n(t.totals.findings.warning)} warnings, ${n(t.totals.findings.info)} info; ${n(t.totals.encountersBlocked)} encounters blocked${
      consequences.length > 0 ? `; not counted again, as they follow from these: ${consequences.map(([code, c]) => `${code} ${n(c.count)}`).join(', ')}` : ''
    }`,
    `undocumented waste: ${n(t.waste.findings)} findings, ${n(t.waste.units)} billing units, ${worth}`,
    faultTotal > 0
      ? `input faults: ${n(faultTotal)} (${faults.map(([k, c]) => `${k} ${c}`).join(', ')}): every one with its file and line in ${join(outDir, FAULTS_CSV)}`
      : 'input faults: none',
  ];
  return `${lines.join('\n')}\n`;
}

function printOutputs(io: CliIo, outDir: string): void {
  for (const name of [REPORT_HTML, FINDINGS_CSV, LINES_CSV, FAULTS_CSV, SUMMARY_JSON]) io.stdout.write(`${join(outDir, name)}\n`);
}
