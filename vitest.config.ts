import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/plainSummaryReporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          // Projects run one after another: browsers and WebRTC peers need the two cores to themselves.
          sequence: { groupOrder: 0 },
          include: ['shared/src/**/*.test.ts', 'server/src/**/*.test.ts', 'client/src/**/*.test.ts'],
          setupFiles: ['tests/support/isolatedState.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['tests/integration/**/*.test.ts', 'tests/fuzz/**/*.test.ts'],
          globalSetup: ['tests/support/globalSetup.ts'],
          setupFiles: ['tests/support/isolatedState.ts', 'tests/support/freshRedis.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Real processes on two shared cores: what is bound to happen may take seconds, not vitest's default one.
          expect: { poll: { timeout: 10_000 } },
          // Each file starts its own server on real Redis and real mediasoup workers.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/globalSetup.ts', 'tests/support/e2eSetup.ts'],
          setupFiles: ['tests/support/isolatedState.ts', 'tests/support/freshRedis.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          expect: { poll: { timeout: 10_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
