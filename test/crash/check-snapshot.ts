// The crash checks over snapshots: one snapshot on its own (journal verifies, legal rows that agree
// with the journal, one lease per process), and a later snapshot against an earlier one (nothing
// committed was lost, leases of the dead writer expired, its running processes made progress).
import { checkRows } from './check-rows.js';
import type { StoreSnapshot } from './read-snapshot.js';
import { compareWithRows, replayJournal } from './replay-journal.js';

/** Pids that were `running` in `snapshot`, with their fences. */
export function runningPids(snapshot: StoreSnapshot): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of snapshot.processes.values())
    if (row.stateKind === 'running') out.set(row.pid, row.fence);
  return out;
}

/** Everything wrong with one snapshot on its own; empty when it passes. */
export function checkSnapshot(snapshot: StoreSnapshot): string[] {
  const problems: string[] = [];
  const { verification } = snapshot;
  if (!verification.ok)
    problems.push(`journal does not verify at seq ${verification.seq}: ${verification.problem}`);
  else if (verification.entries !== snapshot.journal.length)
    problems.push(`verified ${verification.entries} entries of ${snapshot.journal.length}`);
  const last = snapshot.journal.at(-1);
  const head = snapshot.heads.find((h) => h.stream === last?.stream);
  if (last !== undefined && (head?.seq !== last.seq || head.hash !== last.hash))
    problems.push(`journal head ${JSON.stringify(head)} is not the last entry ${last.seq}`);
  problems.push(...checkRows(snapshot));
  const replay = replayJournal(snapshot.journal);
  problems.push(...replay.problems, ...compareWithRows(replay, snapshot));
  for (const row of snapshot.processes.values()) {
    // The workload never fails, pauses or kills: any of these means a command went wrong.
    if (['failed', 'killed', 'paused'].includes(row.stateKind))
      problems.push(`${row.pid}: the workload should never be ${row.stateKind}: ${row.stateJson}`);
  }
  return problems;
}

/**
 * Checks that `later` (read after the store was opened for writing again) kept everything
 * `earlier` (read right after the kill) had committed: the journal is a continuation of the
 * earlier one, and its next entries are the recovery's `lease.expired` for exactly the processes
 * that were running, then `runtime.recovered`.
 */
export function checkCarriedOver(earlier: StoreSnapshot, later: StoreSnapshot): string[] {
  const problems: string[] = [];
  const before = earlier.journal;
  for (let i = 0; i < before.length; i += 1) {
    const now = later.journal[i];
    const was = before[i];
    if (was !== undefined && (now?.seq !== was.seq || now.hash !== was.hash)) {
      problems.push(`committed entry seq ${was.seq} (${was.type}) was lost or changed on reopen`);
      return problems;
    }
  }
  const running = runningPids(earlier);
  if (running.size === 0) return problems;
  const recovery = later.journal.slice(before.length, before.length + running.size + 1);
  const expired = new Map<string, number>();
  for (const entry of recovery.slice(0, running.size)) {
    if (
      entry.type === 'lease.expired' &&
      entry.pid !== null &&
      typeof entry.data['fence'] === 'number'
    )
      expired.set(entry.pid, entry.data['fence']);
  }
  for (const [pid, fence] of running) {
    if (expired.get(pid) !== fence)
      problems.push(`${pid} was running under fence ${fence} but its lease was not expired first`);
  }
  const recovered = recovery[running.size];
  if (recovered?.type !== 'runtime.recovered' || recovered.data['leases'] !== running.size)
    problems.push(`no runtime.recovered { leases: ${running.size} } after the expired leases`);
  return problems;
}

/**
 * Checks a store opened for writing (recovered) but not yet run against the snapshot taken at the
 * kill: every row is as committed, except that running processes are now runnable under the same
 * fence; every message is as committed.
 */
export function checkRecoveredRows(atKill: StoreSnapshot, recovered: StoreSnapshot): string[] {
  const problems: string[] = [];
  const running = runningPids(atKill);
  for (const [pid, was] of atKill.processes) {
    const now = recovered.processes.get(pid);
    if (now === undefined) {
      problems.push(`${pid}: its committed row is gone after reopening`);
    } else if (running.has(pid)) {
      if (
        now.stateKind !== 'runnable' ||
        now.fence !== was.fence ||
        now.version !== was.version + 1
      )
        problems.push(`${pid}: was running, is ${now.stateKind} v${now.version} after recovery`);
    } else if (now.stateJson !== was.stateJson || now.version !== was.version) {
      problems.push(`${pid}: changed on reopen from ${was.stateJson} to ${now.stateJson}`);
    }
  }
  if (recovered.processes.size !== atKill.processes.size)
    problems.push(
      `${recovered.processes.size} processes after reopening, ${atKill.processes.size} before`,
    );
  for (const [id, was] of atKill.messages) {
    const now = recovered.messages.get(id);
    if (now?.deliveredAt !== was.deliveredAt)
      problems.push(`message ${id}: changed or lost on reopen`);
  }
  if (recovered.messages.size !== atKill.messages.size)
    problems.push(
      `${recovered.messages.size} messages after reopening, ${atKill.messages.size} before`,
    );
  const recoveryEntries = running.size === 0 ? 0 : running.size + 1;
  const added = recovered.journal.length - atKill.journal.length;
  if (added !== recoveryEntries)
    problems.push(`reopening journaled ${added} entries; recovery needs ${recoveryEntries}`);
  return problems;
}

/**
 * Checks the store after the workload ran to the end following recovery: every process exited,
 * and each process whose lease was expired was claimed again under a later fence.
 */
export function checkFinished(
  final: StoreSnapshot,
  options: { wasRunning: ReadonlyMap<string, number>; recoveredAtSeq: number },
): string[] {
  const problems: string[] = [];
  // Runnable first: a process left runnable was never scheduled, the root of a stuck tree.
  const rank = (kind: string): number => (kind === 'runnable' ? 0 : kind === 'waiting' ? 2 : 1);
  const stuck = [...final.processes.values()]
    .filter((row) => row.stateKind !== 'exited')
    .sort((a, b) => rank(a.stateKind) - rank(b.stateKind));
  if (stuck.length > 0) {
    const kinds = new Map<string, number>();
    for (const row of stuck) kinds.set(row.stateKind, (kinds.get(row.stateKind) ?? 0) + 1);
    problems.push(
      `${stuck.length} processes never finished: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}`,
    );
  }
  for (const row of stuck.slice(0, 10))
    problems.push(`${row.pid}: never finished, left ${row.stateKind}: ${row.stateJson}`);
  const rescheduled = new Set<string>();
  for (const entry of final.journal) {
    if (entry.seq > options.recoveredAtSeq && entry.type === 'process.scheduled' && entry.pid)
      rescheduled.add(entry.pid);
  }
  for (const pid of options.wasRunning.keys())
    if (!rescheduled.has(pid))
      problems.push(`${pid}: was running at the kill, never claimed again`);
  return problems;
}
