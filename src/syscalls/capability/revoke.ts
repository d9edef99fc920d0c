// capability.revoke: revokes a record the caller issued, and everything delegated from it.
import { z } from 'zod';
import { defineSyscall, done } from '../define-syscall.js';
import { capabilityIdInput } from '../schemas.js';

/** Revokes what the caller issued; the cascade reaches every delegated descendant. */
export const capabilityRevoke = defineSyscall({
  name: 'capability.revoke',
  summary: 'Revoke a capability you issued (and everything delegated from it).',
  input: z.object({ id: capabilityIdInput }).strict(),
  resources: () => [],
  effect: 'state',
  journal: (input, output: { revoked: number }) => ({
    revokedId: input.id,
    revoked: output.revoked,
  }),
  run: async (input, ctx) => done({ revoked: await ctx.kernel.revoke(input.id) }),
});
