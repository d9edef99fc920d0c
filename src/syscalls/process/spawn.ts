// process.spawn: starts a fresh child with no authority but the grants passed explicitly.
import { z } from 'zod';
import { defineSyscall, done } from '../define-syscall.js';
import { goalText, labelText } from '../schemas.js';
import { childFields, toChildSpec } from './child-input.js';

/** Spawns a child; needs `process:spawn spawn`. */
export const processSpawn = defineSyscall({
  name: 'process.spawn',
  summary: 'Spawn a child process from an image with a goal.',
  input: z
    .object({
      imageId: labelText,
      goal: goalText,
      ...childFields,
      /** Names of your JIT tools the child gets; none unless named. */
      tools: z
        .array(z.string().regex(/^[a-z][a-z0-9_]{0,47}$/))
        .max(32)
        .optional(),
    })
    .strict(),
  resources: () => [{ resource: { kind: 'process', path: 'spawn' }, right: 'spawn' }],
  effect: 'state',
  // The goal and input go to a child, which starts with the caller's taint; a rule on
  // `process:spawn` may clear children for less.
  exit: () => ({ kind: 'process', target: 'spawn' }),
  journal: (input, output: { pid: string }) => ({
    child: output.pid,
    imageId: input.imageId,
    ...(input.imageVersion === undefined ? {} : { imageVersion: input.imageVersion }),
    grants: input.grants?.length ?? 0,
  }),
  run: async (input, ctx) => {
    const child = await ctx.kernel.spawn({
      ...toChildSpec(input),
      imageId: input.imageId,
      goal: input.goal,
      ...(input.tools === undefined ? {} : { tools: input.tools }),
    });
    return done({ pid: child.pid });
  },
});
