// ESLint: the recommended rules, plus the import boundaries the design relies on (docs/design.md, "Layout"):
// - the engine (src/billing) is pure: it imports big.js, fhir/r4 types and catalog types, nothing else;
// - the catalog (src/catalog) imports no door (server, CLI, app, FHIR session, audit, configuration);
// - browser code (the app, the launch page and what they import) pulls in no Node built-in, zod, exceljs,
//   medplum or server library, so the page stays small and runs in a browser;
// - outside the engine, the engine is imported from src/billing (its index.ts) only, never from its modules.
// The browser rule is closed under imports: browser files may import values only from browser files, the
// engine, and the catalog files listed in BROWSER_CATALOG, and each of those is held to the same rule.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** The catalog modules the app imports at run time (the rest read files or parse CMS spreadsheets). */
const BROWSER_CATALOG = ['catalog-index', 'entries-for', 'ndc', 'types'];

/** An import path that climbs out of (or stays beside) the importing folder into `src/<one of names>`. */
const into = (names) => `^(\\./|(\\.\\./)+)(src/)?(${names.join('|')})(/|\\.|$)`;

const DOORS = ['server', 'cli', 'ui', 'fhir', 'audit', 'config', 'main', 'launch', 'cds'];

const nodeBuiltins = {
  group: ['node:*', ...builtinModules.filter((name) => !name.startsWith('_'))],
  message: 'Browser code and the engine run in the page: no Node built-ins.',
};
const serverPackages = {
  group: ['zod', 'exceljs', '@medplum/*', 'hono', 'hono/*', '@hono/*', 'cli-progress', 'csv-parse', 'tsx', 'tsx/*'],
  message: 'Server-side package: keep it out of browser code (bundle size, Node-only APIs).',
};

/** What each part may not import; see the top of this file. */
const rules = {
  enginePure: [
    {
      regex: '^(?!\\.{1,2}/|big\\.js$|fhir/r4$)',
      message: 'The engine is pure: it imports big.js and fhir/r4 types only (docs/design.md).',
    },
    { regex: into(DOORS), message: 'The engine imports no door (docs/design.md).' },
    {
      regex: '^\\.\\./catalog(/|$)',
      allowTypeImports: true,
      message: 'The engine takes the catalog as a parameter: import its types only.',
    },
  ],
  catalogNoDoor: [{ regex: into(DOORS), message: 'The catalog imports no door (docs/design.md).' }],
  browserPackages: [nodeBuiltins, serverPackages],
  browserSiblingsInCatalog: [
    {
      regex: `^\\./(?!(${BROWSER_CATALOG.join('|')})$)`,
      allowTypeImports: true,
      message: `This catalog module runs in the page: import values only from ${BROWSER_CATALOG.join(', ')}.`,
    },
  ],
  engineSurface: [
    {
      regex: '^(\\./|(\\.\\./)+)(src/)?billing/',
      message: "Import the engine from its public surface, src/billing (index.ts), not from its modules.",
    },
  ],
  browserReach: [
    {
      regex: into(['server', 'cli', 'audit', 'cds']),
      message: 'Browser code imports no server-side door.',
    },
    {
      regex: into(['config']),
      allowTypeImports: true,
      message: 'The configuration loader uses zod and node:fs: browser code imports its types only.',
    },
    {
      regex: `^(\\./|(\\.\\./)+)(src/)?catalog/(?!(${BROWSER_CATALOG.join('|')})$)`,
      allowTypeImports: true,
      message: `Browser code imports values only from the browser-safe catalog modules (${BROWSER_CATALOG.join(', ')}).`,
    },
  ],
};

/** One rule entry per file set: ESLint does not merge a rule's options across config objects. */
const restrict = (...groups) => ({
  'no-restricted-imports': 'off',
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: groups.flat() }],
});

const browserCatalogFiles = BROWSER_CATALOG.map((name) => `src/catalog/${name}.ts`);

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'artifacts/', 'node_modules/', '.bench-tmp/', 'audit-out/', 'synthetic-export/', '.stryker-tmp/', 'reports/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused names are a type-check error already (tsconfig noUnusedLocals/Parameters), with `_` allowed.
      // Omitting a field by destructuring (`({ claim, ...rest }) => rest`) is the intent, not a leftover.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['src/fhir/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.browser, ...globals.commonjs } },
  },
  // src/catalog/import-command.ts is the CLI's `catalog import` command: a door kept beside what it checks.
  {
    files: ['src/catalog/**'],
    ignores: ['src/catalog/import-command.ts'],
    rules: restrict(rules.catalogNoDoor, rules.engineSurface),
  },
  {
    files: browserCatalogFiles,
    rules: restrict(rules.catalogNoDoor, rules.engineSurface, rules.browserPackages, rules.browserSiblingsInCatalog),
  },
  { files: ['src/billing/**'], rules: restrict(rules.enginePure, rules.browserPackages) },
  {
    files: ['src/ui/**', 'src/fhir/**', 'src/main.tsx', 'src/errors.ts', 'launch/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(rules.browserPackages, rules.browserReach, rules.engineSurface),
  },
  // The other doors. Tests may test the engine's modules one by one.
  {
    files: ['src/cli.ts', 'src/cli/**', 'src/audit/**', 'src/catalog/import-command.ts', 'src/config/**', 'server/**', 'bench/**', 'scripts/**'],
    rules: restrict(rules.engineSurface),
  },
);
