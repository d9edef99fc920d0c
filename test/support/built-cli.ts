// Test helper: where the built CLI is, and whether tests that start it may skip (never under CI).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (the cwd the built CLI runs in). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The command `npx agent-libos` runs: it loads `dist/cli-bundle/`, which `npm test` builds first. */
export const BIN = fileURLToPath(new URL('../../bin/agent-libos.js', import.meta.url));

const isBuilt = existsSync(fileURLToPath(new URL('../../dist/cli-bundle/run.js', import.meta.url)));

/**
 * Whether a suite that starts the built CLI must be skipped: only outside CI, when `dist/` is
 * missing (a bare `vitest run` before any build), with one loud line saying so. Under CI
 * (`CI=true`) it never skips: a missing build throws here, failing the file with the fix.
 */
export function skipWithoutBuild(suite: string): boolean {
  if (isBuilt) return false;
  if (process.env.CI === 'true')
    throw new Error(`${suite} needs the built CLI, and dist/ is missing: run \`npm run build\``);
  console.warn(`SKIPPED ${suite}: dist/ is not built; run \`npm run build\` (npm test does)`);
  return true;
}
