// The tests StrykerJS runs against each mutant of src/billing (`npm run mutation`): the engine's own tests only.
// The server, app, audit and e2e suites also call derive(), but they start servers, browsers and worker threads,
// which would multiply the run's hours without guarding a rule the engine tests do not already guard.
// (Not mergeConfig over vitest.config.ts: it would append to the include list rather than replace it.)
import { defineConfig } from 'vitest/config';
import base from './vitest.config';

export default defineConfig({
  test: {
    ...base.test,
    include: ['test/billing/**/*.test.ts'],
    // Seconds of 10,000 administrations per mutant; bounded-cost.test.ts guards the same code on small inputs.
    exclude: ['test/billing/bounded-cost-large.test.ts'],
    setupFiles: ['test/billing/mutation-setup.ts'],
  },
});
