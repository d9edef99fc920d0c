// checkpoint.inspect: what a checkpoint holds, summarised per process.
import { z } from 'zod';
import { defineSyscall, done } from '../define-syscall.js';
import type { CheckpointView } from '../../kernel/checkpoint/reports.js';
import {
  checkpointIdInput,
  checkpointNeed,
  locateCheckpoint,
  type CheckpointOwner,
} from './checkpoint-target.js';

const input = z.strictObject({ id: checkpointIdInput });

/**
 * `checkpoint.inspect`: the checkpoint and a summary of each captured process. One of the
 * caller's own subtree needs no grant; others (one it took of another subtree too) need `checkpoint:<id>` read.
 * @throws NOT_FOUND, NOT_PERMITTED
 */
export const checkpointInspect = defineSyscall<
  z.infer<typeof input>,
  CheckpointView,
  CheckpointOwner
>({
  name: 'checkpoint.inspect',
  summary: 'Show what a checkpoint holds.',
  input,
  effect: 'none',
  locate: (args, ctx) => locateCheckpoint(args.id, ctx),
  resources: (args, ctx) => checkpointNeed(args.id, 'read', ctx),
  journal: (args) => ({ checkpoint: args.id }),
  async run(args, ctx) {
    return done(await ctx.kernel.checkpoints.inspect(args.id));
  },
});
