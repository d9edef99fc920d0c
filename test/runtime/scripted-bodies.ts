// Test helper: a quantum body that dispatches to a per-goal script, one step per quantum.
import type { QuantumBody, QuantumContext } from '../../src/runtime/quantum-context.js';

/** A step of a scripted process; receives the context and the quantum number (0-based). */
export type Step = (ctx: QuantumContext, quantum: number) => Promise<unknown>;

/** Builds a body running `scripts[goal]`; processes with no script exit with null. */
export function scriptedBody(scripts: Record<string, Step>): QuantumBody {
  return async (ctx) => {
    const step = scripts[ctx.process.goal];
    if (step === undefined) {
      await ctx.exit(null);
      return;
    }
    await step(ctx, ctx.process.usage.quanta - 1);
  };
}

/** Resolves when `signal` aborts. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else
      signal.addEventListener(
        'abort',
        () => {
          resolve();
        },
        { once: true },
      );
  });
}
