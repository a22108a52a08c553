import { defineConfig } from 'vitest/config';

// Two projects: fast in-process tests (unit + integration against real databases) and browser
// journeys that drive the built app in Debian's Chromium.
export default defineConfig({
  test: {
    // Vitest's default on 2 cores is one worker; the integration tests spend much of their time waiting
    // on PostgreSQL, so two keep both cores busy. The browser journeys run after them (groupOrder),
    // one file at a time, so they do not share the machine with the unit tests.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/server/src/**/*.test.ts',
            'apps/server/bench/**/*.test.ts',
            'apps/web/src/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          pool: 'forks',
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
