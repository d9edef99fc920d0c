// checkpoint_create: takes a checkpoint of the caller's own subtree through checkpoint.create.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Checkpoints the caller's subtree. */
export const checkpointCreateTool = defineTool({
  name: 'checkpoint_create',
  description:
    'Take a checkpoint of yourself and your children (state, transcript, memory, mailbox, grants), e.g. before a risky step. An operator can restore it or fork from it.',
  args: z.object({ name: z.string().min(1).max(200).optional() }).strict(),
  run: (args, ctx) =>
    passThrough(ctx, 'checkpoint.create', args.name === undefined ? {} : { name: args.name }),
});
