import { configDefaults, defineConfig } from 'vitest/config';

/** Scans what every other test file's gateways logged and answered: it must run last. */
const LEAK_SCAN = 'test/no-secrets-anywhere-in-the-suite.test.ts';
/** Reads what every simulator of every other test file found off its own OpenAPI contract: it must run last too. */
const CONTRACT_SCAN = 'test/simulator-contracts-hold-across-the-suite.test.ts';

export default defineConfig({
  // Node resolves `graphql` to its CommonJS build (no "exports" map); Vite would pick the ESM one
  // for our sources. One instance everywhere, as at run time, or schemas cross "realms".
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    // Tests start real servers on free ports; a few seconds each is normal on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One folder where test gateways write their logs and answers (test/support/capture.ts); a Redis
    // for the tests that need one, found or started when REDIS_URL is not set (redis-setup.ts).
    globalSetup: ['test/support/capture-setup.ts', 'test/support/contract-setup.ts', 'test/support/redis-setup.ts'],
    // Two groups: every test file, then (once they have all finished) the leak scan of their captures.
    projects: [
      { extends: true, test: { name: 'gateway', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, LEAK_SCAN, CONTRACT_SCAN], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'leak-scan', include: [LEAK_SCAN, CONTRACT_SCAN], sequence: { groupOrder: 1 } } },
    ],
  },
});
