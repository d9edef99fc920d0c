// Kit of the exec corpus: a rig whose runtime runs commands in the real bubblewrap sandbox, and the checks every case makes.
import { expect } from 'vitest';
import { createCommandSandbox } from '../../../src/sandbox/shell/command-sandbox.js';
import { probeBwrap } from '../../../src/sandbox/shell/probe-bwrap.js';
import type { ShellRunOutput } from '../../../src/syscalls/shell/run.js';
import { createRig, outcomeEntry, type Outcome, type Rig, type RigGrant } from '../helpers.js';

const probe = await probeBwrap();
if (!probe.ok) {
  if (process.env['CI'] === 'true')
    throw new Error(`bubblewrap is required under CI for the sandbox tests: ${probe.detail}`);
  console.warn(
    `SKIPPED: sandbox tests need a working bubblewrap (Debian package "bubblewrap"): ${probe.detail}`,
  );
}

/** Whether bubblewrap makes sandboxes here (always true under CI, which fails otherwise). */
export const hasSandbox = probe.ok;

/** A rig whose runtime runs `shell.run` in the bubblewrap sandbox. */
export function createSandboxRig(): Promise<Rig> {
  return createRig({ commands: createCommandSandbox({ workspace: '', unsandboxed: false }) });
}

/** Spawns one process with `grants`, has it run each argv, and returns the outcomes in order. */
export async function runCommands(
  rig: Rig,
  grants: readonly RigGrant[],
  commands: readonly (
    readonly string[] | { readonly argv: readonly string[]; readonly [key: string]: unknown }
  )[],
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const goal = `commands-${rig.calls.length}-${commands.length}`;
  rig.script(goal, async (ctx) => {
    for (const command of commands) {
      const input = Array.isArray(command) ? { argv: command } : command;
      outcomes.push(await rig.call(ctx, 'shell.run', input));
    }
  });
  await rig.spawn(goal, { grants });
  await rig.run();
  return outcomes;
}

/** The output of a command that ran (fails the test for an error). */
export function ran(outcome: Outcome | undefined): ShellRunOutput {
  expect(outcome?.kind, JSON.stringify(outcome)).toBe('value');
  return (outcome as { value: ShellRunOutput }).value;
}

/** The journal data of the `n`th recorded shell.run call. */
export async function journalOf(rig: Rig, n = 0): Promise<Record<string, unknown>> {
  const call = rig.callsOf('shell.run')[n];
  if (call === undefined) throw new Error(`no shell.run call #${n}`);
  const entry = await outcomeEntry(rig, call);
  expect(entry, 'the call has an outcome entry').toBeDefined();
  return { type: entry?.type, ...(entry?.data as Record<string, unknown>) };
}
