// process.signal: pause, resume, interrupt or terminate a direct child; needs `process:<pid> signal`.
import { z } from 'zod';
import { defineSyscall, done } from '../define-syscall.js';
import { pidInput } from '../schemas.js';

/** Signals a direct child. */
export const processSignal = defineSyscall({
  name: 'process.signal',
  summary: 'Send pause, resume, interrupt or terminate to a direct child.',
  input: z
    .object({ pid: pidInput, signal: z.enum(['pause', 'resume', 'interrupt', 'terminate']) })
    .strict(),
  resources: (input) => [{ resource: { kind: 'process', path: input.pid }, right: 'signal' }],
  effect: 'state',
  journal: (input) => ({ target: input.pid, signal: input.signal }),
  run: async (input, ctx) => {
    await ctx.kernel.signalChild(input.pid, input.signal);
    return done({ signalled: input.pid });
  },
});
