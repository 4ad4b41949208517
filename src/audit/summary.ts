// summary.json: everything the report is drawn from, in a documented, versioned shape. Each audit writes one; a
// merge of the audits of several parts of an export reads them back and adds them up.
import { readFileSync } from 'node:fs';
import type { AuditTally } from './tally';
import { AuditUserError } from './user-error';

export const SUMMARY_FORMAT = 'jcode-assist-audit/1';
export const SUMMARY_JSON = 'summary.json';

export interface AuditSummary {
  format: typeof SUMMARY_FORMAT;
  engine: { version: string };
  /** The catalog quarter the codes, container sizes and ASP payment limits came from. */
  catalog: string;
  /** Where the ASP payment limits behind every dollar figure come from; absent when the catalog has none. */
  pricing?: string;
  /** The export folder(s) audited, with what was read. */
  exports: { dir: string; files: number; bytes: number; fromManifest: boolean; resourcesByType: Record<string, number> }[];
  period: { since?: string; until?: string };
  /** When set, ids in every output are HMAC-SHA256 pseudonyms made under the key with this fingerprint. */
  pseudonymized: { keyFingerprint: string } | null;
  tally: AuditTally;
  outputs: { findingsCsv: string; linesCsv: string; faultsCsv: string; reportHtml: string; summaryJson: string };
  run: {
    startedAt: string;
    seconds: number;
    /** Administrations audited per second of the whole audit (reading, partitioning, deriving, writing). */
    administrationsPerSecond: number;
    /** Peak resident memory of the process (maxRSS), MB. */
    peakRssMB: number;
    /** 1 for one audit; the number of audits added up by a merge. */
    parts: number;
    /** Threads the jobs ran in (1: this thread). */
    threads?: number;
    /** Where the time went, seconds: the first pass, the duplicate check, the second pass, the outputs. */
    phaseSeconds?: { read: number; duplicates: number; audit: number; outputs: number };
  };
}

export function readSummary(path: string): AuditSummary {
  let json: AuditSummary;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as AuditSummary;
  } catch (err) {
    throw new AuditUserError('summary-unreadable', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (json?.format !== SUMMARY_FORMAT) throw new AuditUserError('summary-unreadable', `${path} is not a jcode-assist audit summary (format ${String(json?.format)})`);
  return json;
}
