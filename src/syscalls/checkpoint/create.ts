// checkpoint.create: capture a process subtree (the caller's own by default).
import { z } from 'zod';
import type { Checkpoint } from '../../kernel/checkpoint/types.js';
import { defineSyscall, done } from '../define-syscall.js';
import { pidInput, shownText } from '../schemas.js';
import { subtreeNeed } from './checkpoint-target.js';

const input = z.strictObject({
  pid: pidInput.optional(),
  name: shownText({ min: 1, max: 200, lines: false }).optional(),
});

/**
 * `checkpoint.create`: captures the subtree of `pid` (default the caller) in one transaction:
 * processes, transcripts, mailboxes, authority and Object Memory by reference. The caller's own
 * subtree needs no grant; another's needs `checkpoint:process/<pid>` create.
 * @throws NOT_FOUND, NOT_PERMITTED, OUT_OF_RANGE
 */
export const checkpointCreate = defineSyscall<z.infer<typeof input>, Checkpoint>({
  name: 'checkpoint.create',
  summary: 'Take a checkpoint of a process subtree (your own by default).',
  input,
  effect: 'state',
  resources: (args, ctx) => subtreeNeed(args.pid ?? ctx.pid, 'create', ctx),
  journal: (_args, output) => ({ checkpoint: output.id, root: output.rootPid }),
  async run(args, ctx) {
    const made = await ctx.kernel.checkpoints.create({
      root: args.pid ?? ctx.pid,
      name: args.name ?? null,
    });
    return done(made);
  },
});
