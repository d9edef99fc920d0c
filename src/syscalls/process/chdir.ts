// process.chdir: changes the caller's working directory; needs `fs:<dir> read`.
import { z } from 'zod';
import { LibosError } from '../../base/errors.js';
import { resolveCwd } from '../../kernel/process/resolve-cwd.js';
import { defineSyscall, done } from '../define-syscall.js';

/** Changes directory (resolved from the current one, kept inside the workspace). */
export const processChdir = defineSyscall({
  name: 'process.chdir',
  summary: 'Change your working directory.',
  input: z.object({ path: z.string().min(1).max(4096) }).strict(),
  resources: (input, ctx) => {
    const cwd = resolveCwd(ctx.cwd, input.path);
    if (cwd === null)
      throw new LibosError(
        'NOT_PERMITTED',
        'process.chdir was denied: the path leaves the workspace',
      );
    return [{ resource: { kind: 'fs', path: cwd }, right: 'read' }];
  },
  effect: 'state',
  journal: (_input, output: { cwd: string }) => ({ cwd: output.cwd }),
  run: async (input, ctx) => done({ cwd: await ctx.kernel.chdir(input.path) }),
});
