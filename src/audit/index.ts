// The audit as a library, for any process or batch engine that runs it on an export or a part of one:
//
//   import { auditExport, splitExport, mergeAudits } from 'jcode-assist/src/audit/index.ts';
//   import { loadCatalog } from 'jcode-assist/src/catalog/load.ts';
//   const { index } = await loadCatalog({ cmsDir: '/data/cms' });
//   const { summary } = await auditExport({ exportDir: 'parts/part-003', outDir: 'results/part-003', catalog: index });
//   await mergeAudits(['parts', 'results/part-000', 'results/part-001'], 'results/all');
//
// docs/audit.md shows the same with the command line and GNU parallel.
export { auditExport, AUDIT_OUTPUTS, FAULTS_CSV, REPORT_HTML, type AuditOptions, type AuditResult } from './audit-export';
export { AuditUserError } from './user-error';
export { FINDINGS_CSV, LINES_CSV } from './audit-output';
export { mergeAudits } from './merge-audits';
export { splitExport, partName, type SplitOptions, type SplitResult } from './split-export';
export type { AuditSummary } from './summary';
export type { AuditTally, AuditTotals, DrugTally, EncounterRow, WasteTally } from './tally';
export type { FaultKind, InputFault } from './faults';
export type { AuditProgress } from './progress';
export { PSEUDONYM_KEY_ENV, PSEUDONYM_KEY_FILE } from './pseudonymize';
