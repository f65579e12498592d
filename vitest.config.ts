import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start real servers, databases and browsers: give them room, and keep one file per worker.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Detects Chromium, poppler and Redis once, skips (or, with CI=true, fails) the files that need a missing one,
    // and prints what was skipped at the end. Tests declare their tools with requireTools().
    globalSetup: ['test/support/requirements.ts'],
  },
});
