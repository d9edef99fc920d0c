// checkpoint.fork: a new, isolated subtree from a checkpoint; the original untouched.
import { z } from 'zod';
import type { ForkReport } from '../../kernel/checkpoint/reports.js';
import { defineSyscall, done } from '../define-syscall.js';
import { checkpointIdInput } from './checkpoint-target.js';

const input = z.strictObject({ id: checkpointIdInput });

/**
 * `checkpoint.fork`: makes a copy of the checkpoint's subtree with new pids, in the original
 * root's place in the tree. Needs `checkpoint:<id>` fork.
 * @throws NOT_FOUND, NOT_PERMITTED
 */
export const checkpointFork = defineSyscall<z.infer<typeof input>, ForkReport>({
  name: 'checkpoint.fork',
  summary: 'Fork a new subtree from a checkpoint.',
  input,
  effect: 'state',
  resources: (args) => [{ resource: { kind: 'checkpoint', path: args.id }, right: 'fork' }],
  journal: (args, output) => ({ checkpoint: args.id, root: output.root }),
  async run(args, ctx) {
    return done(await ctx.kernel.checkpoints.fork(args.id));
  },
});
