// clock.sleep: parks the process on a durable timer; needs `clock:sleep use`.
import { z } from 'zod';
import { defineSyscall, done } from '../define-syscall.js';

/** Sleeps on a durable timer; the process waits and its quantum ends. */
export const clockSleep = defineSyscall({
  name: 'clock.sleep',
  summary: 'Sleep for a number of milliseconds on a durable timer.',
  input: z
    .object({
      ms: z
        .number()
        .int()
        .min(0)
        .max(365 * 24 * 3600 * 1000),
    })
    .strict(),
  resources: () => [{ resource: { kind: 'clock', path: 'sleep' }, right: 'use' }],
  effect: 'state',
  journal: (input, output: { wakeAt: number }) => ({ ms: input.ms, wakeAt: output.wakeAt }),
  run: async (input, ctx) => done(await ctx.kernel.sleep(input.ms)),
});
