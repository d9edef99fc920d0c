// send_message: messages the parent, a child or yourself through process.send.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Sends a message. */
export const sendMessage = defineTool({
  name: 'send_message',
  description:
    'Send a message to your parent, a child agent or yourself; interrupt preempts the receiver.',
  args: z
    .object({ to: z.string().min(1), body: z.json(), interrupt: z.boolean().optional() })
    .strict(),
  run: (args, ctx) =>
    passThrough(ctx, 'process.send', {
      to: args.to,
      body: args.body,
      ...(args.interrupt === undefined ? {} : { interrupt: args.interrupt }),
    }),
});
