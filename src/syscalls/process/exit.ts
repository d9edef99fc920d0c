// process.exit: ends the caller with a result; needs no grant.
import { z } from 'zod';
import { canonicalJson } from '../../base/canonical-json.js';
import { sha256Hex } from '../../base/hash.js';
import { defineSyscall, done } from '../define-syscall.js';

/** Exits. */
export const processExit = defineSyscall({
  name: 'process.exit',
  summary: 'End this process with a result.',
  input: z.object({ result: z.json() }).strict(),
  resources: () => [],
  effect: 'none',
  journal: (input) => ({ resultSha256: sha256Hex(canonicalJson(input.result)) }),
  run: async (input, ctx) => {
    await ctx.kernel.exit(input.result);
    return done({ exited: true });
  },
});
