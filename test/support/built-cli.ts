// Test helper: where the built CLI is, and whether tests that start it may skip (never under CI).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { neededUnderCi } from './needed-under-ci.js';

/** The repository root (the cwd the built CLI runs in). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The command `npx agent-libos` runs: it loads `dist/cli-bundle/`, which `npm test` builds first. */
export const BIN = fileURLToPath(new URL('../../bin/agent-libos.js', import.meta.url));

const isBuilt = existsSync(fileURLToPath(new URL('../../dist/cli-bundle/run.js', import.meta.url)));

/**
 * Whether a suite that starts the built CLI must be skipped: only outside CI, when `dist/` is
 * missing (a bare `vitest run` before any build). Under CI a missing build fails the file
 * (`neededUnderCi`).
 */
export function skipWithoutBuild(suite: string): boolean {
  return !neededUnderCi(
    suite,
    isBuilt ? null : 'dist/ is not built; run `npm run build` (npm test does)',
  );
}
