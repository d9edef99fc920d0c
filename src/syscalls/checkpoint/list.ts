// checkpoint.list: the checkpoints of a subtree (the caller's own by default).
import { z } from 'zod';
import type { Checkpoint } from '../../kernel/checkpoint/types.js';
import { defineSyscall, done } from '../define-syscall.js';
import { pidInput } from '../schemas.js';
import { checkpointIdInput, subtreeNeed } from './checkpoint-target.js';

const input = z.strictObject({
  pid: pidInput.optional(),
  afterId: checkpointIdInput.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

/**
 * `checkpoint.list`: checkpoints whose root is `pid` (default the caller), by id. The caller's
 * own need no grant; another's need `checkpoint:process/<pid>` read.
 */
export const checkpointList = defineSyscall<z.infer<typeof input>, { checkpoints: Checkpoint[] }>({
  name: 'checkpoint.list',
  summary: 'List the checkpoints of a process subtree (your own by default).',
  input,
  effect: 'none',
  resources: (args, ctx) => subtreeNeed(args.pid ?? ctx.pid, 'read', ctx),
  journal: (_args, output) => ({ count: output.checkpoints.length }),
  async run(args, ctx) {
    const checkpoints = await ctx.kernel.checkpoints.list({
      root: args.pid ?? ctx.pid,
      limit: args.limit,
      ...(args.afterId === undefined ? {} : { afterId: args.afterId }),
    });
    return done({ checkpoints });
  },
});
