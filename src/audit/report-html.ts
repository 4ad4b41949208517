// report.html: one self-contained page (inline CSS and SVG, no script, no external asset, so it opens from a
// mail attachment or a shared drive) for a compliance officer or a coder: totals, findings by code and by drug,
// undocumented waste and what it is worth, findings per week, the worst encounters first, and the input faults.
import Big from 'big.js';
import { FINDING_KINDS } from '../billing/findings';
import type { FindingCode } from '../billing/types';
import type { FaultKind } from './faults';
import { escapeHtml as e } from './html-escape';
import type { AuditSummary } from './summary';
import { weekChartSvg } from './week-chart';

/** Dollars for display: "$1,234.50". */
export function formatDollars(value: string): string {
  const fixed = new Big(value).toFixed(2);
  const [whole = '0', cents = '00'] = fixed.split('.');
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

const n = (value: number): string => value.toLocaleString('en-US');

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((part / whole) * 100).toFixed(1)}%`;
}

const FAULT_MEANING: Record<FaultKind, string> = {
  'truncated-line': 'last line of a file cut short',
  'invalid-json': 'line that is not JSON',
  'not-a-resource': 'JSON that is not a FHIR resource',
  'wrong-type': 'resource in a file of another type',
  'id-missing': 'resource without an id',
  'patient-missing': "patient's resource that names no patient",
  'duplicate-id': 'second copy of a resource id',
  'reference-unresolved': 'reference to a resource not in the export',
  'type-missing': 'resource type the export does not hold',
  'file-missing': 'file listed but missing or unreadable',
  'manifest-invalid': 'problem with manifest.json',
  'derive-failed': 'patient the engine could not derive',
};

const CSS = `
:root{color-scheme:light}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2939;margin:0;background:#f9fafb}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #e4e7ec;padding-bottom:4px}
.muted{color:#667085}.meta{color:#475467;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:12px;margin-top:16px}
.card{background:#fff;border:1px solid #e4e7ec;border-radius:8px;padding:12px}
.card .v{font-size:22px;font-weight:600}.card .k{color:#475467;font-size:12px;text-transform:uppercase;letter-spacing:.03em}
.card.bad .v{color:#b42318}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e4e7ec;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eaecf0;vertical-align:top}
th{background:#f2f4f7;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.sev{display:inline-block;padding:0 6px;border-radius:10px;font-size:12px;color:#fff}
.sev.error{background:#b42318}.sev.warning{background:#b54708}.sev.info{background:#667085}
.chart{width:100%;height:auto;background:#fff;border:1px solid #e4e7ec;border-radius:8px}
.chart .axis{font-size:11px;fill:#475467}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
footer{margin-top:32px;color:#667085;font-size:12px}
@media print{body{background:#fff}.card,table,.chart{break-inside:avoid}}
`;

export function reportHtml(summary: AuditSummary): string {
  const t = summary.tally;
  const totals = t.totals;
  const findingsTotal = totals.findings.error + totals.findings.warning + totals.findings.info;
  const faultsTotal = Object.values(t.faults.counts).reduce((a, b) => a + (b ?? 0), 0);
  const period =
    summary.period.since || summary.period.until
      ? `dates of service ${summary.period.since ?? 'any'} to ${summary.period.until ?? 'any'}`
      : 'all dates of service';
  const sections = [
    header(summary, period),
    cards([
      ['patients', n(totals.patients)],
      ['encounters', n(totals.encounters)],
      ['administrations', n(totals.administrations)],
      ['derived lines', n(totals.lines)],
      ['findings', n(findingsTotal), `${n(totals.findings.error)} errors, ${n(totals.findings.warning)} warnings, ${n(totals.findings.info)} info`],
      ['encounters blocked', n(totals.encountersBlocked), `${percent(totals.encountersBlocked, totals.encounters)} of encounters have an error`, totals.encountersBlocked > 0],
      ['undocumented waste', n(t.waste.units), `billing units in ${n(t.waste.findings)} findings`, t.waste.findings > 0],
      ['estimated value', formatDollars(t.waste.dollars), 'at the ASP payment limit', new Big(t.waste.dollars).gt(0)],
      ['input faults', n(faultsTotal), 'problems in the export files', faultsTotal > 0],
    ]),
    `<h2>Findings per week</h2>${weekChartSvg(t.perWeek)}${t.perWeek.undated ? `<p class="muted">${n(sum(t.perWeek.undated))} findings have no date and are not in the chart.</p>` : ''}`,
    byCode(summary),
    byDrug(summary),
    waste(summary),
    worst(summary),
    faults(summary),
    footer(summary),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(`Coding audit - ${period}`)}</title><style>${CSS}</style></head>
<body><main>
${sections.join('\n')}
</main></body></html>
`;
}

function sum(counts: { error: number; warning: number; info: number }): number {
  return counts.error + counts.warning + counts.info;
}

function header(summary: AuditSummary, period: string): string {
  const dirs = summary.exports.map((x) => x.dir).join(', ');
  const pseudo = summary.pseudonymized
    ? `Patient and encounter ids are pseudonyms (HMAC-SHA256, key ${e(summary.pseudonymized.keyFingerprint)}).`
    : 'Contains patient identifiers: share only with people allowed to see them.';
  return `<h1>Coding audit</h1>
<p class="meta">${e(period)} &middot; export ${e(dirs)} &middot; catalog ${e(summary.catalog)} &middot; engine ${e(summary.engine.version)} &middot; ${e(summary.run.startedAt.slice(0, 16).replace('T', ' '))} UTC${summary.run.parts > 1 ? ` &middot; ${summary.run.parts} parts merged` : ''}</p>
<p class="meta">${pseudo}</p>`;
}

function cards(items: [string, string, string?, boolean?][]): string {
  return `<div class="cards">${items
    .map(([k, v, sub, bad]) => `<div class="card${bad ? ' bad' : ''}"><div class="k">${e(k)}</div><div class="v">${e(v)}</div>${sub ? `<div class="muted">${e(sub)}</div>` : ''}</div>`)
    .join('')}</div>`;
}

function severity(s: string): string {
  return `<span class="sev ${e(s)}">${e(s)}</span>`;
}

function byCode(summary: AuditSummary): string {
  const rows = Object.entries(summary.tally.byCode).sort(([a, x], [b, y]) => sevRank(x.severity) - sevRank(y.severity) || y.count - x.count || a.localeCompare(b));
  if (rows.length === 0) return '<h2>Findings by code</h2><p class="muted">No findings.</p>';
  const body = rows
    .map(([code, c]) => {
      const action = FINDING_KINDS[code as FindingCode]?.action ?? '';
      return `<tr><td><code>${e(code)}</code></td><td>${severity(c.severity)}</td><td class="num">${n(c.count)}</td><td class="num">${n(c.encounters)}</td><td class="num">${percent(c.encounters, summary.tally.totals.encounters)}</td><td>${e(action)}</td></tr>`;
    })
    .join('');
  return `<h2>Findings by code</h2><table><thead><tr><th>code</th><th>severity</th><th class="num">findings</th><th class="num">encounters</th><th class="num">of encounters</th><th>what to do</th></tr></thead><tbody>${body}</tbody></table>`;
}

function sevRank(s: string): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : 2;
}

function byDrug(summary: AuditSummary): string {
  const rows = Object.values(summary.tally.byDrug).sort((a, b) => b.errors - a.errors || b.findings - a.findings || a.label.localeCompare(b.label));
  if (rows.length === 0) return '<h2>Findings by drug</h2><p class="muted">No administrations.</p>';
  const body = rows
    .map(
      (d) =>
        `<tr><td>${e(d.label)}</td><td class="num">${n(d.administrations)}</td><td class="num">${n(d.findings)}</td><td class="num">${n(d.errors)}</td><td class="num">${n(d.wasteUndocumented)}</td><td class="num">${percent(d.wasteUndocumented, d.administrations)}</td><td class="num">${n(d.wasteUnits)}</td><td class="num">${formatDollars(d.wasteDollars)}</td></tr>`,
    )
    .join('');
  return `<h2>Findings by drug</h2><table><thead><tr><th>drug</th><th class="num">administrations</th><th class="num">findings</th><th class="num">errors</th><th class="num">waste undocumented</th><th class="num">of administrations</th><th class="num">waste units</th><th class="num">est. value</th></tr></thead><tbody>${body}</tbody></table>`;
}

function waste(summary: AuditSummary): string {
  const w = summary.tally.waste;
  const reasons = Object.entries(w.notEstimated).sort(([, a], [, b]) => b - a);
  const notes: string[] = [];
  if (w.unpriced > 0) {
    notes.push(`${n(w.unpriced)} estimated findings have no ASP payment limit in the catalog (${e(summary.catalog)}); run with <code>--cms-dir</code> to price them.`);
  }
  if (reasons.length > 0) notes.push(`Not estimated: ${reasons.map(([r, c]) => `${e(r)} (${n(c)})`).join(', ')}.`);
  return `<h2>Undocumented waste</h2>
<p>${n(w.findings)} single-dose administrations have no record of what was discarded (<code>waste-undocumented</code>): neither JW nor JZ can be billed for them until it is recorded. Estimated discard: <strong>${n(w.units)} billing units</strong>, worth <strong>${formatDollars(w.dollars)}</strong> at the ASP payment limit of the catalog quarter.</p>
<p class="muted">How it is estimated: the opened containers are the smallest whole number of containers of the administered product's size that holds the dose (one container holds BILLUNITS x the HCPCS descriptor, CMS crosswalk); discarded units = floor(opened / descriptor) - max(1, ceil(dose / descriptor)); value = discarded units x the payment limit per billing unit. Doses of one product on one date of service are summed first.</p>
${notes.map((x) => `<p class="muted">${x}</p>`).join('')}`;
}

function worst(summary: AuditSummary): string {
  const rows = summary.tally.worst;
  if (rows.length === 0) return '<h2>Worst encounters</h2><p class="muted">No encounters.</p>';
  const body = rows
    .map(
      (r, i) =>
        `<tr><td class="num">${i + 1}</td><td>${e(r.patient)}</td><td>${e(r.encounter || '(no encounter)')}</td><td>${e(r.date)}</td><td class="num">${n(r.errors)}</td><td class="num">${n(r.warnings)}</td><td>${r.codes.map((c) => `<code>${e(c)}</code>`).join(' ')}</td><td class="num">${n(r.wasteUnits)}</td><td class="num">${formatDollars(r.wasteDollars)}</td></tr>`,
    )
    .join('');
  return `<h2>Worst encounters first</h2><p class="muted">Encounters whose claim is blocked by an error come first, ordered by the estimated value of their undocumented waste, then by the number of errors and warnings. The full list is findings.csv.</p><table><thead><tr><th class="num">#</th><th>patient</th><th>encounter</th><th>date</th><th class="num">errors</th><th class="num">warnings</th><th>codes</th><th class="num">waste units</th><th class="num">est. value</th></tr></thead><tbody>${body}</tbody></table>`;
}

function faults(summary: AuditSummary): string {
  const counts = Object.entries(summary.tally.faults.counts) as [FaultKind, number][];
  if (counts.length === 0) return '<h2>Input faults</h2><p>None: every line of the export was read.</p>';
  const countRows = counts
    .sort(([, a], [, b]) => b - a)
    .map(([kind, c]) => `<tr><td><code>${e(kind)}</code></td><td>${e(FAULT_MEANING[kind] ?? '')}</td><td class="num">${n(c)}</td></tr>`)
    .join('');
  const samples = summary.tally.faults.samples
    .map((f) => `<tr><td><code>${e(f.kind)}</code></td><td><code>${e(f.file)}${f.line > 0 ? `:${f.line}` : ''}</code></td><td>${e(f.resource ?? '')}</td><td>${e(f.message)}</td></tr>`)
    .join('');
  return `<h2>Input faults</h2><p>Lines or references of the export that could not be used; the rest of the audit went on. Every fault, with its file and line, is in faults.csv.</p>
<table><thead><tr><th>fault</th><th>meaning</th><th class="num">count</th></tr></thead><tbody>${countRows}</tbody></table>
<h3>Examples</h3><table><thead><tr><th>fault</th><th>file:line</th><th>resource</th><th>message</th></tr></thead><tbody>${samples}</tbody></table>`;
}

function footer(summary: AuditSummary): string {
  const o = summary.outputs;
  return `<footer>Files: ${[o.findingsCsv, o.linesCsv, o.faultsCsv, o.summaryJson].map((f) => `<code>${e(f)}</code>`).join(', ')}. ${n(summary.tally.totals.administrations)} administrations audited in ${summary.run.seconds.toFixed(1)} s.</footer>`;
}
