// Which copy of a duplicated Type/id is kept. The rule does not depend on the order of lines in the files, so a
// shuffled export gives the same audit: the copy with the latest meta.lastUpdated wins (a re-exported resource
// is usually the newer one); copies with the same timestamp are equally recent, and the first in file order is
// kept (identical copies then give identical results whichever is kept).

export interface CopyOrigin {
  /** Index into the export's file list. */
  file: number;
  line: number;
  /** meta.lastUpdated, or "" when absent. */
  lastUpdated: string;
}

/** True when copy a should be kept over copy b. */
export function keepsOver(a: CopyOrigin, b: CopyOrigin): boolean {
  const ta = instant(a.lastUpdated);
  const tb = instant(b.lastUpdated);
  if (ta !== tb) return ta > tb;
  return a.file !== b.file ? a.file < b.file : a.line < b.line;
}

function instant(lastUpdated: string): number {
  if (!lastUpdated) return Number.NEGATIVE_INFINITY;
  const t = Date.parse(lastUpdated);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

export function lastUpdatedOf(resource: { meta?: unknown }): string {
  const value = (resource.meta as { lastUpdated?: unknown } | undefined)?.lastUpdated;
  return typeof value === 'string' ? value : '';
}

/** The key of a line's origin, for the set of copies to drop. */
export function originKey(file: number, line: number): string {
  return `${file}:${line}`;
}
