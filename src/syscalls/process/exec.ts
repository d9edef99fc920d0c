// process.exec: replaces the caller's image; needs `image:<id> exec`.
import { z } from 'zod';
import { defineSyscall, done } from '../define-syscall.js';
import { goalText, labelText } from '../schemas.js';

/** Executes another image in place (same pid). */
export const processExec = defineSyscall({
  name: 'process.exec',
  summary: 'Replace your image (and optionally your goal), keeping your pid.',
  input: z
    .object({
      imageId: labelText,
      goal: goalText.optional(),
    })
    .strict(),
  resources: (input) => [{ resource: { kind: 'image', path: input.imageId }, right: 'exec' }],
  effect: 'state',
  journal: (input) => ({ imageId: input.imageId }),
  run: async (input, ctx) => {
    await ctx.kernel.exec(
      input.goal === undefined
        ? { imageId: input.imageId }
        : { imageId: input.imageId, goal: input.goal },
    );
    return done({ imageId: input.imageId });
  },
});
