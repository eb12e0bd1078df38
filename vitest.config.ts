import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e and integration tests start real servers and browsers; keep the 2-core machine calm.
    maxWorkers: 2,
    globalSetup: ['tests/support/globalSetup.ts'],
    // Stops the throw-away PostgreSQL cluster a test file started (the hub's PostgreSQL store).
    setupFiles: ['tests/support/pgTeardown.ts'],
  },
});
