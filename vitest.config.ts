import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Workspace packages resolve to their TypeScript sources in tests, so no build is needed first.
    conditions: ['@dataspoke/source'],
    // One graphql instance, as under Node: Apollo's CommonJS builds and our sources must share it (vite would
    // otherwise hand our sources graphql's .mjs build, a second realm that Apollo's instanceof checks reject).
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  ssr: {
    resolve: {
      conditions: ['@dataspoke/source'],
    },
  },
  test: {
    // Web component tests (*.test.tsx) choose happy-dom per file with a `// @vitest-environment happy-dom` line.
    include: ['**/src/**/*.test.ts', 'web/src/**/*.test.tsx', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    // Suites that load the demo catalog take a while on a busy 2-core machine.
    hookTimeout: 300_000,
    // PGlite and the real PostgreSQL are shared resources on a 2-core machine.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
