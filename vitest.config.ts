// Three projects, one command (npm test). Unit tests are pure and fast; integration and browser
// tests run against the real LiveKit server that test/global-livekit.ts starts once per run,
// one file at a time (2-core machines; one shared LiveKit; the webhook port is fixed).
// A fourth, `cluster` (npm run test:cluster), starts its own Redis, Postgres, LiveKit nodes and
// Caucus processes per file (test/cluster.ts): infra/test.ts runs it only when asked.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'server/src/**/*.test.ts', 'client/src/**/*.test.ts', 'infra/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['server/test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'server/test/cluster/**', 'bench/cluster-smoke.test.ts'],
          globalSetup: ['test/global-livekit.ts'],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['test/global-livekit.ts', 'test/global-client-build.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'cluster',
          include: ['server/test/cluster/**/*.test.ts', 'bench/cluster-smoke.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
