// sleep: sleeps on a durable timer through clock.sleep (needs `clock:sleep use`).
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Sleeps. */
export const sleep = defineTool({
  name: 'sleep',
  description:
    'Sleep for a number of seconds (survives restarts). Needs the grant clock:sleep=use; without it the call is denied.',
  args: z
    .object({
      seconds: z
        .number()
        .min(0)
        .max(365 * 24 * 3600),
    })
    .strict(),
  run: (args, ctx) => passThrough(ctx, 'clock.sleep', { ms: Math.round(args.seconds * 1000) }),
});
