import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts', 'models/**/*.test.ts', 'e2e/reference-server/**/*.test.ts'],
    environment: 'node',
    // Two cores on CI: forks isolate native modules (better-sqlite3, onnxruntime) per file.
    pool: 'forks',
    testTimeout: 20_000,
  },
});
