// The catalog every door uses: the curated starter facts, with the CMS quarter from a folder merged over them
// when one is given. The env var JCODE_CMS_DIR is read by the doors (CLI, server), not here.
import { CatalogIndex } from './catalog-index';
import { assembleCmsEntries } from './import/assemble';
import { importCmsFolder } from './import/folder';
import { mergeOverStarter } from './import/merge';
import { quarterLabel } from './import/quarter';
import type { ImportProgress, ImportReport } from './import/types';
import type { CatalogEntries } from './types';

export { catalogEntriesFor, type CatalogAnswer } from './entries-for';
export { CmsFolderError } from './import/folder';
export type { FileReport, ImportProgress, ImportReport } from './import/types';

export interface LoadedCatalog {
  entries: CatalogEntries;
  index: CatalogIndex;
  report: ImportReport;
}

export interface LoadCatalogOptions {
  /** A folder holding the CMS files of a quarter; without it the catalog is the starter facts alone. */
  cmsDir?: string;
  onProgress?: (progress: ImportProgress) => void;
  /** The facts the quarter is merged over; the curated starter catalog unless a test gives its own. */
  starter?: CatalogEntries;
}

/** Throws CmsFolderError when cmsDir cannot be read; problems inside the folder go into the report. */
export async function loadCatalog(options: LoadCatalogOptions = {}): Promise<LoadedCatalog> {
  // Imported on demand so that tools which only import the CMS files do not load the curated facts.
  const starter = options.starter ?? (await import('./starter')).starterCatalog;
  // Without a quarter of its own, the curated catalog carries the payment limits of the quarter it was checked
  // against (starter-prices.ts); with one, only that quarter's prices count.
  const priced = options.starter ? starter : (await import('./starter-prices')).withStarterPrices(starter);
  if (options.cmsDir === undefined) {
    return loaded(priced, { quarter: starter.quarter, files: [], missing: [], usable: true, problems: [] });
  }
  const folder = await importCmsFolder(options.cmsDir, options.onProgress);
  const { files, missing, usable, problems } = folder;
  if (!files.some((file) => file.used)) {
    return loaded(priced, { quarter: starter.quarter, files, missing, usable, problems });
  }
  const label = folder.quarter ? quarterLabel(folder.quarter) : 'CMS files of an unknown quarter';
  const entries = mergeOverStarter(assembleCmsEntries(folder.tables, label), starter);
  if (folder.tables.pricing) entries.pricing = `CMS ASP payment limits of ${label} (${folder.tables.pricing.file})`;
  return loaded(entries, { quarter: label, files, missing, usable, problems });
}

/** A folder problem as one line of text, for the doors that print it. */
export function problemText(problem: ImportReport['problems'][number]): string {
  return problem.file ? `${problem.file}: ${problem.message}` : problem.message;
}

function loaded(entries: CatalogEntries, report: Omit<ImportReport, 'codes' | 'ndcs' | 'products'>): LoadedCatalog {
  return {
    entries,
    index: new CatalogIndex(entries),
    report: {
      ...report,
      codes: entries.codes.length,
      ndcs: new Set(entries.products.map((product) => product.ndc)).size,
      products: entries.products.length,
    },
  };
}
