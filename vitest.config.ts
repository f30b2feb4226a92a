import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Workspace packages resolve to their TypeScript sources in tests, so no build is needed first.
    conditions: ['@dataspoke/source'],
  },
  ssr: {
    resolve: {
      conditions: ['@dataspoke/source'],
    },
  },
  test: {
    include: ['**/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite and the real PostgreSQL are shared resources on a 2-core machine.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
