// The "findings per week" chart of report.html as inline SVG: stacked bars by severity, no script, no external
// asset. Written with the report's escaping template (html-template.ts).
import { html, type Html } from './html-template';
import type { SeverityCounts } from './tally';

const WIDTH = 760;
const HEIGHT = 240;
const PAD = { left: 48, right: 12, top: 12, bottom: 44 };
const COLOURS: Record<keyof SeverityCounts, string> = { error: '#b42318', warning: '#b54708', info: '#667085' };
/** Gaps between weeks are drawn as empty weeks only over a sensible span; beyond it, only weeks with findings. */
const MAX_FILLED_WEEKS = 156;

export function weekChartSvg(perWeek: Record<string, SeverityCounts>): Html {
  const weeks = weekAxis(Object.keys(perWeek).filter((w) => w !== 'undated'));
  if (weeks.length === 0) return html`<p class="muted">No dated findings.</p>`;
  const totals = weeks.map((w) => total(perWeek[w]));
  const max = niceMax(Math.max(1, ...totals));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / weeks.length;
  const barW = Math.max(1, slot * 0.75);
  const y = (value: number) => PAD.top + plotH - (value / max) * plotH;
  const parts: Html[] = [];

  for (let i = 0; i <= 4; i++) {
    const value = (max / 4) * i;
    const yy = y(value).toFixed(1);
    parts.push(html`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${yy}" y2="${yy}" stroke="#e4e7ec"/>`);
    parts.push(html`<text x="${PAD.left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle" class="axis">${Math.round(value)}</text>`);
  }
  const labelEvery = Math.max(1, Math.ceil(weeks.length / 12));
  weeks.forEach((week, i) => {
    const counts = perWeek[week] ?? { error: 0, warning: 0, info: 0 };
    const x = PAD.left + i * slot + (slot - barW) / 2;
    let base = 0;
    for (const severity of ['error', 'warning', 'info'] as const) {
      const n = counts[severity];
      if (n === 0) continue;
      const top = y(base + n);
      const h = y(base) - top;
      parts.push(
        html`<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" height="${Math.max(0.5, h).toFixed(1)}" fill="${COLOURS[severity]}"><title>week of ${week}: ${n} ${severity}${n === 1 ? '' : 's'}</title></rect>`,
      );
      base += n;
    }
    if (i % labelEvery === 0) {
      parts.push(html`<text x="${(x + barW / 2).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle" class="axis">${week.slice(5)}</text>`);
    }
  });
  parts.push(html`<text x="${PAD.left}" y="${HEIGHT - 6}" class="axis">weeks from ${weeks[0]} to ${weeks[weeks.length - 1]} (Monday of each week)</text>`);
  const legend = (['error', 'warning', 'info'] as const).map(
    (s, i) => html`<rect x="${WIDTH - 250 + i * 82}" y="${HEIGHT - 17}" width="10" height="10" fill="${COLOURS[s]}"/><text x="${WIDTH - 236 + i * 82}" y="${HEIGHT - 8}" class="axis">${s}s</text>`,
  );
  const summary = `Findings per week: ${weeks.length} weeks, at most ${Math.max(...totals)} findings in one week`;
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${summary}" class="chart">${parts}${legend}</svg>`;
}

/** Every Monday from the first to the last week (empty weeks included), unless the span is implausibly long. */
function weekAxis(weeks: string[]): string[] {
  const sorted = [...new Set(weeks)].sort();
  if (sorted.length < 2) return sorted;
  const first = Date.parse(`${sorted[0]}T00:00:00Z`);
  const last = Date.parse(`${sorted[sorted.length - 1]}T00:00:00Z`);
  const span = Math.round((last - first) / (7 * 86_400_000)) + 1;
  if (!Number.isFinite(span) || span > MAX_FILLED_WEEKS) return sorted;
  const out: string[] = [];
  for (let i = 0; i < span; i++) out.push(new Date(first + i * 7 * 86_400_000).toISOString().slice(0, 10));
  return out;
}

function total(counts: SeverityCounts | undefined): number {
  return counts ? counts.error + counts.warning + counts.info : 0;
}

/** A round axis maximum: 1, 2 or 5 times a power of ten, at least the largest bar. */
function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
