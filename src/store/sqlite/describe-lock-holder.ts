// Says who holds a store's writer lock, from the owner the lock file records, and how to free it.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import type { ErrorDetails } from '../../base/errors.js';

/** The lock holder in words, with the fix, and the same facts for `details`. */
export interface LockHolder {
  /** E.g. `process 4242 (running, since 2030-01-01T00:00:00.000Z); wait for it to finish, or stop it …`. */
  readonly text: string;
  readonly details: ErrorDetails;
}

/**
 * Describes the holder of the writer lock kept in `lockPath`. The holder keeps the file under an
 * exclusive lock, so it is read as bytes (file locks are advisory) and opened from memory. Says
 * whether the recorded pid is alive: a live one is the runtime to wait for or stop; a dead one
 * means the lock passed to a process the owner record does not name (one that inherited the
 * open file, or one in another container or PID namespace), which `fuser`/`lsof` on the lock
 * file finds.
 */
export function describeLockHolder(lockPath: string): LockHolder {
  const owner = readOwner(lockPath);
  const find = `find the holder with \`fuser -v ${lockPath}\` or \`lsof ${lockPath}\` and stop it`;
  const pid = Number(owner.get('pid'));
  if (!Number.isSafeInteger(pid) || pid <= 0)
    return { text: `a process that recorded no owner; ${find}`, details: { ownerPid: null } };
  const since = Number(owner.get('since'));
  const iso = Number.isFinite(since) && since > 0 ? new Date(since).toISOString() : undefined;
  const when = iso === undefined ? '' : `, since ${iso}`;
  const host = owner.get('host');
  if (host !== undefined && host !== hostname()) {
    return {
      text: `process ${pid} on host ${host}${when}; stop that runtime there, or wait for it to finish`,
      details: { ownerPid: pid, ownerHost: host, isOwnerAlive: null },
    };
  }
  if (pid === process.pid) {
    return {
      text: `this very process (${pid}${when}), which already has the store open for writing; close that store first`,
      details: { ownerPid: pid, isOwnerAlive: true },
    };
  }
  if (isAlive(pid)) {
    return {
      text: `process ${pid} (running${when}); wait for it to finish, or stop it (kill ${pid}) and try again`,
      details: { ownerPid: pid, isOwnerAlive: true },
    };
  }
  return {
    text: `process ${pid} took it${iso === undefined ? '' : ` at ${iso}`} but is no longer running, so another process holds it now (one that inherited the open lock file, or one in another container or PID namespace); ${find}`,
    details: { ownerPid: pid, isOwnerAlive: false },
  };
}

function readOwner(lockPath: string): Map<string, string> {
  try {
    const db = new Database(readFileSync(lockPath), { readonly: true });
    try {
      const rows = db
        .prepare<[], { key: string; value: string | null }>('SELECT key, value FROM owner')
        .all();
      return new Map(rows.flatMap((r) => (r.value === null ? [] : [[r.key, r.value] as const])));
    } finally {
      db.close();
    }
  } catch {
    return new Map(); // an older lock file with no owner table, or one being written
  }
}

/** Whether a process with `pid` exists here (EPERM: it does, but belongs to another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}
