// Adds up the audits of several parts of one export (made on several machines or batch tasks) into one set of
// outputs: the CSV files are concatenated under one header, the tallies summed, the report drawn again.
import { KnownError } from '../errors';
import { closeSync, createReadStream, existsSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FAULTS_CSV, REPORT_HTML, writeReportFiles } from './audit-export';
import { FINDINGS_CSV, LINES_CSV } from './audit-output';
import { makePrivateDir, openPrivateFile } from './private-files';
import { readSummary, SUMMARY_JSON, type AuditSummary } from './summary';
import { mergeTallies } from './tally';

export class MergeError extends KnownError { readonly code = 'audit-merge'; }

export async function mergeAudits(dirs: readonly string[], outDir: string): Promise<AuditSummary> {
  if (dirs.length === 0) throw new MergeError('give the output folders of the audits to merge');
  const out = resolve(outDir);
  const summaries = dirs.map((dir) => {
    const path = join(resolve(dir), SUMMARY_JSON);
    if (!existsSync(path)) throw new MergeError(`${dir} holds no ${SUMMARY_JSON}: is it an audit output folder?`);
    if (resolve(dir) === out) throw new MergeError(`the merged output cannot go into ${dir}, one of the folders being merged`);
    return readSummary(path);
  });
  const first = summaries[0]!;
  const fingerprints = new Set(summaries.map((s) => s.pseudonymized?.keyFingerprint ?? 'none'));
  if (fingerprints.size > 1) {
    throw new MergeError('the parts were pseudonymized under different keys (or some not at all): set JCODE_PSEUDONYM_KEY to one key for every part and run them again');
  }
  const periods = new Set(summaries.map((s) => `${s.period.since ?? ''}..${s.period.until ?? ''}`));
  if (periods.size > 1) throw new MergeError('the parts were audited with different --since/--until');

  makePrivateDir(out);
  for (const name of [FINDINGS_CSV, LINES_CSV, FAULTS_CSV]) await concatenateCsv(dirs.map((d) => join(resolve(d), name)), join(out, name));

  const [tally, ...rest] = summaries.map((s) => s.tally);
  for (const t of rest) mergeTallies(tally!, t);
  const seconds = summaries.reduce((sum, s) => sum + s.run.seconds, 0);
  const merged: AuditSummary = {
    ...first,
    // A split's summary names no catalog (it derives nothing).
    catalog: [...new Set(summaries.map((s) => s.catalog).filter(Boolean))].join('; '),
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
  writeReportFiles(out, merged);
  return merged;
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
