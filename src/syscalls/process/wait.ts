// process.wait: reads how direct children ended, or waits until one does; needs no grant.
import { z } from 'zod';
import { defineSyscall } from '../define-syscall.js';
import { pidInput } from '../schemas.js';

/** Waits on direct children. */
export const processWait = defineSyscall({
  name: 'process.wait',
  summary: 'Wait until one of your direct children has ended, and read how it ended.',
  input: z
    .object({ pids: z.array(pidInput).min(1).max(64), wait: z.boolean().optional() })
    .strict(),
  resources: () => [],
  effect: 'none',
  journal: (_input, output: readonly { pid: string }[]) => ({ ended: output.map((c) => c.pid) }),
  run: (input, ctx) => ctx.kernel.wait(input.pids, { wait: input.wait ?? true }),
});
