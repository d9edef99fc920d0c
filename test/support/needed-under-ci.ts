// Test helper: a suite that needs something from the host may skip it outside CI, never under it.

/**
 * Whether a suite needing `what` can run: true when nothing is `missing`. When something is (the
 * reason in `missing`), it throws under CI (`CI=true`), failing the file with the fix, and
 * elsewhere prints one loud `SKIPPED` line and returns false.
 * @example describe.runIf(neededUnderCi('the sandbox tests', probe.ok ? null : probe.detail))(…)
 */
export function neededUnderCi(
  what: string,
  missing: string | null,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (missing === null) return true;
  if (env['CI'] === 'true') throw new Error(`${what} must run under CI: ${missing}`);
  console.warn(`SKIPPED ${what}: ${missing}`);
  return false;
}
