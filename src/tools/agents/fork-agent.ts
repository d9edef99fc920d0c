// fork_agent: forks a child of the same image through process.fork.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';
import { grantsArg } from './grants-arg.js';

/** Forks a child with a new goal and explicit grants. */
export const forkAgent = defineTool({
  name: 'fork_agent',
  description:
    'Fork a child agent like yourself with a new goal. It receives only the grants you pass.',
  args: z
    .object({ goal: z.string().min(1), name: z.string().min(1).optional(), grants: grantsArg })
    .strict(),
  run: (args, ctx) =>
    passThrough(ctx, 'process.fork', {
      goal: args.goal,
      ...(args.name === undefined ? {} : { name: args.name }),
      ...(args.grants === undefined ? {} : { grants: args.grants }),
    }),
});
