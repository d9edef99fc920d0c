// receive_messages: reads the mailbox through process.receive, optionally waiting.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Receives messages. */
export const receiveMessages = defineTool({
  name: 'receive_messages',
  description: 'Read messages sent to you; with wait: true, wait until one arrives.',
  args: z.object({ wait: z.boolean().optional() }).strict(),
  run: (args, ctx) => passThrough(ctx, 'process.receive', { wait: args.wait ?? false }),
});
