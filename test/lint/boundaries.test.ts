// The import boundaries in eslint.config.js, checked against the imports they exist to stop (and the ones the
// code relies on today), so a loosened pattern fails here rather than in a bundle or a review.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The boundary messages ESLint gives for `source` placed at `file` (a path relative to the repository). */
async function boundaryErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = [x];\n`, { filePath: `${root}/${file}` });
  return result!.messages
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

const cases: Array<[file: string, source: string, allowed: boolean]> = [
  // The engine: pure, catalog types only.
  ['src/billing/example.ts', "import x from 'big.js';", true],
  ['src/billing/example.ts', "import type { CatalogIndex as x } from '../catalog/catalog-index';", true],
  ['src/billing/example.ts', "import { normalizeNdc as x } from '../catalog/ndc';", false],
  ['src/billing/example.ts', "import { derive as x } from './derive';", true],
  ['src/billing/example.ts', "import { App as x } from '../ui/App';", false],
  ['src/billing/example.ts', "import { loadConfig as x } from '../config/load';", false],
  ['src/billing/example.ts', "import { createApp as x } from '../../server/app';", false],
  ['src/billing/example.ts', "import { main as x } from '../cli';", false],
  ['src/billing/example.ts', "import { readFile as x } from 'node:fs/promises';", false],
  ['src/billing/example.ts', "import { z as x } from 'zod';", false],
  ['src/billing/example.ts', "import x from 'fhirclient';", false],
  // The catalog: no door, but files and spreadsheets are its business.
  ['src/catalog/example.ts', "import { readFile as x } from 'node:fs/promises';", true],
  ['src/catalog/import/example.ts', "import x from 'exceljs';", true],
  ['src/catalog/example.ts', "import { deriveCommand as x } from '../cli/derive-command';", false],
  ['src/catalog/import/example.ts', "import { auditExport as x } from '../../audit/audit-export';", false],
  // The catalog modules the page loads.
  ['src/catalog/ndc.ts', "import { readFile as x } from 'node:fs/promises';", false],
  ['src/catalog/entries-for.ts', "import { loadCatalog as x } from './load';", false],
  ['src/catalog/entries-for.ts', "import { normalizeNdc as x } from './ndc';", true],
  // Browser code and what it imports.
  ['src/ui/Example.tsx', "import { z as x } from 'zod';", false],
  ['src/ui/Example.tsx', "import x from 'exceljs';", false],
  ['src/ui/Example.tsx', "import { createReference as x } from '@medplum/core';", false],
  ['src/ui/Example.tsx', "import x from 'fs';", false],
  ['src/fhir/example.ts', "import { randomUUID as x } from 'node:crypto';", false],
  ['src/ui/Example.tsx', "import type { SmartConfig as x } from '../config/smart-config';", true],
  ['src/ui/Example.tsx', "import { parseSmartConfig as x } from '../config/smart-config';", false],
  ['src/ui/Example.tsx', "import { loadCatalog as x } from '../catalog/load';", false],
  ['src/ui/Example.tsx', "import { catalogOfAnswer as x } from '../catalog/entries-for';", true],
  ['src/ui/Example.tsx', "import { derive as x } from '../billing';", true],
  // Outside the engine, the engine only through its index.
  ['src/ui/Example.tsx', "import { derive as x } from '../billing/derive';", false],
  ['src/cli/example.ts', "import type { Finding as x } from '../billing/types';", false],
  ['server/api/example.ts', "import { derive as x } from '../../src/billing/derive';", false],
  ['server/api/example.ts', "import { derive as x } from '../../src/billing';", true],
  ['scripts/example.ts', "import { NDC_SYSTEM as x } from '../src/billing/identify';", false],
  ['src/ui/Example.tsx', "import { createApp as x } from '../../server/app';", false],
  ['src/main.tsx', "import { loadConfig as x } from './config/load';", false],
  ['launch/example.ts', "import { STARTER as x } from '../src/catalog/starter';", false],
  ['launch/example.ts', "import { fetchConfig as x } from '../src/ui/app-server';", true],
  ['launch/example.ts', "import { main as x } from '../src/cli';", false],
];

describe('import boundaries (eslint.config.js)', () => {
  it.each(cases)('%s: %s -> allowed %s', async (file, source, allowed) => {
    const errors = await boundaryErrors(file, source);
    if (allowed) expect(errors).toEqual([]);
    else expect(errors.length).toBeGreaterThan(0);
  });
});
