// Vitest configuration: unit tests sit beside the code, cross-cutting suites live in test/.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Default state directories (keyed by workspace) go under the temp dir, never the home.
    env: { AGENT_LIBOS_STATE_HOME: join(tmpdir(), `agent-libos-test-state-${process.pid}`) },
    globalSetup: ['test/support/state-home-teardown.ts'],
  },
});
