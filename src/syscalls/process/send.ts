// process.send: posts a message to self, the parent or a direct child; needs `process:<pid> message` (and `signal` to interrupt).
import { z } from 'zod';
import { canonicalJson, type Json } from '../../base/canonical-json.js';
import { sha256Hex } from '../../base/hash.js';
import { defineSyscall, done } from '../define-syscall.js';
import { pidInput } from '../schemas.js';

/** Sends a message (an interrupt preempts the receiver). */
export const processSend = defineSyscall({
  name: 'process.send',
  summary: 'Send a message to yourself, your parent or a direct child.',
  input: z.object({ to: pidInput, body: z.json(), interrupt: z.boolean().optional() }).strict(),
  // An interrupt preempts the receiver: it needs the same right as `process.signal interrupt`.
  resources: (input) => [
    { resource: { kind: 'process', path: input.to }, right: 'message' },
    ...(input.interrupt === true
      ? [{ resource: { kind: 'process', path: input.to }, right: 'signal' } as const]
      : []),
  ],
  effect: 'state',
  // The body goes to another process, which then holds the sender's taint; a rule on
  // `process:<pid>` may clear the receiver for less (a message to self goes nowhere).
  exit: (input, ctx) => (input.to === ctx.pid ? null : { kind: 'process', target: input.to }),
  journal: (input, output: { message: string }) => ({
    message: output.message,
    bodySha256: sha256Hex(canonicalJson(input.body)),
  }),
  run: async (input, ctx) =>
    done({
      message: await ctx.kernel.send(input.to, input.body as Json, {
        interrupt: input.interrupt ?? false,
      }),
    }),
});
