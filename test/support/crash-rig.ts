// Test helper: a temp directory with a database path and a workspace for suites that SIGKILL a real child runtime.
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { Runtime } from '../../src/runtime/runtime.js';
import { killAndWait } from './kill-and-wait.js';

/** The per-test paths and the children and runtimes to clean up. */
export interface CrashRig {
  db: string;
  workspace: string;
  readonly children: Set<ChildProcess>;
  readonly runtimes: Runtime[];
}

/**
 * Registers beforeEach/afterEach hooks that give each test a fresh temp dir (`runtime.db` and a
 * `workspace/`), and afterwards SIGKILL every child still alive, close every runtime and delete
 * the directory.
 */
export function useCrashRig(prefix: string): CrashRig {
  let dir = '';
  const rig: CrashRig = { db: '', workspace: '', children: new Set(), runtimes: [] };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
    rig.db = join(dir, 'runtime.db');
    rig.workspace = join(dir, 'workspace');
    await mkdir(rig.workspace);
  });
  afterEach(async () => {
    await Promise.all([...rig.children].map(killAndWait));
    rig.children.clear();
    await Promise.all(rig.runtimes.splice(0).map((rt) => rt.close()));
    await rm(dir, { recursive: true, force: true });
  });
  return rig;
}
