// capability.delegate: passes a narrowed copy of one of the caller's records to a direct child.
import { z } from 'zod';
import { LibosError } from '../../base/errors.js';
import { parseResource, parseRights } from '../../kernel/capability/resource.js';
import { defineSyscall, done } from '../define-syscall.js';
import { capabilityIdInput, pidInput, resourceInput, rightsInput } from '../schemas.js';

/**
 * Delegates: authority comes from the record itself (held by the caller, delegable, and only
 * narrowed), so no catalog resource is checked here.
 */
export const capabilityDelegate = defineSyscall({
  name: 'capability.delegate',
  summary: 'Delegate a narrowed copy of one of your capabilities to a direct child.',
  input: z
    .object({
      from: capabilityIdInput,
      to: pidInput,
      resource: resourceInput,
      rights: rightsInput,
      expiresInMs: z
        .number()
        .int()
        .min(1)
        .max(365 * 24 * 3600 * 1000)
        .optional(),
      delegable: z.boolean().optional(),
    })
    .strict(),
  resources: () => [],
  effect: 'state',
  journal: (input, output: { capabilityId: string }) => ({
    from: input.from,
    to: input.to,
    delegated: output.capabilityId,
  }),
  run: async (input, ctx) => {
    const pattern = parseResource(input.resource);
    if (!pattern.ok)
      throw new LibosError(
        'INVALID_INPUT',
        `capability.delegate failed: resource: ${pattern.reason}`,
      );
    const rights = parseRights(pattern.value, input.rights);
    if (!rights.ok)
      throw new LibosError('INVALID_INPUT', `capability.delegate failed: rights: ${rights.reason}`);
    const record = await ctx.kernel.delegate({
      from: input.from,
      to: input.to,
      resource: pattern.value,
      rights: rights.value,
      expiresAt: input.expiresInMs === undefined ? null : ctx.clock.now() + input.expiresInMs,
      delegable: input.delegable ?? false,
    });
    return done({ capabilityId: record.id });
  },
});
