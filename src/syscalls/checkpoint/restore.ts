// checkpoint.restore: put a subtree back as a checkpoint captured it (never from inside it).
import { z } from 'zod';
import type { RestoreReport } from '../../kernel/checkpoint/reports.js';
import { defineSyscall, done } from '../define-syscall.js';
import { checkpointIdInput } from './checkpoint-target.js';

const input = z.strictObject({ id: checkpointIdInput });

/**
 * `checkpoint.restore`: restores the checkpoint's subtree in place; refused while any quantum of
 * that subtree runs, so a process cannot restore its own subtree. Needs `checkpoint:<id>` restore.
 * @throws NOT_FOUND, NOT_PERMITTED, ILLEGAL_TRANSITION
 */
export const checkpointRestore = defineSyscall<z.infer<typeof input>, RestoreReport>({
  name: 'checkpoint.restore',
  summary: 'Restore a subtree (not your own) to a checkpoint.',
  input,
  effect: 'state',
  resources: (args) => [{ resource: { kind: 'checkpoint', path: args.id }, right: 'restore' }],
  journal: (args, output) => ({
    checkpoint: args.id,
    restored: output.restored.length,
    killed: output.killed.length,
    external: output.external.length,
  }),
  async run(args, ctx) {
    return done(await ctx.kernel.checkpoints.restore(args.id));
  },
});
