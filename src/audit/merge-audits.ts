// Adds up the audits of several parts of one export (made on several machines or batch tasks) into one set of
// outputs: the CSV files are concatenated under one header, the tallies summed, the report drawn again.
import { closeSync, createReadStream, existsSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AUDIT_OUTPUTS, FAULTS_CSV, REPORT_HTML, writeReportFiles } from './audit-export';
import { FINDINGS_CSV, LINES_CSV } from './audit-output';
import { ownFile, prepareOutFolder, publish } from './out-folder';
import { openPrivateFile } from './private-files';
import { readSummary, SUMMARY_JSON, type AuditSummary } from './summary';
import { mergeTallies } from './tally';
import { makeTempFolder, removeTempFolder } from './temp-folders';
import { AuditUserError } from './user-error';

export interface MergeOptions {
  /** Write into the output folder even though it holds entries the merge did not write (never through them). */
  force?: boolean;
}

export async function mergeAudits(dirs: readonly string[], outDir: string, options: MergeOptions = {}): Promise<AuditSummary> {
  if (dirs.length === 0) throw new AuditUserError('merge-nothing', 'give the output folders of the audits to merge');
  const summaries = dirs.map((dir) => {
    const path = join(resolve(dir), SUMMARY_JSON);
    if (!existsSync(path)) throw new AuditUserError('merge-not-audit', `${dir} holds no ${SUMMARY_JSON}: is it an audit output folder?`);
    if (resolve(dir) === resolve(outDir)) throw new AuditUserError('out-is-input', `the merged output cannot go into ${dir}, one of the folders being merged`);
    return readSummary(path);
  });
  const fingerprints = new Set(summaries.map((s) => s.pseudonymized?.keyFingerprint ?? 'none'));
  if (fingerprints.size > 1) {
    throw new AuditUserError('merge-keys-differ', 'the parts were pseudonymized under different keys (or some not at all): set JCODE_PSEUDONYM_KEY to one key for every part and run them again');
  }
  // A split's summary (parts 0: it audits nothing) has no period of its own; the audits of its parts have theirs.
  const periods = new Set(summaries.filter(isAudit).map((s) => `${s.period.since ?? ''}..${s.period.until ?? ''}`));
  if (periods.size > 1) throw new AuditUserError('merge-periods-differ', 'the parts were audited with different --since/--until');

  const out = prepareOutFolder(outDir, { own: ownFile(AUDIT_OUTPUTS), force: options.force, inputs: dirs });
  const staging = makeTempFolder(out);
  try {
    for (const name of [FINDINGS_CSV, LINES_CSV, FAULTS_CSV]) await concatenateCsv(dirs.map((d) => join(resolve(d), name)), join(staging, name));
    const merged = mergedSummary(summaries);
    writeReportFiles(staging, merged);
    publish(staging, out, AUDIT_OUTPUTS);
    return merged;
  } finally {
    removeTempFolder(staging);
  }
}

function mergedSummary(summaries: AuditSummary[]): AuditSummary {
  const first = summaries[0]!;
  const period = (summaries.find(isAudit) ?? first).period;

  const [tally, ...rest] = summaries.map((s) => s.tally);
  for (const t of rest) mergeTallies(tally!, t);
  const seconds = summaries.reduce((sum, s) => sum + s.run.seconds, 0);
  return {
    ...first,
    period,
    // A split's summary names no catalog (it derives nothing).
    catalog: [...new Set(summaries.map((s) => s.catalog).filter(Boolean))].join('; '),
    pricing: [...new Set(summaries.map((s) => s.pricing).filter(Boolean))].join('; ') || undefined,
    exports: summaries.flatMap((s) => s.exports),
    tally: tally!,
    outputs: { findingsCsv: FINDINGS_CSV, linesCsv: LINES_CSV, faultsCsv: FAULTS_CSV, reportHtml: REPORT_HTML, summaryJson: SUMMARY_JSON },
    run: {
      startedAt: summaries.map((s) => s.run.startedAt).sort()[0]!,
      seconds,
      administrationsPerSecond: Math.round(tally!.totals.administrations / Math.max(seconds, 0.001)),
      peakRssMB: Math.max(...summaries.map((s) => s.run.peakRssMB)),
      parts: summaries.reduce((sum, s) => sum + s.run.parts, 0),
    },
  };
}

function isAudit(summary: AuditSummary): boolean {
  return summary.run.parts > 0;
}

/** One header (from the first file that has one), then every file's rows; missing files are skipped. */
async function concatenateCsv(inputs: string[], output: string): Promise<void> {
  const fd = openPrivateFile(output);
  let headerWritten = false;
  try {
    for (const input of inputs) {
      if (!existsSync(input)) continue;
      let inHeader = true;
      for await (const chunk of createReadStream(input) as AsyncIterable<Buffer>) {
        let body = chunk;
        if (inHeader) {
          // The header is the first line; the writer never puts a line break inside it.
          const end = chunk.indexOf('\n');
          if (end === -1) {
            if (!headerWritten) writeSync(fd, chunk);
            continue;
          }
          if (!headerWritten) writeSync(fd, chunk.subarray(0, end + 1));
          headerWritten = true;
          inHeader = false;
          body = chunk.subarray(end + 1);
        }
        if (body.length > 0) writeSync(fd, body);
      }
    }
  } finally {
    closeSync(fd);
  }
}
