// What a command changed in the workspace: a before/after scan of the paths its sandbox could write.
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { descriptorPath } from '../fs/descriptor.js';
import { lstatPaced, readdirPaced } from './stat-many.js';

/** Most entries one scan records; past it the scan says it is incomplete. */
export const MAX_SCANNED_ENTRIES = 100_000;
/** Most changes a result lists (the total is always counted). */
export const MAX_LISTED_CHANGES = 200;
/** Files up to this size are hashed after a change (larger ones are listed without a hash). */
const MAX_HASHED_BYTES = 64 * 1024 * 1024;

/** A path a command created, modified or deleted. */
export interface WorkspaceChange {
  readonly path: string;
  readonly change: 'created' | 'modified' | 'deleted';
  readonly type: 'file' | 'dir' | 'symlink' | 'other';
  /** SHA-256 of a regular file's content after the command; null otherwise. */
  readonly sha256: string | null;
  readonly bytes: number | null;
}

/** The changes of one command. */
export interface WorkspaceChanges {
  /** At most MAX_LISTED_CHANGES, in path order. */
  readonly listed: readonly WorkspaceChange[];
  readonly total: number;
  /** A scan hit MAX_SCANNED_ENTRIES: changes past it may be missing. */
  readonly incomplete: boolean;
}

/** A writable bind: its workspace path and the descriptor it was bound from. */
export interface WritableBind {
  readonly path: string;
  readonly handle: FileHandle;
}

interface Seen {
  readonly type: WorkspaceChange['type'];
  /** Identity and change time: equal signatures mean an unchanged entry. */
  readonly signature: string;
  readonly size: number;
}

/** A snapshot of the writable binds, by workspace path. */
export interface Scan {
  readonly seen: ReadonlyMap<string, Seen>;
  readonly incomplete: boolean;
}

/**
 * Records every entry under the writable binds (no link followed; read through the bound
 * descriptors, so the scan sees exactly what the sandbox could change).
 */
export async function scanWritable(binds: readonly WritableBind[]): Promise<Scan> {
  const seen = new Map<string, Seen>();
  let incomplete = false;
  const record = (path: string, stats: Stats): void => {
    seen.set(path, {
      type: typeOf(stats),
      signature: `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.mode}`,
      size: stats.size,
    });
  };
  for (const bind of binds) {
    const base = descriptorPath(bind.handle);
    // stat, not lstat: the /proc/self/fd link is followed to the bound file or directory itself.
    const stats = await fsp.stat(base).catch(() => null);
    if (stats === null) continue;
    if (!stats.isDirectory()) {
      record(bind.path, stats);
      continue;
    }
    const pending: { host: string; path: string }[] = [{ host: base, path: bind.path }];
    for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
      // Paced synchronous calls (see `lstatPaced`): a tree has tens of thousands of entries.
      const names = await readdirPaced(dir.host);
      if (seen.size + names.length > MAX_SCANNED_ENTRIES) {
        incomplete = true;
        break;
      }
      for (const { name } of names) {
        const host = `${dir.host}/${name}`;
        const path = dir.path === '.' ? name : `${dir.path}/${name}`;
        const stats = await lstatPaced(host);
        if (stats === null) continue;
        record(path, stats);
        if (stats.isDirectory()) pending.push({ host, path });
      }
    }
  }
  return { seen, incomplete };
}

/**
 * Compares two scans and hashes the regular files created or modified (read through the binds
 * again, never following a link).
 */
export async function diffScans(
  before: Scan,
  after: Scan,
  binds: readonly WritableBind[],
): Promise<WorkspaceChanges> {
  const changes: { path: string; change: WorkspaceChange['change']; seen: Seen }[] = [];
  for (const [path, now] of after.seen) {
    const was = before.seen.get(path);
    if (was === undefined) changes.push({ path, change: 'created', seen: now });
    else if (was.signature !== now.signature) changes.push({ path, change: 'modified', seen: now });
  }
  for (const [path, was] of before.seen)
    if (!after.seen.has(path)) changes.push({ path, change: 'deleted', seen: was });
  changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const listed: WorkspaceChange[] = [];
  for (const c of changes.slice(0, MAX_LISTED_CHANGES)) {
    const isFile = c.seen.type === 'file' && c.change !== 'deleted';
    const sha256 = isFile && c.seen.size <= MAX_HASHED_BYTES ? await hashAt(binds, c.path) : null;
    listed.push({
      path: c.path,
      change: c.change,
      type: c.seen.type,
      sha256,
      bytes: c.seen.type === 'file' && c.change !== 'deleted' ? c.seen.size : null,
    });
  }
  return { listed, total: changes.length, incomplete: before.incomplete || after.incomplete };
}

// The host path of workspace `path` through the bind that holds it; `follow` when it is the bind's
// own descriptor link, which must be followed to reach the bound file.
function hostPathOf(
  binds: readonly WritableBind[],
  path: string,
): { readonly host: string; readonly follow: boolean } | null {
  for (const bind of binds) {
    const base = descriptorPath(bind.handle);
    if (bind.path === path) return { host: base, follow: true };
    if (bind.path === '.') return { host: `${base}/${path}`, follow: false };
    if (path.startsWith(`${bind.path}/`))
      return { host: `${base}/${path.slice(bind.path.length + 1)}`, follow: false };
  }
  return null;
}

async function hashAt(binds: readonly WritableBind[], path: string): Promise<string | null> {
  const at = hostPathOf(binds, path);
  if (at === null) return null;
  try {
    const stats = await (at.follow ? fsp.stat(at.host) : fsp.lstat(at.host));
    if (!stats.isFile()) return null;
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(at.host)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return null;
  }
}

function typeOf(stats: Stats): WorkspaceChange['type'] {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'dir';
  if (stats.isSymbolicLink()) return 'symlink';
  return 'other';
}
