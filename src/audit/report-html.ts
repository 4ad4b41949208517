// report.html: one self-contained page (inline CSS and SVG, no script, no external asset, so it opens from a
// mail attachment or a shared drive) for a compliance officer, a coder or a department head. It opens with the
// money at risk and what that figure is based on, then who must fix what: the money and the errors by drug, by
// location and by performer, ordered by money, each row linking to its worst encounters. Then findings by code,
// undocumented waste, findings per week, the worst encounters and the input faults.
// Every value goes through the escaping template (html-template.ts).
import Big from 'big.js';
import { FINDING_KINDS } from '../billing';
import type { FindingCode } from '../billing';
import type { FaultKind } from './faults';
import { html, raw, type Html } from './html-template';
import type { AuditSummary } from './summary';
import { compareGroups, type EncounterRow, type GroupTally } from './tally';
import { weekChartSvg } from './week-chart';

/** Dollars for display: "$1,234.50". */
export function formatDollars(value: string): string {
  const fixed = new Big(value).toFixed(2);
  const [whole = '0', cents = '00'] = fixed.split('.');
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** What the tile and the CLI say in place of a dollar figure when the catalog has no prices. */
export const NO_PRICES = 'no ASP prices: run with --cms-dir <your CMS quarter folder>';

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
h3{font-size:15px;margin:20px 0 6px}
.muted{color:#667085}.meta{color:#475467;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:12px;margin-top:16px}
.card{background:#fff;border:1px solid #e4e7ec;border-radius:8px;padding:12px}
.card.wide{grid-column:span 2}
.card .v{font-size:22px;font-weight:600}.card .k{color:#475467;font-size:12px;text-transform:uppercase;letter-spacing:.03em}
.card.bad .v{color:#b42318}.card.unpriced .v{color:#b54708;font-size:18px}
.basis{font-size:13px;color:#344054;margin:8px 0 0}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e4e7ec;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eaecf0;vertical-align:top}
th{background:#f2f4f7;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.sev{display:inline-block;padding:0 6px;border-radius:10px;font-size:12px;color:#fff}
.sev.error{background:#b42318}.sev.warning{background:#b54708}.sev.info{background:#667085}
.chart{width:100%;height:auto;background:#fff;border:1px solid #e4e7ec;border-radius:8px}
.chart .axis{font-size:11px;fill:#475467}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
a{color:#175cd3}
.table-scroll{overflow-x:auto;max-width:100%;margin:0 0 8px}
.table-scroll:focus-visible{outline:2px solid #175cd3;outline-offset:2px}
.meta,footer,h3{overflow-wrap:anywhere}
footer{margin-top:32px;color:#667085;font-size:12px}
@media (max-width:600px){main{padding:12px}.card.wide{grid-column:1/-1}h1{font-size:20px}}
@media print{body{background:#fff}.card,table,.chart{break-inside:avoid}.table-scroll{overflow:visible}}
`;

/** The three "who" tables: their anchors' prefix, title and first column. */
const GROUPS = [
  { table: 'byDrug', prefix: 'drug', title: 'Money at risk by drug', column: 'drug' },
  { table: 'byLocation', prefix: 'location', title: 'Money at risk by location', column: 'location or service provider' },
  { table: 'byPerformer', prefix: 'performer', title: 'Money at risk by performer', column: 'performer (who gave the drug)' },
] as const;

export function reportHtml(summary: AuditSummary): string {
  const period =
    summary.period.since || summary.period.until
      ? `dates of service ${summary.period.since ?? 'any'} to ${summary.period.until ?? 'any'}`
      : 'all dates of service';
  const t = summary.tally;
  const groups = GROUPS.map((g) => ({ ...g, rows: Object.values(t[g.table]).sort(compareGroups) }));
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Coding audit - ${period}</title><style>${raw(CSS)}</style></head>
<body><main>
${header(summary, period)}
${cards(summary)}
${groups.map((g) => groupTable(g.prefix, g.title, g.column, g.rows, summary))}
${byCode(summary)}
${waste(summary)}
<h2>Findings per week</h2>${weekChartSvg(t.perWeek)}${t.perWeek.undated ? html`<p class="muted">${n(sum(t.perWeek.undated))} findings have no date and are not in the chart.</p>` : ''}
${worst(summary)}
${groups.map((g) => groupEncounters(g.prefix, g.title, g.rows))}
${faults(summary)}
${footer(summary)}
</main></body></html>
`;
  return page.toString();
}

function sum(counts: { error: number; warning: number; info: number }): number {
  return counts.error + counts.warning + counts.info;
}

function header(summary: AuditSummary, period: string): Html {
  const sources = summary.exports.map((x) => x.dir).join(', ');
  const started = summary.run.startedAt.slice(0, 16).replace('T', ' ');
  return html`<h1>Coding audit</h1>
<p class="meta">${period} &middot; export folder: ${sources} &middot; catalog ${summary.catalog} &middot; engine ${summary.engine.version} &middot; ${started} UTC${summary.run.parts > 1 ? ` · ${summary.run.parts} parts merged` : ''}</p>
<p class="meta">${summary.pseudonymized ? `Patient and encounter ids are pseudonyms (HMAC-SHA256, key ${summary.pseudonymized.keyFingerprint}).` : 'Contains patient identifiers: share only with people allowed to see them.'}</p>`;
}

/** The headline: money at risk first, and what it is based on (or that there are no prices to base it on). */
function cards(summary: AuditSummary): Html {
  const t = summary.tally;
  const totals = t.totals;
  const w = t.waste;
  const faultsTotal = Object.values(t.faults.counts).reduce((a, b) => a + (b ?? 0), 0);
  const priced = summary.pricing !== undefined;
  const value = priced
    ? card('money at risk', formatDollars(w.dollars), `undocumented waste in ${n(w.findings)} findings${w.unpriced > 0 ? `; ${n(w.unpriced)} of them not priced` : ''}`, new Big(w.dollars).gt(0) ? 'bad wide' : 'wide')
    : card('money at risk', 'not priced', NO_PRICES, 'unpriced wide');
  const consequences = Object.values(t.consequences).reduce((s, c) => s + c.count, 0);
  return html`<div class="cards">
${value}
${card('encounters blocked', n(totals.encountersBlocked), `${percent(totals.encountersBlocked, totals.encounters)} of ${n(totals.encounters)} encounters have an error`, totals.encountersBlocked > 0 ? 'bad' : '')}
${card('findings to fix', n(totals.findings.error + totals.findings.warning), `${n(totals.findings.error)} errors, ${n(totals.findings.warning)} warnings; ${n(totals.findings.info)} notes for information${consequences > 0 ? `; ${n(consequences)} more follow from these` : ''}`)}
${card('undocumented waste', n(w.units), `billing units in ${n(w.findings)} findings`, w.findings > 0 ? 'bad' : '')}
${card('administrations', n(totals.administrations), `${n(totals.patients)} patients, ${n(totals.lines)} derived lines`)}
${card('input faults', n(faultsTotal), 'problems in the export files', faultsTotal > 0 ? 'bad' : '')}
</div>
<p class="basis">${priced
    ? `Money at risk: the billing units discarded from single-dose containers with no waste record (estimated below) times the ASP payment limit per unit, from ${summary.pricing}. Neither JW nor JZ can be billed for them until the discard is recorded.`
    : `No dollar figure: the catalog (${summary.catalog}) has no ASP payment limits. Run the audit again with --cms-dir pointing at your CMS quarter folder (the quarter's ASP pricing file in it) to price the ${n(w.units)} discarded billing units.`}</p>`;
}

function card(key: string, value: string, sub: string, cls = ''): Html {
  return html`<div class="${`card ${cls}`.trim()}"><div class="k">${key}</div><div class="v">${value}</div><div class="muted">${sub}</div></div>`;
}

function groupTable(prefix: string, title: string, column: string, all: GroupTally[], summary: AuditSummary): Html {
  const rows = all.filter((g) => g.findings > 0);
  if (rows.length === 0) return html`<h2>${title}</h2><p class="muted">No findings.</p>`;
  const quiet = all.length - rows.length;
  const body = rows.map(
    (g, i) => html`<tr><td>${g.label}${g.id && g.id !== g.label ? html` <span class="muted">${g.id}</span>` : ''}</td><td class="num">${money(g.wasteDollars, summary)}</td><td class="num">${n(g.wasteUndocumented)}</td><td class="num">${n(g.wasteUnits)}</td><td class="num">${n(g.errors)}</td><td class="num">${n(g.findings)}</td><td class="num"><a href="#${prefix}-${i}">${n(g.encounters)}</a></td></tr>`,
  );
  return html`<h2 id="${prefix}s">${title}</h2>
${scrolling(title, html`<table><thead><tr><th>${column}</th><th class="num">money at risk</th><th class="num">waste undocumented</th><th class="num">waste units</th><th class="num">errors</th><th class="num">findings</th><th class="num">encounters</th></tr></thead><tbody>${body}</tbody></table>`)}${quiet > 0 ? html`<p class="muted">${n(quiet)} more with no findings.</p>` : ''}`;
}

function money(dollars: string, summary: AuditSummary): string {
  return summary.pricing === undefined ? 'not priced' : formatDollars(dollars);
}

/** The linked lists: each row's worst encounters. */
function groupEncounters(prefix: string, title: string, all: GroupTally[]): Html {
  const rows = all.filter((g) => g.findings > 0);
  if (rows.length === 0) return html``;
  const sections = rows.map(
    (g, i) => html`<h3 id="${prefix}-${i}">${g.label}: ${n(g.encounters)} encounters with findings${g.encounters > g.worst.length ? `, the ${g.worst.length} worst` : ''}</h3>${encounterTable(g.worst, false, `${g.label}: encounters`)}`,
  );
  return html`<h2>${title.replace('Money at risk', 'Encounters')}</h2><p class="muted">Worst first, as in "Worst encounters first". Every finding is in findings.csv.</p>${sections}`;
}

function byCode(summary: AuditSummary): Html {
  const rows = Object.entries(summary.tally.byCode).sort(([a, x], [b, y]) => sevRank(x.severity) - sevRank(y.severity) || y.count - x.count || a.localeCompare(b));
  const consequences = Object.entries(summary.tally.consequences);
  const note = consequences.map(
    ([code, c]) =>
      html`<p class="muted"><code>${code}</code> also appears ${n(c.count)} times as a consequence of the findings above (${Object.entries(c.causes)
        .sort(([, a], [, b]) => b - a)
        .map(([cause, k]) => `${cause} ${n(k)}`)
        .join(', ')}): fixing those fixes it, so it is not counted again here. findings.csv lists it with its causes in caused_by.</p>`,
  );
  if (rows.length === 0) return html`<h2>Findings by code</h2><p class="muted">No findings.</p>${note}`;
  const body = rows.map(([code, c]) => {
    const action = FINDING_KINDS[code as FindingCode]?.action ?? '';
    return html`<tr><td><code>${code}</code></td><td>${severity(c.severity)}</td><td class="num">${n(c.count)}</td><td class="num">${n(c.encounters)}</td><td class="num">${percent(c.encounters, summary.tally.totals.encounters)}</td><td>${action}</td></tr>`;
  });
  const table = html`<table><thead><tr><th>code</th><th>severity</th><th class="num">findings</th><th class="num">encounters</th><th class="num">of encounters</th><th>what to do</th></tr></thead><tbody>${body}</tbody></table>`;
  return html`<h2>Findings by code</h2>${scrolling('Findings by code', table)}${note}`;
}

function severity(s: string): Html {
  return html`<span class="${`sev ${s}`}">${s}</span>`;
}

function sevRank(s: string): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : 2;
}

function waste(summary: AuditSummary): Html {
  const w = summary.tally.waste;
  const reasons = Object.entries(w.notEstimated).sort(([, a], [, b]) => b - a);
  const notes: Html[] = [];
  if (summary.pricing !== undefined && w.unpriced > 0) {
    notes.push(html`${n(w.unpriced)} estimated findings are for codes with no ASP payment limit in ${summary.pricing}; they are not in the dollar figures.`);
  }
  if (reasons.length > 0) notes.push(html`Not estimated: ${reasons.map(([r, c]) => `${r} (${n(c)})`).join(', ')}.`);
  const worth = summary.pricing === undefined ? html`not priced (${NO_PRICES})` : html`worth <strong>${formatDollars(w.dollars)}</strong> at the ASP payment limit (${summary.pricing})`;
  return html`<h2>Undocumented waste</h2>
<p>${n(w.findings)} single-dose administrations have no record of what was discarded (<code>waste-undocumented</code>): neither JW nor JZ can be billed for them until it is recorded. Estimated discard: <strong>${n(w.units)} billing units</strong>, ${worth}.</p>
<p class="muted">How it is estimated: the opened containers are the smallest whole number of containers of the administered product's size that holds the dose (one container holds BILLUNITS x the HCPCS descriptor, CMS crosswalk); discarded units = floor(opened / descriptor) - max(1, ceil(dose / descriptor)); value = discarded units x the payment limit per billing unit. Doses of one product on one date of service are summed first.</p>
${notes.map((x) => html`<p class="muted">${x}</p>`)}`;
}

function worst(summary: AuditSummary): Html {
  const rows = summary.tally.worst;
  if (rows.length === 0) return html`<h2>Worst encounters first</h2><p class="muted">No encounters with findings.</p>`;
  return html`<h2 id="worst">Worst encounters first</h2><p class="muted">Encounters whose claim is blocked by an error come first, ordered by the estimated value of their undocumented waste, then by the number of errors and warnings. The full list is findings.csv.</p>${encounterTable(rows, true, 'Worst encounters first')}`;
}

function encounterTable(rows: EncounterRow[], numbered: boolean, label: string): Html {
  const body = rows.map(
    (r, i) =>
      html`<tr>${numbered ? html`<td class="num">${i + 1}</td>` : ''}<td>${r.patient}</td><td>${r.encounter || '(no encounter)'}</td><td>${r.date}</td><td>${r.drugs.join(', ')}</td><td>${r.location}</td><td>${r.performers.join(', ')}</td><td class="num">${n(r.errors)}</td><td class="num">${n(r.warnings)}</td><td>${r.codes.map((c) => html`<code>${c}</code> `)}</td><td class="num">${n(r.wasteUnits)}</td><td class="num">${formatDollars(r.wasteDollars)}</td></tr>`,
  );
  return scrolling(
    label,
    html`<table><thead><tr>${numbered ? html`<th class="num">#</th>` : ''}<th>patient</th><th>encounter</th><th>date</th><th>drugs</th><th>location</th><th>performers</th><th class="num">errors</th><th class="num">warnings</th><th>codes</th><th class="num">waste units</th><th class="num">est. value</th></tr></thead><tbody>${body}</tbody></table>`,
  );
}

function faults(summary: AuditSummary): Html {
  const counts = Object.entries(summary.tally.faults.counts) as [FaultKind, number][];
  if (counts.length === 0) return html`<h2>Input faults</h2><p>None: every line of the export was read.</p>`;
  const countRows = counts
    .sort(([, a], [, b]) => b - a)
    .map(([kind, c]) => html`<tr><td><code>${kind}</code></td><td>${FAULT_MEANING[kind] ?? ''}</td><td class="num">${n(c)}</td></tr>`);
  const samples = summary.tally.faults.samples.map(
    (f) => html`<tr><td><code>${f.kind}</code></td><td><code>${f.file}${f.line > 0 ? `:${f.line}` : ''}</code></td><td>${f.resource ?? ''}</td><td>${f.message}</td></tr>`,
  );
  return html`<h2>Input faults</h2><p>Lines or references of the export that could not be used; the rest of the audit went on. Every fault, with its file and line, is in faults.csv.</p>
${scrolling('Input faults', html`<table><thead><tr><th>fault</th><th>meaning</th><th class="num">count</th></tr></thead><tbody>${countRows}</tbody></table>`)}
<h3>Examples</h3>${scrolling('Input fault examples', html`<table><thead><tr><th>fault</th><th>file:line</th><th>resource</th><th>message</th></tr></thead><tbody>${samples}</tbody></table>`)}`;
}

/**
 * A table in a box that scrolls sideways on a narrow screen, so the page itself never does (a 420 px phone shows
 * the page at its width and each wide table scrolls within it). The box is a named region with tabindex 0, so a
 * keyboard user can reach it and scroll it with the arrow keys.
 */
function scrolling(label: string, table: Html): Html {
  return html`<div class="table-scroll" role="region" aria-label="${label}" tabindex="0">${table}</div>`;
}

function footer(summary: AuditSummary): Html {
  const o = summary.outputs;
  return html`<footer>Files: ${[o.findingsCsv, o.linesCsv, o.faultsCsv, o.summaryJson].map((f, i) => html`${i > 0 ? ', ' : ''}<code>${f}</code>`)}. ${n(summary.tally.totals.administrations)} administrations audited in ${summary.run.seconds.toFixed(1)} s.</footer>`;
}
