// Loaded only by vitest.mutation.config.ts (npm run mutation). A mutant that breaks a property makes fast-check shrink
// the failing case for many seconds, long enough to be cut off as a timeout and to cost a restart of the test process:
// under mutation testing the first failing case is enough, so shrinking is skipped.
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });
