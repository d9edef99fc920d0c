// register_tool: adds a proposed JIT tool to the caller's own tool table through tool.register.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Registers a proposal; needs `tool:<name> register` (which an operator may set to ask). */
export const registerTool = defineTool({
  name: 'register_tool',
  description:
    'Register your proposed tool: from your next turn it is in your tool table (and your forks’).',
  args: z.object({ name: z.string().min(1) }).strict(),
  run: (args, ctx) => passThrough(ctx, 'tool.register', { name: args.name }),
});
