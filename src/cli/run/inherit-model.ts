// A child agent runs on its parent's model unless it was given one.
import type { QuantumBody } from '../../runtime/quantum-context.js';

/**
 * Wraps the agent body so a process with no remembered model first takes its parent's (the model
 * `run --model` chose for the root, or `resume --model` set), remembered under its own lease. So
 * a child spawned before a crash still finds a model when `resume` is given none.
 */
export function inheritParentModel(body: QuantumBody): QuantumBody {
  return async (ctx) => {
    const parent = ctx.process.parentPid;
    if (parent !== null) {
      const own = await ctx.store.read((reader) => reader.getSetting(ctx.pid, 'model'));
      if (own === undefined) {
        const inherited = await ctx.store.read((reader) => reader.getSetting(parent, 'model'));
        if (typeof inherited === 'string') await ctx.record({ settings: { model: inherited } });
      }
    }
    await body(ctx);
  };
}
