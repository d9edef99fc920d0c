// signal_agent: pauses, resumes, interrupts or terminates a child through process.signal.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Signals a child. */
export const signalAgent = defineTool({
  name: 'signal_agent',
  description: 'Send pause, resume, interrupt or terminate to one of your child agents.',
  args: z
    .object({
      pid: z.string().min(1),
      signal: z.enum(['pause', 'resume', 'interrupt', 'terminate']),
    })
    .strict(),
  run: (args, ctx) => passThrough(ctx, 'process.signal', { pid: args.pid, signal: args.signal }),
});
