// Test helper for information-flow suites: processes that run a list of calls, one per quantum step.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isLibosError } from '../../src/base/errors.js';
import type { QuantumBody, QuantumContext } from '../../src/runtime/quantum-context.js';

/** One call a scripted process makes: a syscall name and its input. */
export type Call = readonly [name: string, input: unknown];

/** What each call of a process returned: its value, `blocked`, or the error code it threw. */
export type Outcomes = Map<string, unknown[]>;

/**
 * A body running `scripts[goal]` call by call: a call that blocks is made again when the process
 * runs next (as an agent loop re-issues it), anything else moves to the next call; the process
 * exits after its last. Outcomes are recorded per goal.
 */
export function callScripts(scripts: Record<string, readonly Call[]>): {
  body: QuantumBody;
  outcomes: Outcomes;
} {
  const outcomes: Outcomes = new Map();
  const next = new Map<string, number>();
  const body: QuantumBody = async (ctx: QuantumContext) => {
    const goal = ctx.process.goal;
    const calls = scripts[goal] ?? [];
    const log = outcomes.get(ctx.process.pid) ?? [];
    outcomes.set(ctx.process.pid, log);
    let index = next.get(ctx.process.pid) ?? 0;
    while (index < calls.length) {
      const [name, input] = calls[index] ?? ['', null];
      try {
        const result = await ctx.syscall(name, input);
        if (result.blocked) {
          log.push('blocked');
          next.set(ctx.process.pid, index);
          return;
        }
        log.push(result.value);
      } catch (error) {
        log.push(isLibosError(error) ? error.code : 'non-libos error');
      }
      index += 1;
      next.set(ctx.process.pid, index);
    }
    await ctx.exit(null);
  };
  return { body, outcomes };
}

/** Writes `files` (workspace-relative path → content) into `workspace`. */
export async function writeFiles(
  workspace: string,
  files: Readonly<Record<string, string>>,
): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(workspace, path)), { recursive: true });
    await writeFile(join(workspace, path), content);
  }
}
