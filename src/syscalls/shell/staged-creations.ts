// Carrying what a command created in a recreated writable directory into the workspace, where the grants allow it.
import { createHash } from 'node:crypto';
import { constants, createReadStream, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { ContainedDir } from '../fs/contained-dir.js';
import { openChildDir, openContainedDir } from '../fs/contained.js';
import { openContainedFile } from '../fs/contained-file.js';
import { closeQuietly } from '../fs/descriptor.js';
import { pathError } from '../fs/fs-error.js';
import type { FsErrorContext } from '../fs/fs-error.js';
import type { WorkspaceRoot } from '../fs/workspace-root.js';
import type { PlannedSandbox } from './sandbox-plan.js';
import type { WorkspaceChange } from './workspace-changes.js';

/** Most entries one created tree may hold to be applied. */
export const MAX_APPLIED_ENTRIES = 10_000;

/** A created entry the workspace did not take, and why. */
export interface NotApplied {
  readonly path: string;
  readonly reason: string;
}

/** What applying a command's creations did. */
export interface AppliedCreations {
  readonly created: readonly WorkspaceChange[];
  readonly notApplied: readonly NotApplied[];
}

const CONTEXT: FsErrorContext = { attempted: 'Applying what a command created', path: '.' };

/**
 * For each staged directory of `planned` (a writable directory the sandbox recreated because
 * some of its entries are absent), takes each new top-level entry the command made and copies
 * it into the workspace when every path of it may be created (read and write allowed, nothing
 * reserved, `.git` only where a grant names it), its name is free in the workspace (an absent
 * entry — a denied `.env` — is never overwritten) and it holds only files, directories and
 * symbolic links without set-id bits. The rest is listed as not applied with the reason.
 */
export async function applyStaged(
  root: WorkspaceRoot,
  planned: PlannedSandbox,
): Promise<AppliedCreations> {
  const created: WorkspaceChange[] = [];
  const notApplied: NotApplied[] = [];
  for (const staged of planned.staged) {
    const names = (await fsp.readdir(staged.host).catch(() => [] as string[])).sort();
    for (const name of names) {
      if (staged.bound.has(name)) continue;
      const path = staged.path === '.' ? name : `${staged.path}/${name}`;
      const tree = await inspect(join(staged.host, name), path, planned);
      if (typeof tree === 'string') {
        notApplied.push({ path, reason: tree });
        continue;
      }
      const dir = await openContainedDir(root, staged.path, CONTEXT).catch(() => null);
      if (dir === null) {
        notApplied.push({ path, reason: 'its directory is gone from the workspace' });
        continue;
      }
      try {
        const taken = await fsp.lstat(dir.at(name)).then(
          () => true,
          () => false,
        );
        if (taken) {
          notApplied.push({
            path,
            reason: 'the name exists in the workspace (hidden from the command)',
          });
          continue;
        }
        await copyInto(dir, name, join(staged.host, name));
        created.push(...tree);
      } catch {
        notApplied.push({ path, reason: 'copying it into the workspace failed' });
      } finally {
        await dir.close();
      }
    }
  }
  return { created, notApplied };
}

// The entries of a created tree as changes, or why it may not be applied.
async function inspect(
  host: string,
  path: string,
  planned: PlannedSandbox,
): Promise<WorkspaceChange[] | string> {
  const out: WorkspaceChange[] = [];
  const pending = [{ host, path }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (out.length >= MAX_APPLIED_ENTRIES)
      return `it holds more than ${MAX_APPLIED_ENTRIES} entries`;
    if (!planned.mayCreate(next.path)) return `the process may not write ${next.path}`;
    const stats = await fsp.lstat(next.host);
    if ((stats.mode & 0o6000) !== 0) return `${next.path} has a set-id bit`;
    if (stats.isDirectory()) {
      out.push({ path: next.path, change: 'created', type: 'dir', sha256: null, bytes: null });
      for (const name of await fsp.readdir(next.host))
        pending.push({ host: join(next.host, name), path: `${next.path}/${name}` });
    } else if (stats.isSymbolicLink()) {
      out.push({ path: next.path, change: 'created', type: 'symlink', sha256: null, bytes: null });
    } else if (stats.isFile()) {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(next.host)) hash.update(chunk as Buffer);
      out.push({
        path: next.path,
        change: 'created',
        type: 'file',
        sha256: hash.digest('hex'),
        bytes: stats.size,
      });
    } else {
      return `${next.path} is not a file, directory or link`;
    }
  }
  return out;
}

/**
 * Copies the staged entry `source` to `name` inside `dir` one entry at a time, each made with
 * `O_EXCL`/`mkdir`/`symlink` relative to a verified directory descriptor and never through a
 * path a concurrent writer could re-point (a directory swapped for a link mid-copy is refused,
 * not followed).
 */
async function copyInto(dir: ContainedDir, name: string, source: string): Promise<void> {
  const stats = await fsp.lstat(source);
  const context = { attempted: CONTEXT.attempted, path: dir.child(name) };
  if (stats.isSymbolicLink()) {
    await fsp.symlink(await fsp.readlink(source), dir.at(name));
    return;
  }
  if (stats.isDirectory()) {
    await fsp.mkdir(dir.at(name), { mode: stats.mode & 0o777 });
    const child = await openChildDir(dir, name, context);
    try {
      for (const entry of await fsp.readdir(source))
        await copyInto(child, entry, join(source, entry));
    } finally {
      await child.close();
    }
    return;
  }
  const file = await openContainedFile(dir, name, {
    flags: constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
    mode: stats.mode & 0o777,
    context,
  });
  if (file === null) throw pathError('NOT_PERMITTED', 'vanished while being created', context);
  try {
    let position = 0;
    for await (const chunk of createReadStream(source)) {
      const data = chunk as Buffer;
      for (let done = 0; done < data.length;) {
        const { bytesWritten } = await file.handle.write(data, done, data.length - done, position);
        done += bytesWritten;
        position += bytesWritten;
      }
    }
  } finally {
    await closeQuietly(file.handle);
  }
}
