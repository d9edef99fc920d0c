// The current content of a workspace file, for the operator (a diff of what an approval would change).
import { constants } from 'node:fs';
import { LibosError } from '../../base/errors.js';
import { decodeUtf8 } from '../../base/decode-utf8.js';
import { openContainedDir } from './contained.js';
import { openContainedFile } from './contained-file.js';
import { closeQuietly } from './descriptor.js';
import { readBounded } from './file-bytes.js';
import { splitPath } from './resolve-path.js';
import type { WorkspaceRoot } from './workspace-root.js';

/** What the file at a workspace path holds now. */
export type CurrentFile =
  | { readonly state: 'missing' }
  | { readonly state: 'text'; readonly text: string; readonly bytes: number }
  | { readonly state: 'binary'; readonly bytes: number }
  | { readonly state: 'too-large'; readonly bytes: number }
  /** Not a regular file the runtime would write through (a link, a directory, outside): why. */
  | { readonly state: 'unreadable'; readonly reason: string };

/**
 * Reads the workspace file `path` (normalised, workspace-relative) with the same containment as
 * `fs.read`: no link followed, one verified descriptor, at most `maxBytes`.
 */
export async function readCurrentFile(
  root: WorkspaceRoot,
  path: string,
  options: { maxBytes: number; signal: AbortSignal },
): Promise<CurrentFile> {
  const split = splitPath(path);
  if (split === null) return { state: 'unreadable', reason: 'it is the workspace root' };
  const context = { attempted: 'Reading the current file', path };
  try {
    const dir = await openContainedDir(root, split.parent, context);
    try {
      const file = await openContainedFile(dir, split.name, { flags: constants.O_RDONLY, context });
      if (file === null) return { state: 'missing' };
      try {
        const size = file.stats.size;
        if (size > options.maxBytes) return { state: 'too-large', bytes: size };
        const bytes = await readBounded(file.handle, {
          size,
          maxBytes: options.maxBytes,
          signal: options.signal,
          context,
        });
        const text = decodeUtf8(bytes);
        return text === null
          ? { state: 'binary', bytes: bytes.length }
          : { state: 'text', text, bytes: bytes.length };
      } finally {
        await closeQuietly(file.handle);
      }
    } finally {
      await dir.close();
    }
  } catch (error) {
    if (!(error instanceof LibosError)) throw error;
    if (error.code === 'NOT_FOUND') return { state: 'missing' };
    if (error.code === 'OUT_OF_RANGE') return { state: 'too-large', bytes: options.maxBytes + 1 };
    return { state: 'unreadable', reason: error.message };
  }
}
