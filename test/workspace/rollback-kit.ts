// Test support for workspace rollback: a temp runtime whose one process runs a list of fs calls, and the rollback ends.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Pid } from '../../src/base/ids.js';
import { isLibosError, type LibosError } from '../../src/base/errors.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';
import { createWorkspaceRoot, type WorkspaceRoot } from '../../src/syscalls/fs/workspace-root.js';
import {
  planFileRollback,
  type FileRollbackPlan,
} from '../../src/runtime/workspace/plan-file-rollback.js';
import {
  rollbackFiles,
  type FileRollbackResult,
} from '../../src/runtime/workspace/rollback-files.js';
import { diffFiles, type FileDiff } from '../../src/runtime/workspace/diff-files.js';

/** One fs call an agent makes. */
export type Call = readonly [name: string, input: Record<string, unknown>];

/** A temp runtime, its workspace root for rollbacks, and what each call of the agent ended in. */
export interface RollbackRig extends AsyncDisposable {
  readonly t: TempRuntime;
  readonly root: WorkspaceRoot;
  /** Runs `calls` as one new process with `fs:**` read, write and delete; returns its pid. */
  runAgent(calls: readonly Call[]): Promise<{ pid: Pid; errors: (LibosError | null)[] }>;
  /** The file change mark now. */
  mark(): Promise<number>;
  plan(pids: readonly Pid[], afterSeq: number): Promise<FileRollbackPlan>;
  rollback(plan: FileRollbackPlan, force: boolean): Promise<FileRollbackResult>;
  diff(plan: FileRollbackPlan): Promise<FileDiff[]>;
  /** Writes workspace files (parents created). */
  put(files: Record<string, string | Uint8Array>): Promise<void>;
  read(path: string): Promise<string>;
  at(path: string): string;
}

/** Creates a rig; dispose it to close everything. */
export async function createRollbackRig(): Promise<RollbackRig> {
  const scripts = new Map<string, readonly Call[]>();
  const results = new Map<string, (LibosError | null)[]>();
  const t = await createTempRuntime({
    body: async (ctx) => {
      const calls = scripts.get(ctx.process.goal) ?? [];
      const errors: (LibosError | null)[] = [];
      for (const [name, input] of calls) {
        try {
          await ctx.syscall(name, input);
          errors.push(null);
        } catch (error) {
          if (!isLibosError(error)) throw error;
          errors.push(error);
        }
      }
      results.set(ctx.process.goal, errors);
      await ctx.exit(null);
    },
  });
  // File changes are kept only while a checkpoint exists: hold one for the rig's whole life.
  const holder = await t.runtime.spawn({ imageId: 'base', goal: 'holder' });
  await t.runtime.checkpoints.create(holder.pid, { name: 'keeps file changes' });
  const root = createWorkspaceRoot(t.workspace);
  const store = () => t.runtime.store;
  const getBlob = (sha256: string) => store().read((r) => r.getBlob(sha256));
  const signal = new AbortController().signal;
  let runs = 0;
  return {
    t,
    root,
    async runAgent(calls) {
      runs += 1;
      const goal = `run-${runs}`;
      scripts.set(goal, calls);
      const { pid } = await t.runtime.spawn({ imageId: 'base', goal });
      await t.runtime.grant({ subject: pid, resource: 'fs:**', rights: 'read,write,delete' });
      await t.runtime.run();
      return { pid, errors: results.get(goal) ?? [] };
    },
    mark: () => store().read((r) => r.fileChangeHighWater()),
    plan: (pids, afterSeq) => store().read((r) => planFileRollback(r, { pids, afterSeq })),
    rollback: (plan, force) => rollbackFiles(root, plan, { force, getBlob, signal }),
    diff: (plan) => diffFiles(root, plan, { getBlob, signal }),
    async put(files) {
      for (const [path, content] of Object.entries(files)) {
        await mkdir(dirname(join(t.workspace, path)), { recursive: true });
        await writeFile(join(t.workspace, path), content);
      }
    },
    read: (path) => readFile(join(t.workspace, path), 'utf8'),
    at: (path) => join(t.workspace, path),
    async [Symbol.asyncDispose]() {
      await root.close();
      await t[Symbol.asyncDispose]();
    },
  };
}
