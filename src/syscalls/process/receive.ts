// process.receive: reads the caller's own mailbox, optionally waiting; needs no grant.
import { z } from 'zod';
import { defineSyscall } from '../define-syscall.js';
import { pidInput } from '../schemas.js';

/** Receives messages; with `wait` and an empty mailbox the process waits. */
export const processReceive = defineSyscall({
  name: 'process.receive',
  summary: 'Read messages from your mailbox, optionally waiting for one.',
  input: z
    .object({
      wait: z.boolean().optional(),
      from: z
        .array(z.union([pidInput, z.literal('operator')]))
        .max(16)
        .optional(),
      limit: z.number().int().min(1).max(100).optional(),
    })
    .strict(),
  resources: () => [],
  effect: 'none',
  journal: (_input, output: readonly { id: string }[]) => ({ messages: output.map((m) => m.id) }),
  run: (input, ctx) =>
    ctx.kernel.receive({
      wait: input.wait ?? false,
      filter: input.from === undefined ? {} : { from: input.from },
      limit: input.limit ?? 16,
      key: ctx.callKey,
    }),
});
