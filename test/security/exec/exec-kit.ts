// Kit of the exec corpus: a rig whose runtime runs commands in the real bubblewrap sandbox, and the checks every case makes.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, expect } from 'vitest';
import { neededUnderCi } from '../../support/needed-under-ci.js';
import { createCommandSandbox } from '../../../src/sandbox/shell/command-sandbox.js';
import { probeBwrap } from '../../../src/sandbox/shell/probe-bwrap.js';
import { argvResource } from '../../../src/syscalls/shell/argv-resource.js';
import type { ShellRunOutput } from '../../../src/syscalls/shell/run.js';
import {
  createRig,
  expectDeniedAndUntouched,
  expectNoHostPath,
  outcomeEntry,
  type Outcome,
  type Refusal,
  type Rig,
  type RigGrant,
} from '../helpers.js';

const probe = await probeBwrap();

/** Whether bubblewrap makes sandboxes here (always true under CI, which fails otherwise). */
export const hasSandbox = neededUnderCi(
  'the sandbox tests',
  probe.ok ? null : `they need a working bubblewrap (Debian package "bubblewrap"): ${probe.detail}`,
);

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

/**
 * Registers an afterEach that disposes every rig the returned function created in the test, so
 * a test that fails or times out still closes its runtime (which kills any command still running).
 */
export function useSandboxRigs(): () => Promise<Rig> {
  const rigs: Rig[] = [];
  afterEach(async () => {
    const made = rigs.splice(0);
    await Promise.all(made.map((rig) => rig[Symbol.asyncDispose]()));
  });
  return async () => {
    const rig = await createSandboxRig();
    rigs.push(rig);
    return rig;
  };
}

/** Host processes whose command line contains `marker` (read from /proc, never via a shell). */
export function hostProcessesWith(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes(marker)) found.push(Number(name));
  }
  return found;
}

/** The SHA-256 of `content`, as `changes` report it. */
export function sha256Of(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The `shell` resource a refused call names in its denial. */
export function shellResourceOf(argv: readonly string[]): string {
  return `shell:${argvResource(argv)}`;
}

/**
 * Asserts that the `n`th shell.run call ran in the bubblewrap sandbox and was journaled as
 * completed with `expected` (e.g. `{ network: false, changes: [] }`); returns its output.
 */
export async function expectJournaledRun(
  rig: Rig,
  n: number,
  expected: Record<string, unknown> = {},
): Promise<ShellRunOutput> {
  const call = rig.callsOf('shell.run')[n];
  const output = ran(call?.outcome);
  const entry = await journalOf(rig, n);
  expect(entry).toMatchObject({ type: 'syscall.completed', sandbox: 'bwrap', ...expected });
  expect(entry['exitCode']).toBe(output.exitCode);
  expect(entry['stdoutBytes']).toBe(output.stdoutBytes);
  expectNoHostPath(rig, JSON.stringify(entry));
  return output;
}

/**
 * Asserts that the `n`th shell.run call was refused with `refusal` (default NOT_PERMITTED,
 * `syscall.denied`) and that the denial names the command's `shell` resource.
 */
export async function expectShellRefused(
  rig: Rig,
  n: number,
  refusal: Refusal = {},
): Promise<void> {
  const call = rig.callsOf('shell.run')[n];
  if (call === undefined) throw new Error(`no shell.run call #${n}`);
  await expectDeniedAndUntouched(rig, call, refusal);
  if ((refusal.journal ?? 'syscall.denied') === 'syscall.denied') {
    const argv = (call.input as { argv: string[] }).argv;
    expect((await journalOf(rig, n))['resource']).toBe(shellResourceOf(argv));
  }
}
