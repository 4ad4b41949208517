// `jcode-assist catalog import DIR [--json]`: checks a folder of CMS files before anyone bills from it, and says
// what it found - which file was recognised as which table, which was used or ignored and why, the quarter,
// how many codes and NDCs, and every problem with its file and line. The progress bar goes to stderr, and only
// when stderr is a terminal, so stdout stays the report alone (and valid JSON with --json).
// Exit 0: the folder is usable; 1: it has problems that make it unusable; 2: it cannot be read, or bad usage.
import cliProgress from 'cli-progress';
import { commandFailed } from '../cli/command-failed';
import { loadCatalog, type FileReport, type ImportProgress, type ImportReport } from './load';

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

const USAGE = 'usage: jcode-assist catalog import <DIR> [--json]   (DIR defaults to $JCODE_CMS_DIR)';

const kindLabels: Record<FileReport['kind'], string> = {
  crosswalk: 'crosswalk',
  hcpcs: 'HCPCS',
  mue: 'MUE',
  pricing: 'ASP limits',
  unrecognised: '-',
};

/** argv: what follows `catalog import`. */
export async function catalogImportCommand(argv: string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const json = argv.includes('--json');
  const unknownOptions = argv.filter((arg) => arg.startsWith('-') && arg !== '--json');
  const positional = argv.filter((arg) => !arg.startsWith('-'));
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dir = positional[0] ?? env.JCODE_CMS_DIR;
  if (unknownOptions.length > 0 || positional.length > 1 || dir === undefined || dir === '') {
    const why = unknownOptions.length > 0 ? `unknown option ${unknownOptions.join(' ')}` : dir ? 'one folder at a time' : 'no folder given';
    io.stderr.write(`jcode-assist catalog import: ${why}\n${USAGE}\n`);
    return 2;
  }

  const progress = io.stderr.isTTY ? new ProgressBar(io.stderr) : undefined;
  let report: ImportReport;
  try {
    report = (await loadCatalog({ cmsDir: dir, onProgress: progress && ((p) => progress.update(p)) })).report;
  } catch (error) {
    return commandFailed('catalog import', error, io.stderr);
  } finally {
    progress?.stop();
  }
  io.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(dir, report));
  return report.usable ? 0 : 1;
}

export function formatReport(dir: string, report: ImportReport): string {
  const lines: string[] = [`CMS folder ${dir}`, `Catalog quarter: ${report.quarter}`, ''];
  const nameWidth = Math.max(4, ...report.files.map((file) => file.file.length));
  const kindWidth = Math.max(...Object.values(kindLabels).map((label) => label.length));
  for (const file of report.files) {
    const status = file.used ? 'used' : 'ignored';
    const counts = file.used || file.rows > 0 ? `${count(file.rows)} rows` : '';
    const skipped = file.skipped.map((skip) => `${count(skip.count)} skipped: ${skip.reason}`);
    const details = [counts, ...skipped, file.note].filter((part) => part !== undefined && part !== '').join('; ');
    const columns = [status.padEnd(7), kindLabels[file.kind].padEnd(kindWidth), (file.quarter ?? '-').padEnd(7), file.file.padEnd(nameWidth)];
    lines.push(`  ${columns.join('  ')}  ${details}`);
  }
  if (report.files.length === 0) lines.push('  (no files)');
  lines.push('');
  lines.push(`Catalog: ${count(report.codes)} codes, ${count(report.ndcs)} NDCs (${count(report.products)} NDC-code pairs)`);
  if (report.missing.length > 0) {
    lines.push(`Not in the folder (the starter facts stand in): ${report.missing.map((kind) => kindLabels[kind]).join(', ')}`);
  }
  const problems = [
    ...report.problems.map((problem) => (problem.file ? `${problem.file}: ${problem.message}` : problem.message)),
    ...report.files.flatMap((file) =>
      file.problems.map((problem) => `${file.file}${problem.line === undefined ? '' : ` line ${problem.line}`}: ${problem.message}`),
    ),
  ];
  lines.push(problems.length === 0 ? 'Problems: none' : `Problems (${problems.length}):`);
  for (const problem of problems) lines.push(`  ${problem}`);
  lines.push(`Usable: ${report.usable ? 'yes' : 'no'}`);
  return `${lines.join('\n')}\n`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** A cli-progress bar over the bytes of the folder, started once the folder's size is known. */
class ProgressBar {
  private readonly bar: cliProgress.SingleBar;
  private started = false;

  constructor(stream: NodeJS.WritableStream) {
    this.bar = new cliProgress.SingleBar(
      { stream, format: 'reading {file} [{bar}] {percentage}% {rows} rows', clearOnComplete: true, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
  }

  update(progress: ImportProgress): void {
    if (!this.started) {
      this.bar.start(Math.max(1, progress.bytesTotal), progress.bytesDone, { file: progress.file, rows: progress.rows.toLocaleString('en-US') });
      this.started = true;
      return;
    }
    this.bar.update(progress.bytesDone, { file: progress.file, rows: progress.rows.toLocaleString('en-US') });
  }

  stop(): void {
    if (this.started) this.bar.stop();
  }
}
