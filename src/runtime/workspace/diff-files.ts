// Showing a rollback plan as unified diffs: each file as it was at the mark against the disk now.
import { throwIfAborted } from '../../base/abort.js';
import { decodeUtf8 } from '../../base/decode-utf8.js';
import type { WorkspaceRoot } from '../../syscalls/fs/workspace-root.js';
import type { FileRollbackEntry, FileRollbackPlan } from './plan-file-rollback.js';
import { unifiedDiff } from '../unified-diff.js';
import { readFileState, type DiskState } from './read-file-state.js';

/** Largest side shown as a diff (1 MiB); a larger file gets a one-line note. */
export const MAX_DIFF_BYTES = 1024 * 1024;

/** One path of a plan compared with the disk. */
export interface FileDiff {
  readonly path: string;
  /**
   * `modified`, `added` (no file at the mark, one now), `deleted` (a file at the mark, none now),
   * `unchanged` (the same bytes), or `unavailable` (something a rollback would not touch is
   * there now, or the mark's bytes were not kept).
   */
  readonly status: 'modified' | 'added' | 'deleted' | 'unchanged' | 'unavailable';
  /**
   * The unified diff from the mark (`a/<path>`, `/dev/null` when absent) to the disk
   * (`b/<path>`); or one line when it cannot be shown: `Binary files a/x and b/x differ`,
   * too large, not kept, a link. Empty when unchanged.
   */
  readonly diff: string;
}

/**
 * Compares every path of `plan` as it was at the mark (the pre-image blob) with what the disk
 * holds now, read through the fs containment code (links are named, never followed).
 * @throws CANCELLED when `signal` fires between paths.
 */
export async function diffFiles(
  root: WorkspaceRoot,
  plan: FileRollbackPlan,
  options: {
    readonly getBlob: (sha256: string) => Promise<Uint8Array | undefined>;
    readonly signal: AbortSignal;
  },
): Promise<FileDiff[]> {
  const diffs: FileDiff[] = [];
  for (const entry of plan.entries) {
    throwIfAborted(options.signal, 'Comparing files');
    const disk = await readFileState(root, entry.path, {
      signal: options.signal,
      maxBytes: MAX_DIFF_BYTES,
    });
    diffs.push(await diffOne(entry, disk, options));
  }
  return diffs;
}

async function diffOne(
  entry: FileRollbackEntry,
  disk: DiskState,
  options: { readonly getBlob: (sha256: string) => Promise<Uint8Array | undefined> },
): Promise<FileDiff> {
  const { path, before } = entry;
  const line = (status: FileDiff['status'], text: string): FileDiff => ({
    path,
    status,
    diff: `${text}\n`,
  });
  if (disk.kind === 'refused')
    return line('unavailable', `${path}: now a ${disk.reason}, not compared`);
  const found = disk.kind === 'file' ? disk.sha256 : null;
  if (found === before.sha256) return { path, status: 'unchanged', diff: '' };
  const status = before.sha256 === null ? 'added' : found === null ? 'deleted' : 'modified';
  let old: Uint8Array = new Uint8Array();
  if (before.sha256 !== null) {
    if (!before.kept) return line('unavailable', `${path}: the checkpoint's version was not kept`);
    const bytes = await options.getBlob(before.sha256);
    if (bytes === undefined)
      return line('unavailable', `${path}: the checkpoint's version is missing`);
    old = bytes;
  }
  const now = disk.kind === 'file' ? disk.bytes : new Uint8Array();
  const from = before.sha256 === null ? '/dev/null' : `a/${path}`;
  const to = found === null ? '/dev/null' : `b/${path}`;
  if (now === null || old.byteLength > MAX_DIFF_BYTES)
    return line(status, `Files ${from} and ${to} differ (too large to show)`);
  const oldText = decodeUtf8(old);
  const nowText = decodeUtf8(now);
  if (oldText === null || nowText === null)
    return line(status, `Binary files ${from} and ${to} differ`);
  const diff = unifiedDiff({ from, to }, oldText, nowText);
  return diff === undefined
    ? line(status, `Files ${from} and ${to} differ (too many changes to show)`)
    : { path, status, diff };
}
