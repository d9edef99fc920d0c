// clock.now: reads the runtime clock; needs no grant.
import { z } from 'zod';
import { defineSyscall, done } from '../define-syscall.js';

/** Reads the current time. */
export const clockNow = defineSyscall({
  name: 'clock.now',
  summary: 'Read the current time.',
  input: z.object({}).strict(),
  resources: () => [],
  effect: 'none',
  journal: () => ({}),
  run: (_input, ctx) => {
    const now = ctx.clock.now();
    return Promise.resolve(done({ now, iso: new Date(now).toISOString() }));
  },
});
