// notify_human: leaves a notification for the owner through human.notify.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Notifies the owner. */
export const notifyHuman = defineTool({
  name: 'notify_human',
  description: 'Leave a notification for your human owner (does not wait).',
  args: z.object({ message: z.string().min(1) }).strict(),
  run: (args, ctx) => passThrough(ctx, 'human.notify', { message: args.message }),
});
