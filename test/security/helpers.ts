// Kit of the security corpus: a real runtime with a directory outside its workspace, a recorder of syscall outcomes, and the denial assertions.
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Json } from '../../src/base/canonical-json.js';
import { isLibosError, type ErrorCode, type WireError } from '../../src/base/errors.js';
import type { Pid } from '../../src/base/ids.js';
import type { PermissionDecision } from '../../src/kernel/approval/types.js';
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import type { GrantInput } from '../../src/runtime/authority/capability-ops.js';
import type { QuantumContext } from '../../src/runtime/quantum-context.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { BUILTIN_SYSCALLS } from '../../src/runtime/syscall-table.js';
import type { AnySyscall } from '../../src/syscalls/define-syscall.js';
import type { CommandRunner } from '../../src/ports/command-runner.js';
import type { McpClients } from '../../src/ports/mcp-client.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';

/** What one syscall invocation returned to the calling process. */
export type Outcome =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'blocked' }
  | { readonly kind: 'error'; readonly error: WireError };

/** One recorded invocation, with the journal position it started after. */
export interface CallRecord {
  readonly pid: Pid;
  readonly syscall: string;
  readonly input: unknown;
  readonly outcome: Outcome;
  /** The highest journal seq before the call: its outcome entry comes after it. */
  readonly afterSeq: number;
  /** The call's id: its outcome entry names it. */
  readonly callId: string;
}

/** A quantum step; `turn` counts the quanta this process has run its script in, from 0. */
export type Script = (ctx: QuantumContext, turn: number) => Promise<void>;

/** A grant made by the operator before the run (the subject is filled in). */
export type RigGrant = Omit<GrantInput, 'subject'>;

/** A runtime under attack: its workspace, an outside directory holding a secret, and a recorder. */
export interface Rig extends AsyncDisposable {
  readonly t: TempRuntime;
  readonly runtime: Runtime;
  readonly workspace: string;
  /** A sibling of the workspace (same file system, so hard links work) holding `secret.txt`. */
  readonly outside: string;
  readonly calls: CallRecord[];
  /**
   * Registers the script of processes whose goal is `goal`. After the step (unless it blocked or
   * exited itself) the process exits, or with `then: 'park'` waits for a message that never comes:
   * a parent that exited would take its children with it.
   */
  script(goal: string, step: Script, options?: { then?: 'exit' | 'park' }): void;
  /** Invokes a syscall through `ctx.syscall` (the one door) and records what came back. */
  call(ctx: QuantumContext, name: string, input: unknown): Promise<Outcome>;
  /** Spawns a process as the operator and grants it `grants`. */
  spawn(goal: string, options?: { parentPid?: Pid; grants?: readonly RigGrant[] }): Promise<Pid>;
  /** Runs quanta until nothing is runnable (bounded, so a runaway script cannot hang a test). */
  run(): Promise<void>;
  /** Every recorded call of `syscall` (optionally of one process). */
  callsOf(syscall: string, pid?: Pid): CallRecord[];
}

/** A script that does nothing (its process then exits or parks). */
export const idle = (): Promise<void> => Promise.resolve();

/** The secret planted outside the workspace. */
export const OUTSIDE_SECRET = 'outside secret';

/** Options for a rig. */
export interface RigOptions {
  /** Replaces or adds syscalls (by name) in the runtime's table, e.g. to widen a race window. */
  readonly syscalls?: readonly AnySyscall[];
  /** The runtime's command runner (`shell.run`); absent: commands are refused. */
  readonly commands?: CommandRunner;
  /** The runtime's MCP clients (`mcp.*`); absent: MCP calls are refused. */
  readonly mcp?: McpClients;
}

/** Creates a rig; dispose it (`await using`) to close the runtime and remove every file. */
export async function createRig(options: RigOptions = {}): Promise<Rig> {
  const scripts = new Map<string, { step: Script; then: 'exit' | 'park' }>();
  const calls: CallRecord[] = [];
  const turns = new Map<Pid, number>();
  const table = new Map<string, AnySyscall>(BUILTIN_SYSCALLS.map((s) => [s.name, s]));
  for (const spec of options.syscalls ?? []) table.set(spec.name, spec);
  const t = await createTempRuntime({
    syscalls: [...table.values()],
    maxInFlight: 4,
    ...(options.commands === undefined ? {} : { commands: options.commands }),
    ...(options.mcp === undefined ? {} : { mcp: options.mcp }),
    body: async (ctx) => {
      const entry = scripts.get(ctx.process.goal);
      if (entry === undefined) {
        await ctx.exit(null);
        return;
      }
      const turn = turns.get(ctx.pid) ?? 0;
      turns.set(ctx.pid, turn + 1);
      await entry.step(ctx, turn);
      if (ctx.ended !== null) return;
      if (entry.then === 'exit') await ctx.exit(null);
      else while (!(await ctx.receive({ wait: true })).blocked);
    },
  });
  const outside = join(t.dir, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), OUTSIDE_SECRET);
  const headSeq = async (): Promise<number> => {
    const heads = await t.runtime.store.read((r) => r.journalHeads());
    return heads.reduce((max, h) => Math.max(max, h.seq), 0);
  };
  const rig: Rig = {
    t,
    get runtime() {
      return t.runtime;
    },
    workspace: t.workspace,
    outside,
    calls,
    script(goal, step, scriptOptions = {}) {
      scripts.set(goal, { step, then: scriptOptions.then ?? 'exit' });
    },
    async call(ctx, name, input) {
      const afterSeq = await headSeq();
      const callId = `rig-call-${calls.length + 1}`;
      let outcome: Outcome;
      try {
        const result = await ctx.syscall(name, input, { callId });
        outcome = result.blocked ? { kind: 'blocked' } : { kind: 'value', value: result.value };
      } catch (error) {
        if (!isLibosError(error)) throw error;
        outcome = { kind: 'error', error: error.toWire() };
      }
      calls.push({ pid: ctx.pid, syscall: name, input, outcome, afterSeq, callId });
      return outcome;
    },
    async spawn(goal, spawnOptions = {}) {
      const process = await t.runtime.spawn({
        imageId: 'base',
        goal,
        ...(spawnOptions.parentPid === undefined ? {} : { parentPid: spawnOptions.parentPid }),
      });
      for (const grant of spawnOptions.grants ?? [])
        await t.runtime.grant({ ...grant, subject: process.pid });
      return process.pid;
    },
    async run() {
      const report = await t.runtime.run({ maxQuanta: 500 });
      expect(report.stoppedBy).toBe('idle');
    },
    callsOf(syscall, pid) {
      return calls.filter((c) => c.syscall === syscall && (pid === undefined || c.pid === pid));
    },
    async [Symbol.asyncDispose]() {
      await t[Symbol.asyncDispose]();
    },
  };
  return rig;
}

const OUTCOME_TYPES = ['syscall.completed', 'syscall.denied', 'syscall.failed'];

/**
 * The journal entry that ended `call`: the first outcome entry of its process after it began
 * that names its call id (the outcome of an earlier read may be written with a later command).
 */
export async function outcomeEntry(rig: Rig, call: CallRecord): Promise<JournalEntry | undefined> {
  const entries = await rig.runtime.journal({ afterSeq: call.afterSeq, pid: call.pid, limit: 500 });
  return entries.find((e) => OUTCOME_TYPES.includes(e.type) && e.data['callId'] === call.callId);
}

/** The only recorded call of `syscall` (optionally of one process); fails when there is not exactly one. */
export function onlyCall(rig: Rig, syscall: string, pid?: Pid): CallRecord {
  const found = rig.callsOf(syscall, pid);
  expect(found, `recorded calls of ${syscall}`).toHaveLength(1);
  return found[0] as CallRecord;
}

/** What a refused call must look like. */
export interface Refusal {
  /** The stable code the process must see (default NOT_PERMITTED). */
  readonly code?: ErrorCode;
  /**
   * The journal type that must end the call (default `syscall.denied`). Only refusals that the
   * runtime classes as caller errors (malformed input, an id the caller does not hold) are
   * journaled as `syscall.failed`; each such case says why.
   */
  readonly journal?: 'syscall.denied' | 'syscall.failed';
  /** Pids the message may name (those the caller itself put in its input). */
  readonly mayName?: readonly string[];
  /** Checks that the effect did not happen (on disk or in the store). */
  readonly untouched?: () => unknown;
}

/**
 * Asserts a refusal end to end: the process saw the stable code, the message and details hold no
 * host path, foreign pid or exception text, the journal ended exactly this call with the expected
 * type naming the syscall and code, and the effect did not happen.
 */
