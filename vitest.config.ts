import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // `npm run coverage` only (not `npm test`): V8's own counters, mapped back to the TypeScript sources.
    coverage: {
      provider: 'v8',
      include: ['src/**', 'server/**', 'launch/**'],
      exclude: ['test/**', 'src/app/index.html', 'launch/index.html', '**/*.css'],
      reporter: ['text-summary', 'text', 'html', 'json-summary'],
      reportsDirectory: 'coverage',
      // A failing test still leaves the figures for everything else.
      reportOnFailure: true,
    },
  },
});
