// Test helper: kills every child process a test started once the test ends, whether it passed, failed or timed out.
import type { ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';
import { killAndWait } from './kill-and-wait.js';

/** What a suite registers its children with. */
export interface ChildGuard {
  /** Registers `child` (returned as is) to be killed with SIGKILL when the current test ends. */
  track<T extends ChildProcess>(child: T): T;
  /**
   * Aborted when the current test ends: pass it to code that starts and stops children itself
   * (the CLI's `demo`, `spawn(…, { signal })`), so they die with a test that failed or timed out.
   */
  readonly signal: AbortSignal;
}

/**
 * Registers an afterEach hook that aborts the current test's signal and SIGKILLs every child the
 * test tracked, waiting until each has exited. Vitest runs afterEach hooks after a failure and
 * after a timeout too (the timed-out body is abandoned, never awaited), so no child outlives its
 * test; `child-guard.test.ts` proves it.
 * @example
 * const guard = useChildGuard();
 * it('…', async () => { const child = guard.track(spawn(process.execPath, [script])); … });
 */
export function useChildGuard(): ChildGuard {
  const children = new Set<ChildProcess>();
  let controller = new AbortController();
  afterEach(async () => {
    controller.abort();
    controller = new AbortController();
    const tracked = [...children];
    children.clear();
    await Promise.all(tracked.map(killAndWait));
  });
  return {
    track(child) {
      children.add(child);
      return child;
    },
    get signal() {
      return controller.signal;
    },
  };
}
