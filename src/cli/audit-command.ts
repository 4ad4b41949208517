// `jcode-assist audit`: a coding audit over a FHIR Bulk Data export (src/audit).
//   jcode-assist audit <export-dir> [--cms-dir DIR] [--out DIR] [--since DATE] [--until DATE] [--pseudonymize]
//                      [--config smart-config.json] [--today YYYY-MM-DD] [--workers N]
//   jcode-assist audit --split N <export-dir> --out DIR [--pseudonymize]   split by patient into N part folders
//   jcode-assist audit --merge <audit-dir>... --out DIR       add up the audits of the parts
// Progress and the summary go to stderr; the paths of the files written go to stdout, one per line.
// Exit 0 when it ran (findings and input faults are results), 2 for unusable arguments or input.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from '../cli';
import { loadCatalog, problemText } from '../catalog/load';
import { loadSmartConfig } from '../config/load';
import { billingSettingsOf } from '../config/smart-config';
import { auditExport, FAULTS_CSV, REPORT_HTML, type AuditOptions } from '../audit/audit-export';
import { FINDINGS_CSV, LINES_CSV } from '../audit/audit-output';
import type { FaultKind, InputFault } from '../audit/faults';
import { mergeAudits } from '../audit/merge-audits';
import { ProgressBar } from '../audit/progress';
import { PSEUDONYM_KEY_ENV } from '../audit/pseudonymize';
import { formatDollars } from '../audit/report-html';
import { SUMMARY_JSON, type AuditSummary } from '../audit/summary';
import { splitExport } from '../audit/split-export';
import { commandFailed } from './command-failed';
import { UsageError } from './usage-error';

const USAGE = `usage:
  jcode-assist audit <export-dir> [--cms-dir DIR] [--out DIR] [--since YYYY-MM-DD] [--until YYYY-MM-DD]
                     [--pseudonymize] [--config smart-config.json] [--today YYYY-MM-DD] [--workers N]
  jcode-assist audit --split N <export-dir> --out DIR [--pseudonymize]
  jcode-assist audit --merge <audit-out-dir>... --out DIR`;

const DEFAULT_OUT = 'audit-out';
/** Faults printed as they are found, per kind; the rest are counted (all of them are in faults.csv). */
const FAULTS_SHOWN_PER_KIND = 5;


export async function auditCommand(argv: string[], io: CliIo): Promise<number> {
  const progress = new ProgressBar(io.stderr);
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'cms-dir': { type: 'string' },
        out: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        pseudonymize: { type: 'boolean', default: false },
        config: { type: 'string' },
        today: { type: 'string' },
        workers: { type: 'string' },
        split: { type: 'string' },
        merge: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const outDir = values.out ?? DEFAULT_OUT;

    if (values.merge) {
      if (positionals.length === 0) throw new UsageError('--merge needs the output folders of the audits to merge');
      const summary = await mergeAudits(positionals, outDir);
      io.stderr.write(summaryText(summary, outDir));
      printOutputs(io, outDir);
      return 0;
    }

    const [exportDir, ...extra] = positionals;
    if (!exportDir || extra.length > 0) throw new UsageError(USAGE);

    if (values.split !== undefined) {
      const parts = Number(values.split);
      if (!Number.isInteger(parts) || parts < 1) throw new UsageError(`--split must be a whole number of parts, not "${values.split}"`);
      if (!values.out) throw new UsageError('--split needs --out DIR for the part folders');
      const result = await splitExport({ exportDir, outDir, parts, pseudonymize: values.pseudonymize, onProgress: (p) => progress.update(p) });
      progress.stop();
      io.stderr.write(`split into ${parts} parts by patient; ${result.faults} input faults (in ${join(outDir, FAULTS_CSV)})\n`);
      for (const part of result.parts) io.stdout.write(`${part}\n`);
      return 0;
    }

    const workers = values.workers === undefined ? undefined : Number(values.workers);
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) throw new UsageError(`--workers must be a whole number from 1, not "${values.workers}"`);
    const config = values.config ? await loadSmartConfig(values.config) : undefined;
    const cmsDir = values['cms-dir'] ?? process.env.JCODE_CMS_DIR;
    const catalog = await loadCatalog({ cmsDir: cmsDir || undefined });
    for (const problem of catalog.report.problems) io.stderr.write(`jcode-assist: catalog: ${problemText(problem)}\n`);

    const shown = new Map<FaultKind, number>();
    const options: AuditOptions = {
      exportDir,
      outDir,
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
  } catch (err) {
    progress.stop();
    return commandFailed('audit', err, io.stderr);
  }
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
  const lines = [
    `audited ${n(t.totals.administrations)} administrations (${n(t.totals.encounters)} encounters, ${n(t.totals.patients)} patients) in ${summary.run.seconds.toFixed(1)} s: ${n(summary.run.administrationsPerSecond)} administrations/s, peak memory ${summary.run.peakRssMB} MB`,
    `findings: ${n(t.totals.findings.error)} errors, ${n(t.totals.findings.warning)} warnings, ${n(t.totals.findings.info)} info; ${n(t.totals.encountersBlocked)} encounters blocked`,
    `undocumented waste: ${n(t.waste.findings)} findings, ${n(t.waste.units)} billing units, ${formatDollars(t.waste.dollars)} at the ASP payment limit (${summary.catalog})${t.waste.unpriced > 0 ? `; ${n(t.waste.unpriced)} not priced (no payment limit in the catalog: use --cms-dir)` : ''}`,
    faultTotal > 0
      ? `input faults: ${n(faultTotal)} (${faults.map(([k, c]) => `${k} ${c}`).join(', ')}): every one with its file and line in ${join(outDir, FAULTS_CSV)}`
      : 'input faults: none',
  ];
  return `${lines.join('\n')}\n`;
}

function printOutputs(io: CliIo, outDir: string): void {
  for (const name of [REPORT_HTML, FINDINGS_CSV, LINES_CSV, FAULTS_CSV, SUMMARY_JSON]) io.stdout.write(`${join(outDir, name)}\n`);
}
