// Test helpers for the CLI: run `main` in-process with captured output, temp workspaces, seeding.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { createManualClock } from '../../src/base/clock.js';
import { createSequentialIdSource, type Pid } from '../../src/base/ids.js';
import type { CliTerminal } from '../../src/cli/cli-io.js';
import { main } from '../../src/cli/main.js';
import { openRuntime } from '../../src/open-runtime.js';
import { defaultDbPath } from '../../src/state-directory.js';
import type { QuantumBody } from '../../src/runtime/quantum-context.js';

/** What one CLI invocation printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `agent-libos <args>` in-process and captures its output; `now` fixes the CLI's clock (a
 * manual clock at that time) instead of the system clock. No terminal unless `terminal` is given,
 * so commands never prompt. `signal` cancels the command (a test passes its child guard's, so a
 * command that starts child processes, like `demo`, stops them when the test ends).
 */
export async function runCli(
  args: readonly string[],
  options: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    now?: number;
    terminal?: CliTerminal;
    signal?: AbortSignal;
  } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'agent-libos', ...args], {
    io: {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    },
    // The run's state home (vitest sets it) unless a test names its own.
    env: { AGENT_LIBOS_STATE_HOME: process.env.AGENT_LIBOS_STATE_HOME, ...options.env },
    terminal: options.terminal ?? null,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.now === undefined ? {} : { clock: createManualClock(options.now) }),
  });
  return { code, stdout, stderr };
}

/** A temporary workspace directory, removed on dispose. */
export interface TempWorkspace extends AsyncDisposable {
  readonly dir: string;
  /** The default database path inside it. */
  readonly dbPath: string;
}

/** Creates an empty temporary workspace; its default database is in the run's state home. */
export async function createTempWorkspace(): Promise<TempWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'agent-libos-cli-'));
  const dbPath = defaultDbPath(dir, process.env);
  return {
    dir,
    dbPath,
    async [Symbol.asyncDispose]() {
      await rm(dir, { recursive: true, force: true });
      await rm(dirname(dbPath), { recursive: true, force: true });
    },
  };
}

/** The pids of the seeded processes, by name. */
export type SeededPids = Record<
  'parent' | 'kid' | 'greedy' | 'done' | 'victim' | 'broken' | 'fresh',
  Pid
>;

/** Goal of the seeded runnable process: long enough to be cut short in tables. */
export const LONG_GOAL = `Summarise ${'every chapter of the very long book '.repeat(6)}carefully`;

/** Manual clock start for seeded databases (2023-11-14T22:13:20.000Z). */
export const SEED_START = 1_700_000_000_000;

/**
 * Creates the workspace's database with processes in every kind of state: waiting on a child and
 * on a timer, paused over budget, exited, killed, failed and runnable. Uses a manual clock and
 * sequential ids, so pids are `proc_00000001`…
 */
export async function seedProcesses(workspace: string): Promise<SeededPids> {
  const pids: Partial<SeededPids> = {};
  const body: QuantumBody = async (ctx) => {
    switch (ctx.process.name ?? '') {
      case 'parent': {
        const kid = await ctx.spawn({ imageId: 'base', goal: 'Nap for a while', name: 'kid' });
        pids.kid = kid.pid;
        await ctx.wait([kid.pid]);
        return;
      }
      case 'kid':
        await ctx.sleep(5_000);
        return;
      case 'greedy':
        return; // yields; its one-quantum budget then pauses it
      case 'victim':
        await ctx.sleep(1_000_000);
        return;
      case 'broken':
        await ctx.chdir('../../etc');
        return;
      default:
        await ctx.exit({ answer: 42 });
    }
  };
  const rt = await openRuntime({
    workspace,
    body,
    clock: createManualClock(SEED_START),
    ids: createSequentialIdSource(),
  });
  try {
    pids.parent = (await rt.spawn({ imageId: 'base', goal: 'Coordinate', name: 'parent' })).pid;
    pids.greedy = (
      await rt.spawn({ imageId: 'base', goal: 'Spin', name: 'greedy', budget: { quanta: 1 } })
    ).pid;
    pids.done = (await rt.spawn({ imageId: 'research', goal: 'Answer', name: 'done' })).pid;
    pids.victim = (await rt.spawn({ imageId: 'base', goal: 'Linger', name: 'victim' })).pid;
    pids.broken = (await rt.spawn({ imageId: 'base', goal: 'Escape', name: 'broken' })).pid;
    await rt.run();
    await rt.kill(pids.victim);
    pids.fresh = (await rt.spawn({ imageId: 'base', goal: LONG_GOAL, name: 'fresh' })).pid;
  } finally {
    await rt.close();
  }
  return pids as SeededPids;
}

/** Row counts of the tables commands must never change, read directly from the file. */
export function countRows(dbPath: string): {
  processes: number;
  journal: number;
  messages: number;
} {
  const db = new Database(dbPath, { readonly: true });
  try {
    const count = (table: string): number =>
      db.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck().get() ?? 0;
    return {
      processes: count('processes'),
      journal: count('journal'),
      messages: count('messages'),
    };
  } finally {
    db.close();
  }
}
