// Test support for the fs syscalls: a real temporary workspace beside an "outside" directory, and a hand-built run context.
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSystemClock } from '../../base/clock.js';
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { KernelOps } from '../../ports/kernel-ops.js';
import type { FileChangeLog, FileChangeReport } from '../../ports/file-change-store.js';
import { sha256Hex } from '../../base/hash.js';
import type { SyscallRunContext, SyscallSpec } from '../define-syscall.js';
import { createWorkspaceRoot, type WorkspaceRoot } from './workspace-root.js';

/** A temporary sandbox: `workspace` is the root, `outside` a sibling no fs syscall may reach. */
export interface FsSandbox {
  /** Real path of the temporary directory holding both. */
  readonly base: string;
  readonly workspace: string;
  readonly outside: string;
  /** The kept-open root every call in this sandbox shares, as a runtime's calls share one. */
  readonly root: WorkspaceRoot;
  /** Closes the root and removes everything. */
  dispose(): Promise<void>;
}

/** Creates a fresh sandbox under the OS temp directory. */
export function createFsSandbox(): FsSandbox {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'libos-fs-')));
  const workspace = join(base, 'ws');
  const outside = join(base, 'outside');
  mkdirSync(workspace);
  mkdirSync(outside);
  const root = createWorkspaceRoot(workspace);
  return {
    base,
    workspace,
    outside,
    root,
    dispose: async () => {
      await root.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** A kernel port that fails loudly: fs syscalls must never call it. */
export function createRefusingKernel(): KernelOps {
  return new Proxy({} as KernelOps, {
    get: (_target, property) => () => {
      throw new LibosError('INTERNAL', `the kernel was called (${String(property)})`);
    },
  });
}

/** A file change log kept in memory: what a body kept and recorded, for tests to read. */
export interface MemoryFileLog extends FileChangeLog {
  readonly kept: Map<string, Uint8Array>;
  readonly changes: FileChangeReport[];
}

/** A fresh in-memory file change log. */
export function createMemoryFileLog(): MemoryFileLog {
  const kept = new Map<string, Uint8Array>();
  const changes: FileChangeReport[] = [];
  return {
    kept,
    changes,
    keep: (bytes) => {
      const sha256 = sha256Hex(bytes);
      kept.set(sha256, Uint8Array.from(bytes));
      return Promise.resolve(sha256);
    },
    record: (change) => {
      changes.push(change);
    },
  };
}

/** Options of `runFsSyscall`. */
export interface RunFsOptions {
  readonly cwd?: string;
  readonly signal?: AbortSignal;
  /** Where the body keeps pre-images and records changes (default: a fresh memory log). */
  readonly fileChanges?: FileChangeLog;
}

/**
 * Runs a syscall the way the pipeline would once authority is decided: parse the input, resolve
 * resources, build the context by hand, run the body, and return its value.
 */
export async function runFsSyscall<I, O, L = undefined>(
  spec: SyscallSpec<I, O, L>,
  raw: unknown,
  options: RunFsOptions & { readonly sandbox: FsSandbox },
): Promise<O> {
  const { run, input } = prepareFsSyscall(spec, raw, options);
  return run(input);
}

/**
 * Parses and resolves now, runs later: lets a test change the disk between resolving resources
 * and the body running (the check-then-use race).
 */
export function prepareFsSyscall<I, O, L = undefined>(
  spec: SyscallSpec<I, O, L>,
  raw: unknown,
  options: RunFsOptions & { readonly sandbox: FsSandbox },
): { readonly input: I; readonly ctx: SyscallRunContext; readonly run: (input: I) => Promise<O> } {
  const pid = 'proc_00000001' as Pid;
  const cwd = options.cwd ?? '.';
  const input = spec.input.parse(raw);
  const resources = spec.resources(input, { pid, cwd });
  const ctx: SyscallRunContext = {
    pid,
    cwd,
    workspace: options.sandbox.root,
    signal: options.signal ?? new AbortController().signal,
    clock: createSystemClock(),
    kernel: createRefusingKernel(),
    resources,
    callHash: 'test-call',
    callKey: 'test-call-key',
    idempotencyKey: null,
    fileChanges: options.fileChanges ?? createMemoryFileLog(),
    effectStarted: () => undefined,
  };
  return {
    input,
    ctx,
    run: async (parsed) => {
      const result = await spec.run(parsed, ctx);
      if (result.blocked) throw new LibosError('INTERNAL', `${spec.name} blocked`);
      return result.value;
    },
  };
}

/** Awaits `work` and returns the LibosError it failed with; throws if it succeeded or failed otherwise. */
export async function failureOf(work: Promise<unknown> | (() => unknown)): Promise<LibosError> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    if (error instanceof LibosError) return error;
    throw error;
  }
  throw new Error('expected a LibosError, but the call succeeded');
}

/** True when `error`'s wire form mentions the sandbox or any absolute path. */
export function leaksHostPath(error: LibosError, sandbox: FsSandbox): boolean {
  const text = JSON.stringify(error.toWire());
  return text.includes(sandbox.base) || /(^|[\s:"'(])\/[^\s]/.test(error.message);
}
