// process.fork: a child that inherits image, goal and cwd, with only the grants passed explicitly.
import { z } from 'zod';
import { defineSyscall, done } from '../define-syscall.js';
import { goalText, labelText } from '../schemas.js';
import { childFields, toChildSpec } from './child-input.js';

/** Forks the caller; needs `process:spawn spawn`. */
export const processFork = defineSyscall({
  name: 'process.fork',
  summary: 'Fork a child that inherits your image, goal and working directory.',
  input: z
    .object({
      imageId: labelText.optional(),
      goal: goalText.optional(),
      ...childFields,
    })
    .strict(),
  resources: () => [{ resource: { kind: 'process', path: 'spawn' }, right: 'spawn' }],
  effect: 'state',
  // The goal and input go to a child, which starts with the caller's taint; a rule on
  // `process:spawn` may clear children for less.
  exit: () => ({ kind: 'process', target: 'spawn' }),
  journal: (input, output: { pid: string }) => ({
    child: output.pid,
    grants: input.grants?.length ?? 0,
  }),
  run: async (input, ctx) => {
    const child = await ctx.kernel.fork(toChildSpec(input));
    return done({ pid: child.pid });
  },
});
