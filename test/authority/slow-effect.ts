// Fixture of the intent crash test: a syscall with an external effect that records each start in
// a marker file and tells the parent test over stdout, and the quantum body that calls it.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LibosError } from '../../src/base/errors.js';
import type { QuantumBody } from '../../src/runtime/quantum-context.js';
import { defineSyscall, done, type AnySyscall } from '../../src/syscalls/define-syscall.js';
import { resolveWorkspacePath } from '../../src/syscalls/fs/resolve-path.js';
import { scriptedBody, untilAborted } from '../runtime/scripted-bodies.js';

/** The line the effect prints once it has started (after its intent was committed). */
export const EFFECT_STARTED = 'effect-started';
/** The marker file (workspace-relative) that gets one line per start of the effect. */
export const MARKER = 'effects.log';

const ATTEMPTED = 'Running the slow effect';

/**
 * `test.slowEffect`: appends a line to `path` in the workspace (the effect), prints
 * `effect-started`, then either hangs until its quantum is aborted (`hang`, the child's copy,
 * which is SIGKILLed meanwhile) or returns at once (the parent's copy, so a wrongful replay shows
 * up as a second marker line rather than a hung test).
 */
export function createSlowEffect(options: { hang: boolean }): AnySyscall {
  return defineSyscall({
    name: 'test.slowEffect',
    summary: 'Append a line to a workspace file, report the start, then hang until aborted.',
    input: z.object({ path: z.string().min(1) }).strict(),
    resources: (input, ctx) => [
      {
        resource: resolveWorkspacePath(ctx.cwd, input.path, { attempted: ATTEMPTED }),
        right: 'write',
      },
    ],
    effect: 'external',
    journal: (input) => ({ path: input.path }),
    run: async (input, ctx) => {
      appendFileSync(
        join(ctx.workspace.path, input.path),
        `started by ${ctx.pid} in ${process.pid}\n`,
      );
      process.stdout.write(`${EFFECT_STARTED}\n`);
      if (!options.hang) return done({ started: true });
      await untilAborted(ctx.signal);
      throw new LibosError('CANCELLED', `${ATTEMPTED} was stopped`);
    },
  });
}

/** Goals of the two scenarios. */
export const GOALS = { slow: 'run the slow effect', write: 'write a file' } as const;

/** The body both the child and the reopened parent run: one external effect, then exit. */
export function intentCrashBody(): QuantumBody {
  return scriptedBody({
    [GOALS.slow]: async (ctx) => {
      await ctx.syscall('test.slowEffect', { path: MARKER });
      await ctx.exit('effect done');
    },
    [GOALS.write]: async (ctx) => {
      await ctx.syscall('fs.write', { path: 'out.txt', content: 'hello' });
      await ctx.exit('written');
    },
  });
}
