import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts', 'models/**/*.test.ts', 'e2e/reference-server/**/*.test.ts'],
    environment: 'node',
    // Two cores on CI: forks isolate native modules (better-sqlite3, onnxruntime) per file.
    pool: 'forks',
    // Vitest's default is one worker less than the cores: one fork on a 2-core CI machine, which
    // left a core idle while tests waited on sockets, ptys and child processes. Both cores: the
    // suite must pass on a loaded machine anyway (issue 12).
    maxWorkers: 2,
    // Ceilings for a broken build, not estimates: on a shared, loaded 2-core machine a 10 s
    // recording test has taken 17 s, and a limit close to that fails good code.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
