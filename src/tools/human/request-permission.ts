// request_permission: asks the owner for a capability through human.requestPermission.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Requests permission on a resource. */
export const requestPermission = defineTool({
  name: 'request_permission',
  description:
    'Ask your human owner for permission on a resource, e.g. resource "fs:notes/**", rights ["write"].',
  args: z
    .object({
      resource: z.string().min(3),
      rights: z.array(z.string()).min(1),
      reason: z.string().min(1),
    })
    .strict(),
  run: (args, ctx) =>
    passThrough(ctx, 'human.requestPermission', {
      resource: args.resource,
      rights: args.rights,
      reason: args.reason,
    }),
});
