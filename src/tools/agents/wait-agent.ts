// wait_agent: waits until a child agent has ended through process.wait.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Waits on a child. */
export const waitAgent = defineTool({
  name: 'wait_agent',
  description: 'Wait until a child agent has ended and get how it ended (its result).',
  args: z.object({ pid: z.string().min(1) }).strict(),
  run: (args, ctx) => passThrough(ctx, 'process.wait', { pids: [args.pid] }),
});
