// spawn_agent: starts a child agent through process.spawn.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';
import { grantsArg } from './grants-arg.js';

/** Spawns a child from an image with a goal and explicit grants. */
export const spawnAgent = defineTool({
  name: 'spawn_agent',
  description:
    'Start a child agent from an image with a goal. It receives only the grants you pass.',
  args: z
    .object({
      image: z.string().min(1),
      goal: z.string().min(1),
      name: z.string().min(1).optional(),
      grants: grantsArg,
      tools: z.array(z.string()).optional().describe('names of your own registered tools to pass'),
    })
    .strict(),
  run: (args, ctx) =>
    passThrough(ctx, 'process.spawn', {
      imageId: args.image,
      goal: args.goal,
      ...(args.name === undefined ? {} : { name: args.name }),
      ...(args.grants === undefined ? {} : { grants: args.grants }),
      ...(args.tools === undefined ? {} : { tools: args.tools }),
    }),
});
