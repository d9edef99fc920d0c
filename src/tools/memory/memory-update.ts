// memory_update: writes a new version of an object through object.update (compare-and-set).
import { z } from 'zod';
import type { Json } from '../../base/canonical-json.js';
import { defineTool } from '../define-tool.js';
import { stripUndefined } from './memory-read.js';

/**
 * Updates an object. With `expectedVersion` a stale version fails with VERSION_CONFLICT; without
 * it the tool reads the latest version first (one object.read) and updates that.
 */
export const memoryUpdate = defineTool({
  name: 'memory_update',
  description:
    'Write a new version of an object; pass the version you read as expectedVersion to detect concurrent changes.',
  args: z
    .object({
      name: z.string().min(1).optional(),
      id: z.string().min(1).optional(),
      namespace: z.string().min(1).optional(),
      content: z.union([z.string(), z.json()]),
      expectedVersion: z.number().int().min(1).optional(),
    })
    .strict()
    .refine((a) => (a.name === undefined) !== (a.id === undefined), {
      message: 'give exactly one of name or id',
    }),
  run: async (args, ctx) => {
    const target = stripUndefined({ name: args.name, id: args.id, namespace: args.namespace });
    let expectedVersion = args.expectedVersion;
    if (expectedVersion === undefined) {
      const read = await ctx.syscall('object.read', target, { part: 'read' });
      if (read.blocked) return read;
      expectedVersion = (read.value as { latestVersion: number }).latestVersion;
    }
    const update = await ctx.syscall(
      'object.update',
      { ...target, content: args.content, expectedVersion },
      { part: 'update' },
    );
    return update.blocked ? update : { blocked: false, value: update.value as Json };
  },
});
