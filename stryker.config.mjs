// Mutation testing of the billing engine (`npm run mutation`; not part of `npm test`): StrykerJS changes src/billing
// one small edit at a time (a < becomes <=, a string empties, a branch is dropped) and runs the engine's tests
// against each change; a change no test notices is a rule no test guards. See docs/testing.md.
import { mkdirSync, symlinkSync, existsSync } from 'node:fs';
import path from 'node:path';

const tempDirName = '.stryker-tmp';
// Stryker runs the tests in a copy of the project at .stryker-tmp/sandbox-XXXX, and some tests read the real files
// beside the worktree through the relative path ../shared/data: a link in the temporary folder keeps that path
// pointing at the same files from inside the copy (they are read, never copied into the repository).
const shared = path.resolve('..', 'shared');
const link = path.join(tempDirName, 'shared');
if (existsSync(shared) && !existsSync(link)) {
  mkdirSync(tempDirName, { recursive: true });
  symlinkSync(shared, link, 'dir');
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['src/billing/**/*.ts'],
  // Each mutant runs only the tests that executed its code in the first, unmutated run.
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) would each need the whole engine suite again: skipped, and counted
  // as ignored in the report, to keep the run within an afternoon on a shared 2-core machine.
  ignoreStatic: true,
  // Two test processes: the machine has two cores shared with other work.
  concurrency: 2,
  // Later runs test again only the mutants whose code or tests changed since the file below was written.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // A mutant that makes a test run far past its normal time (an endless loop) counts as detected after this; kept
  // short because such mutants are common in loops and each one costs the whole wait.
  timeoutMS: 3_000,
  timeoutFactor: 1.5,
  tempDirName,
  cleanTempDir: true,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 80, low: 60, break: null },
};
