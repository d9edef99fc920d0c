// Fixture of the fetch crash test: the quantum body that fetches its goal (a URL), then exits.
import type { QuantumBody } from '../../src/runtime/quantum-context.js';

/** Fetches `ctx.process.goal` with a long deadline, then exits with the status. */
export function fetchOnceBody(): QuantumBody {
  return async (ctx) => {
    const result = await ctx.syscall('net.fetch', { url: ctx.process.goal, timeoutMs: 120_000 });
    if (result.blocked) return;
    await ctx.exit((result.value as { status: number }).status);
  };
}
