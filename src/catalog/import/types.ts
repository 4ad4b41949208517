// Shapes shared by the CMS file importers: one physical row as read, the tables each kind of file yields, and
// the import report that every door shows (the `catalog import` command prints it, `derive --cms-dir` and the
// server can log it).

/** The four CMS tables a quarter is made of. */
export type CmsTableKind = 'crosswalk' | 'hcpcs' | 'mue' | 'pricing';

/** One row of a CSV file or a worksheet, its cells trimmed and with inner line breaks collapsed to spaces. */
export interface SourceRow {
  /** 1-based line (CSV: the physical line the record starts on; xlsx: the worksheet row number). */
  line: number;
  /** Cells up to the last non-empty one (CMS pads rows with hundreds of empty columns). */
  cells: string[];
  /** Fields the row had as written: a CSV row shorter than its header is truncated. Infinity for worksheets. */
  width: number;
}

export interface RowProblem {
  /** Absent when the problem is about the whole file (a missing column, an unreadable workbook). */
  line?: number;
  message: string;
}

/** ASP NDC-HCPCS crosswalk: one NDC package billed under one HCPCS code. */
export interface CrosswalkRow {
  line: number;
  code: string;
  ndc: string;
  shortDescription?: string;
  labeler?: string;
  name?: string;
  /** "HCPCS dosage" as written ("10 MG", "UP TO 0.50 MG"): the second source of the descriptor quantity. */
  dosage?: string;
  packageSize?: string;
  packageQuantity?: string;
  billUnits?: string;
  billUnitsPackage?: string;
}

/** HCPCS Level II file, RECID 3 (a code; RECID 7 rows are modifiers and are not kept). */
export interface HcpcsRow {
  line: number;
  code: string;
  description: string;
  shortDescription?: string;
  /** ADD DT, YYYY-MM-DD: the first day the code may be billed. */
  addDate?: string;
  /** ACT EFF DT, YYYY-MM-DD: when the latest change took effect (not the first day of the code). */
  actionEffectiveDate?: string;
  /** TERM DT, YYYY-MM-DD: the last day the code may be billed. */
  termDate?: string;
}

export interface MueRow {
  line: number;
  code: string;
  units: number;
  adjudication: 1 | 2 | 3;
}

export interface PricingRow {
  line: number;
  code: string;
  shortDescription?: string;
  dosage?: string;
  /** Dollars per billing unit, decimal string; absent where CMS prints "N/A". */
  paymentLimit?: string;
}

export interface CmsTables {
  crosswalk?: { file: string; rows: CrosswalkRow[] };
  hcpcs?: { file: string; rows: HcpcsRow[] };
  mue?: { file: string; rows: MueRow[] };
  pricing?: { file: string; rows: PricingRow[] };
}

export interface SkippedRows {
  count: number;
  reason: string;
}

export interface FileReport {
  file: string;
  kind: CmsTableKind | 'unrecognised';
  /** "2025-Q4", when the file says (title rows, data, or as a last resort its name). */
  quarter?: string;
  used: boolean;
  /** Why the file is not used, or which file it lost to. */
  note?: string;
  /** Data rows read after the header. */
  rows: number;
  /** Rows left out on purpose, counted (the crosswalk's non-NDC product ids, the HCPCS file's modifiers). */
  skipped: SkippedRows[];
  problems: RowProblem[];
}

export interface ImportReport {
  /** The catalog's quarter label, e.g. "2025-Q4 (CMS October 2025 files)". */
  quarter: string;
  files: FileReport[];
  /** HCPCS codes in the merged catalog. */
  codes: number;
  /** Distinct 11-digit NDCs in the merged catalog. */
  ndcs: number;
  /** NDC-HCPCS pairs in the merged catalog (133 NDCs of the October 2025 crosswalk map to several codes). */
  products: number;
  /** Tables no file in the folder supplied (the starter facts stand in for them). */
  missing: CmsTableKind[];
  /** False when the folder gave nothing to use, or a table's only file could not be read. */
  usable: boolean;
  /** Problems about the folder as a whole; each file's own problems are in files[].problems. */
  problems: { file?: string; message: string }[];
}

/** Progress over the whole folder, in bytes of the files read so far. */
export interface ImportProgress {
  /** The file being read. */
  file: string;
  bytesDone: number;
  bytesTotal: number;
  /** Rows read so far in this file. */
  rows: number;
}
