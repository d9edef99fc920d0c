// image.register: registers an agent image version; needs `image:<id> register`.
import { z } from 'zod';
import type { AgentImage } from '../../kernel/agent/types.js';
import { defineSyscall, done } from '../define-syscall.js';
import { shownText } from '../schemas.js';

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Registers an image; its requirements are declarations, never grants. */
export const imageRegister = defineSyscall({
  name: 'image.register',
  summary: 'Register a new agent image version (exact tool table, prompt, budget, requirements).',
  input: z
    .object({
      id: shownText({ min: 1, max: 63, lines: false }),
      version: z.number().int().min(1),
      description: z.string().max(2000),
      systemPrompt: z.string().min(1).max(100_000),
      tools: z.array(z.string().min(1)).max(64),
      requirements: z
        .array(
          z.object({ resource: z.string(), rights: z.array(z.string()), why: z.string() }).strict(),
        )
        .max(64),
      defaultBudget: z
        .object({ quanta: count, toolCalls: count, children: count, wallMs: count, tokens: count })
        .partial()
        .strict(),
      defaultModel: z.string().nullable(),
    })
    .strict(),
  resources: (input) => [{ resource: { kind: 'image', path: input.id }, right: 'register' }],
  effect: 'state',
  journal: (input) => ({ imageId: input.id, version: input.version }),
  run: async (input, ctx) => done(await ctx.kernel.registerImage(input as AgentImage)),
});
