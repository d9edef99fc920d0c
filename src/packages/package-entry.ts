// Reaching a file or folder a package names, without leaving the package or following a link.
import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizePath } from '../kernel/capability/resource.js';

/** Why a path a package names cannot be used (the caller words it for its field). */
export type EntryProblem =
  | 'leaves the package'
  | 'does not exist'
  | 'passes through a symbolic link'
  | 'is a symbolic link'
  | 'is not a regular file'
  | 'is not a folder'
  | 'is too large'
  | 'cannot be read';

/** A package path resolved, or why not. */
export type Entry<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: EntryProblem };

/**
 * Where `relative` lies in the package at `root` (a real path): a relative path that stays inside
 * (`..` may not climb out; absolute paths are refused), with no symbolic link on the way to it,
 * itself included. Checked with `lstat` one segment at a time.
 */
export async function locateEntry(
  root: string,
  relative: string,
  options: { kind: 'file' | 'folder' },
): Promise<Entry<{ path: string; normal: string }>> {
  const normal = normalizePath(relative);
  if (normal === null) return { ok: false, problem: 'leaves the package' };
  const segments = normal === '.' ? [] : normal.split('/');
  let path = root;
  for (const [index, segment] of segments.entries()) {
    path = join(path, segment);
    let stat;
    try {
      stat = await lstat(path);
    } catch (error) {
      return { ok: false, problem: missingOr(error) };
    }
    const last = index === segments.length - 1;
    if (stat.isSymbolicLink())
      return { ok: false, problem: last ? 'is a symbolic link' : 'passes through a symbolic link' };
    if (!last && !stat.isDirectory()) return { ok: false, problem: 'does not exist' };
    if (last && options.kind === 'file' && !stat.isFile())
      return { ok: false, problem: 'is not a regular file' };
    if (last && options.kind === 'folder' && !stat.isDirectory())
      return { ok: false, problem: 'is not a folder' };
  }
  if (segments.length === 0 && options.kind === 'file')
    return { ok: false, problem: 'is not a regular file' };
  return { ok: true, value: { path, normal } };
}

/**
 * The bytes of the regular file `relative` inside the package at `root` (see `locateEntry`), at
 * most `maxBytes`. The file is opened without following a link and the opened descriptor is checked
 * to lie inside the package (`/proc/self/fd`), so a link swapped in after the check is not read.
 */
export async function readEntry(
  root: string,
  relative: string,
  options: { maxBytes: number },
): Promise<Entry<Buffer>> {
  const located = await locateEntry(root, relative, { kind: 'file' });
  if (!located.ok) return located;
  let handle;
  try {
    handle = await open(located.value.path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, problem: code === 'ELOOP' ? 'is a symbolic link' : missingOr(error) };
  }
  try {
    const opened = await realpath(`/proc/self/fd/${handle.fd}`);
    if (!opened.startsWith(root.endsWith('/') ? root : `${root}/`))
      return { ok: false, problem: 'leaves the package' };
    const stat = await handle.stat();
    if (!stat.isFile()) return { ok: false, problem: 'is not a regular file' };
    if (stat.size > options.maxBytes) return { ok: false, problem: 'is too large' };
    const bytes = await handle.readFile();
    if (bytes.length > options.maxBytes) return { ok: false, problem: 'is too large' };
    return { ok: true, value: bytes };
  } catch {
    return { ok: false, problem: 'cannot be read' };
  } finally {
    await handle.close();
  }
}

function missingOr(error: unknown): EntryProblem {
  const code = (error as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : 'cannot be read';
}
