// Builds the recovery benchmark's database: real spawns and quanta for realistic process states,
// then the journal padded to size with syscall-shaped entries appended in large transactions.
import { mkdirSync } from 'node:fs';
import type { Pid } from '../../src/base/ids.js';
import type { JournalDraft } from '../../src/kernel/journal/entry.js';
import { openRuntime } from '../../src/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { GOALS, workloadBody } from './workload-body.js';

/** Sizes of the database to build. */
export interface RecoveryDbSize {
  readonly processes: number;
  readonly entries: number;
}

/** Children per root: 2 exit, 2 sleep, 2 receive, 3 work (the root works too). */
const CHILD_GOALS = [
  GOALS.exit,
  GOALS.sleep,
  GOALS.receive,
  GOALS.work,
  GOALS.work,
  GOALS.sleep,
  GOALS.receive,
  GOALS.work,
  GOALS.exit,
] as const;
const TREE = CHILD_GOALS.length + 1;
const SPAWN_IN_FLIGHT = 64;
const APPEND_BATCH = 5_000;
/** One working process in this many is paused by the operator. */
const PAUSE_EVERY = 20;

/**
 * Creates the database at `db`: `size.processes` processes in trees of ten (20% exited, 20% waiting
 * on a day-long timer, 20% waiting for a message, about 38% runnable, 2% paused), each having run
 * one real quantum, then journal entries appended until the journal holds `size.entries`.
 */
export async function buildRecoveryDb(
  db: string,
  options: { workspace: string; size: RecoveryDbSize; log: (line: string) => void },
): Promise<void> {
  const { size, log } = options;
  mkdirSync(options.workspace, { recursive: true });
  const rt = await openRuntime({
    db,
    workspace: options.workspace,
    body: workloadBody({ workMs: 0 }),
  });
  try {
    const roots = Math.ceil(size.processes / TREE);
    const rootPids = await spawnAll(rt, roots, () => ({ goal: GOALS.work }));
    const working: Pid[] = [...rootPids];
    const childPids = await spawnAll(rt, size.processes - roots, (i) => {
      const goal = CHILD_GOALS[i % CHILD_GOALS.length] ?? GOALS.work;
      const parentPid = rootPids[Math.floor(i / CHILD_GOALS.length) % roots];
      return { goal, ...(parentPid === undefined ? {} : { parentPid }) };
    });
    childPids.forEach((pid, i) => {
      if (CHILD_GOALS[i % CHILD_GOALS.length] === GOALS.work) working.push(pid);
    });
    log(`reopen-after-kill: one quantum for each of ${size.processes} processes`);
    await rt.run({ maxQuanta: size.processes });
    for (let i = 0; i < working.length; i += PAUSE_EVERY) {
      const pid = working[i];
      if (pid !== undefined) await rt.signal(pid, 'pause');
    }
    await padJournal(rt, { pids: working, entries: size.entries, log });
  } finally {
    await rt.close();
  }
}

async function spawnAll(
  rt: Runtime,
  count: number,
  spec: (i: number) => { goal: string; parentPid?: string },
): Promise<Pid[]> {
  const pids: Pid[] = new Array<Pid>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const process = await rt.spawn({ imageId: 'base', ...spec(i) });
      pids[i] = process.pid;
    }
  };
  await Promise.all(Array.from({ length: SPAWN_IN_FLIGHT }, worker));
  return pids;
}

async function padJournal(
  rt: Runtime,
  options: { pids: readonly Pid[]; entries: number; log: (line: string) => void },
): Promise<void> {
  const heads = await rt.store.read((r) => r.journalHeads());
  let seq = Math.max(0, ...heads.map((h) => h.seq));
  let nextReport = 0;
  while (seq < options.entries) {
    const count = Math.min(APPEND_BATCH, options.entries - seq);
    const drafts = Array.from({ length: count }, (_, k) => syscallDraft(seq + k, options.pids));
    await rt.store.transact((tx) => tx.appendJournal(drafts));
    seq += count;
    if (seq >= nextReport) {
      options.log(`reopen-after-kill: journal at ${seq} entries`);
      nextReport += 100_000;
    }
  }
}

/** An entry shaped like what the syscall pipeline journals: ids and small scalars only. */
function syscallDraft(n: number, pids: readonly Pid[]): JournalDraft {
  const pid = pids[n % pids.length] ?? null;
  const actor = pid ?? 'runtime';
  const file = `fs:src/module-${n % 997}.ts`;
  switch (n % 10) {
    case 0:
      return {
        type: 'effect.intended',
        pid,
        actor,
        data: { effect: `eff_${n.toString(36).padStart(12, '0')}`, syscall: 'fs.write' },
      };
    case 1:
      return {
        type: 'effect.settled',
        pid,
        actor,
        data: { effect: `eff_${n.toString(36).padStart(12, '0')}`, outcome: 'committed' },
      };
    default:
      return {
        type: 'syscall.completed',
        pid,
        actor,
        data: {
          syscall: 'fs.read',
          resource: file,
          rights: ['read'],
          capabilityId: `cap_${(n % 4096).toString(36).padStart(12, '0')}`,
        },
      };
  }
}
