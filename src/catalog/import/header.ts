// Finding a table's header row among the title rows CMS puts above it, and mapping its columns by name. A file
// is recognised as a kind when its header carries at least half of that kind's known columns (so a renamed or
// missing column still leaves it recognised, and reported); a kind's required columns must all be present for
// the file to be used.

export interface ColumnSpec<K extends string> {
  key: K;
  /** The name as CMS prints it, for messages. */
  label: string;
  matches: (normalizedCell: string) => boolean;
  required: boolean;
  /** Said when the column is missing, e.g. which other CMS table the file probably is. */
  hint?: string;
}

export type ColumnIndex<K extends string> = Partial<Record<K, number>>;

export interface HeaderMatch<K extends string> {
  columns: ColumnIndex<K>;
  matched: number;
  missing: ColumnSpec<K>[];
}

/** Upper case, single spaces: "Practitioner Services  MUE Values " and "PRACTITIONER SERVICES MUE VALUES" agree. */
export function normalizeHeaderCell(cell: string): string {
  return cell.replace(/\s+/g, ' ').trim().toUpperCase();
}

export function exactly(...names: string[]): (cell: string) => boolean {
  return (cell) => names.includes(cell);
}

export function matchHeader<K extends string>(cells: readonly string[], specs: readonly ColumnSpec<K>[]): HeaderMatch<K> {
  const normalized = cells.map(normalizeHeaderCell);
  const columns: ColumnIndex<K> = {};
  const missing: ColumnSpec<K>[] = [];
  let matched = 0;
  for (const spec of specs) {
    const index = normalized.findIndex((cell) => spec.matches(cell));
    if (index === -1) {
      missing.push(spec);
    } else {
      columns[spec.key] = index;
      matched += 1;
    }
  }
  return { columns, matched, missing };
}

/** Enough of the kind's columns to say the row is its header. */
export function isRecognised(match: { matched: number }, specCount: number): boolean {
  return match.matched >= Math.max(2, Math.ceil(specCount / 2));
}
