import { defineConfig } from 'vitest/config';

/**
 * The console's browser tests (`npm run test:browser`): the real app in-process, driven through Debian's
 * Chromium. One file at a time, since each starts a browser on a machine shared with other work.
 */
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