export async function expectDeniedAndUntouched(
  rig: Rig,
  call: CallRecord,
  refusal: Refusal = {},
): Promise<void> {
  const code = refusal.code ?? 'NOT_PERMITTED';
  expect(call.outcome.kind, `${call.syscall} should have been refused`).toBe('error');
  if (call.outcome.kind !== 'error') return;
  expect(call.outcome.error.code).toBe(code);
  expectNoLeak(rig, call.outcome.error, { mayName: [call.pid, ...(refusal.mayName ?? [])] });
  const entry = await outcomeEntry(rig, call);
  expect(entry?.type, `journal outcome of ${call.syscall}`).toBe(
    refusal.journal ?? 'syscall.denied',
  );
  expect(entry?.data).toMatchObject({ syscall: call.syscall, code });
  expectNoHostPath(rig, JSON.stringify(entry?.data));
  await refusal.untouched?.();
}

/** Asserts that `error` carries no host path, no pid but those allowed, and no exception text. */
export function expectNoLeak(
  rig: Rig,
  error: WireError,
  options: { readonly mayName: readonly string[] },
): void {
  const text = `${error.message}\n${JSON.stringify(error.details)}`;
  expectNoHostPath(rig, text);
  const pids = text.match(/proc_[0-9a-z]+/g) ?? [];
  for (const pid of pids)
    expect(options.mayName, `pid ${pid} in "${error.message}"`).toContain(pid);
  expect(text).not.toMatch(
    /\bE[A-Z]{3,}\b|Error:|TypeError|SqliteError|SQLITE_|\bat .+:\d+:\d+|node:internal/,
  );
}

/** Asserts that `text` names no host path: no temp dir, no workspace, no outside dir, no /proc. */
export function expectNoHostPath(rig: Rig, text: string): void {
  for (const host of [rig.t.dir, rig.workspace, rig.outside, tmpdir(), '/tmp', '/proc/', '/etc/'])
    expect(text, 'host path in an error or journal entry').not.toContain(host);
}

/** A snapshot of a directory tree (names, types and file contents), to prove nothing changed. */
export function snapshotTree(dir: string): Json {
  const out: Record<string, Json> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stats = lstatSync(path);
    if (stats.isSymbolicLink()) out[name] = 'symlink';
    else if (stats.isDirectory()) out[name] = snapshotTree(path);
    else out[name] = readFileSync(path, 'utf8');
  }
  return out;
}

/** Asserts the outside directory still holds exactly the planted secret. */
export function expectOutsideUntouched(rig: Rig): void {
  expect(snapshotTree(rig.outside)).toEqual({ 'secret.txt': OUTSIDE_SECRET });
}

/** Whether `path` exists in the workspace (without following a final link). */
export function existsInWorkspace(rig: Rig, path: string): boolean {
  try {
    lstatSync(join(rig.workspace, path));
    return true;
  } catch {
    return false;
  }
}

/** Reads a workspace file, or null when it does not exist. */
export function readWorkspace(rig: Rig, path: string): string | null {
  const full = join(rig.workspace, path);
  return existsSync(full) ? readFileSync(full, 'utf8') : null;
}

/** Writes workspace files (creating parent directories). */
export function plant(rig: Rig, files: Readonly<Record<string, string>>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(rig.workspace, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, content);
  }
}

/** Capability records of `pid` (live only unless asked). */
export async function recordsOf(
  rig: Rig,
  pid: Pid,
  options: { includeRevoked?: boolean } = {},
): ReturnType<Runtime['capabilities']> {
  return rig.runtime.capabilities({
    subject: pid,
    limit: 1000,
    includeRevoked: options.includeRevoked ?? false,
  });
}

/** Every human request, in any state. */
export async function allRequests(rig: Rig): ReturnType<Runtime['requests']> {
  return rig.runtime.requests({
    states: ['pending', 'answered', 'expired', 'cancelled'],
    limit: 1000,
  });
}

/** Children of `pid`. */
export async function childrenOf(rig: Rig, pid: Pid): Promise<Pid[]> {
  const all = await rig.runtime.list({ limit: 1000 });
  return all.filter((p) => p.parentPid === pid).map((p) => p.pid);
}

/** Decides the one pending human request as the operator and returns its id. */
export async function decidePending(rig: Rig, decision: PermissionDecision): Promise<string> {
  const pending = await rig.runtime.requests();
  expect(pending, 'pending requests').toHaveLength(1);
  const id = pending[0]!.id;
  await rig.runtime.decide(id, { decision });
  return id;
}
