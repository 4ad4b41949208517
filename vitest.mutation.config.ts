// The tests StrykerJS runs against each mutant of src/billing (`npm run mutation`): the engine's own tests only.
// The server, app, audit and e2e suites also call derive(), but they start servers, browsers and worker threads,
// which would multiply the run's hours without guarding a rule the engine tests do not already guard.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ['test/billing/**/*.test.ts'],
    },
  }),
);
