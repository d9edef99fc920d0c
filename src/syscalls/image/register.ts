// image.register: registers an agent image version; needs `image:<id> register`.
import type { AgentImage } from '../../kernel/agent/types.js';
import { defineSyscall, done } from '../define-syscall.js';
import { imageSchema } from './image-schema.js';

/** Registers an image; its requirements are declarations, never grants. */
export const imageRegister = defineSyscall({
  name: 'image.register',
  summary: 'Register a new agent image version (exact tool table, prompt, budget, requirements).',
  input: imageSchema,
  resources: (input) => [{ resource: { kind: 'image', path: input.id }, right: 'register' }],
  effect: 'state',
  journal: (input) => ({ imageId: input.id, version: input.version }),
  run: async (input, ctx) => done(await ctx.kernel.registerImage(input as AgentImage)),
});
