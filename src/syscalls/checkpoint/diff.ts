// checkpoint.diff: what changed from a checkpoint to another, or to now.
import { z } from 'zod';
import { defineSyscall, done } from '../define-syscall.js';
import type { ManifestDiff } from '../../kernel/checkpoint/diff-manifests.js';
import {
  checkpointIdInput,
  checkpointNeed,
  locateCheckpoint,
  type CheckpointOwner,
} from './checkpoint-target.js';

const input = z.strictObject({ from: checkpointIdInput, to: checkpointIdInput.optional() });

interface Located {
  readonly from: CheckpointOwner;
  readonly to: CheckpointOwner;
}

/**
 * `checkpoint.diff`: processes, records, objects and requests that differ from checkpoint `from`
 * to `to` (of the same subtree), or to the subtree now. Needs read on each (see inspect).
 * @throws NOT_FOUND, NOT_PERMITTED, INVALID_INPUT (different subtrees)
 */
export const checkpointDiff = defineSyscall<z.infer<typeof input>, ManifestDiff, Located>({
  name: 'checkpoint.diff',
  summary: 'Compare a checkpoint with another of the same subtree, or with now.',
  input,
  effect: 'none',
  locate: async (args, ctx) => ({
    from: await locateCheckpoint(args.from, ctx),
    to: args.to === undefined ? null : await locateCheckpoint(args.to, ctx),
  }),
  resources: (args, ctx) => [
    ...checkpointNeed(args.from, 'read', { ...ctx, located: ctx.located?.from ?? null }),
    ...(args.to === undefined
      ? []
      : checkpointNeed(args.to, 'read', { ...ctx, located: ctx.located?.to ?? null })),
  ],
  journal: (args) => ({ from: args.from, to: args.to ?? null }),
  async run(args, ctx) {
    return done(await ctx.kernel.checkpoints.diff(args.from, args.to));
  },
});
