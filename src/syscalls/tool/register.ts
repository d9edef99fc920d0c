// tool.register: adds the caller's proposed JIT tool to its own tool table; needs `tool:<name> register`.
import { z } from 'zod';
import { proposalObjectName } from '../../kernel/agent/jit-tool.js';
import { privateNamespace } from '../../kernel/object/types.js';
import { defineSyscall, done } from '../define-syscall.js';

/**
 * Registers the JIT tool `name` from the caller's proposal (`tool-proposal.<name>` in its private
 * namespace). Needs `tool:<name> register` (an operator may make it `ask`) and `read` on the
 * proposal object. The table is the caller's own: nothing another process sees changes.
 * @throws NOT_PERMITTED, NOT_FOUND (no proposal), INVALID_INPUT, OUT_OF_RANGE
 */
export const toolRegister = defineSyscall({
  name: 'tool.register',
  summary: 'Register a proposed JIT tool in your own tool table.',
  input: z.strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,47}$/, 'a tool name is lowercase letters, digits and _'),
  }),
  resources: (input, ctx) => [
    { resource: { kind: 'tool', path: input.name }, right: 'register' },
    {
      resource: {
        kind: 'object',
        path: `ns/${privateNamespace(ctx.pid)}/${proposalObjectName(input.name)}`,
      },
      right: 'read',
    },
  ],
  effect: 'state',
  journal: (input, output: { sourceSha256: string }) => ({
    name: input.name,
    sourceSha256: output.sourceSha256,
  }),
  run: async (input, ctx) => {
    const entry = await ctx.kernel.registerTool({ name: input.name });
    return done({
      name: entry.name,
      version: entry.source.version,
      sourceSha256: entry.source.sha256,
    });
  },
});
