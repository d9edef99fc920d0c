// The quantum body of the recovery workload: what each process does is chosen by its goal.
import { delay } from '../../src/base/abort.js';
import type { OpenRuntimeOptions } from '../../src/open-runtime.js';

/** A quantum body, as `openRuntime` takes it. */
export type Body = NonNullable<OpenRuntimeOptions['body']>;

/** The goals the workload spawns with, and what a quantum of each does. */
export const GOALS = {
  /** Exits at its first quantum. */
  exit: 'exit',
  /** Sleeps on a day-long durable timer. */
  sleep: 'sleep',
  /** Waits for a message that never comes. */
  receive: 'receive',
  /** Does `workMs` of pretend I/O, then yields (stays runnable). */
  work: 'work',
} as const;

const DAY_MS = 24 * 3600 * 1000;

/**
 * A body that acts by goal; `onStart` is told each time a quantum starts (the child uses it to
 * know quanta are in flight before it is killed).
 */
export function workloadBody(options: { workMs: number; onStart?: () => void }): Body {
  return async (ctx) => {
    options.onStart?.();
    switch (ctx.process.goal) {
      case GOALS.exit:
        await ctx.exit({ ok: true });
        return;
      case GOALS.sleep:
        await ctx.sleep(DAY_MS);
        return;
      case GOALS.receive:
        await ctx.receive({ wait: true });
        return;
      default:
        if (options.workMs > 0) await delay(options.workMs, { signal: ctx.signal });
    }
  };
}
