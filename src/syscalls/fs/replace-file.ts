// Atomic whole-file writes inside a verified directory: write a private temp file, then rename (replace) or link (create) it into place.
import { randomBytes } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { throwIfAborted } from '../../base/abort.js';
import { LibosError } from '../../base/errors.js';
import type { ContainedDir } from './contained-dir.js';
import { closeQuietly, joinReal, verifyDescriptor } from './descriptor.js';
import { containmentError, errnoOf, pathError, toFsError } from './fs-error.js';
import type { FsErrorContext } from './fs-error.js';

const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** How `writeFileAtomically` puts the new file in place. */
export interface AtomicWriteOptions {
  readonly data: Uint8Array;
  /** `replace`: rename over whatever regular file is there; `create`: fail if the name exists. */
  readonly how: 'replace' | 'create';
  /** Permission bits to give the file (those of the file it replaces); null for the default. */
  readonly permissions: number | null;
  readonly signal: AbortSignal;
  readonly context: FsErrorContext;
  /** Called right before the new file is put in place (the first change anyone can see). */
  readonly onCommit: () => void;
}

/**
 * Writes `data` to `name` in `dir` so readers see the old file or the new one, never a torn one.
 * The temp file is created with `O_CREAT | O_EXCL | O_NOFOLLOW` (it cannot pre-exist as a link),
 * its descriptor is verified to sit in `dir`, written and fsynced. Before the commit, `dir` is
 * verified again and the target, if present, must be a regular file with one link. `replace`
 * renames over the target; `create` hard-links the temp file to the target name, which fails
 * atomically if the name exists, then drops the temp name. Both act through the directory's
 * descriptor, so a directory swapped for a link meanwhile is not followed. Finally `dir` is
 * verified once more: if it moved during the commit, the call fails with INTERNAL.
 * @throws ALREADY_EXISTS (`create`), NOT_PERMITTED (link, hard link, misplaced),
 *   INVALID_INPUT (the target is a directory), CANCELLED before the commit.
 */
export async function writeFileAtomically(
  dir: ContainedDir,
  name: string,
  options: AtomicWriteOptions,
): Promise<void> {
  const { context } = options;
  const temp = `.libos-${randomBytes(12).toString('hex')}.tmp`;
  let handle: FileHandle | null = null;
  let tempExists = false;
  try {
    handle = await fsp.open(dir.at(temp), TEMP_FLAGS, 0o666);
    tempExists = true;
    verifyDescriptor(handle, joinReal(dir.expected, temp), context);
    if (options.permissions !== null) await handle.chmod(options.permissions & 0o777);
    await handle.writeFile(options.data);
    await handle.sync();
    throwIfAborted(options.signal, context.attempted);
    dir.verify();
    await checkTarget(dir, name, options);
    options.onCommit();
    if (options.how === 'replace') {
      await fsp.rename(dir.at(temp), dir.at(name));
    } else {
      await fsp.link(dir.at(temp), dir.at(name));
      await fsp.unlink(dir.at(temp));
    }
    tempExists = false;
    await dir.handle.sync();
    verifyStillInPlace(dir, context);
  } catch (cause) {
    if (tempExists) await fsp.unlink(dir.at(temp)).catch(() => undefined);
    throw toFsError(cause, context);
  } finally {
    await closeQuietly(handle);
  }
}

async function checkTarget(
  dir: ContainedDir,
  name: string,
  options: AtomicWriteOptions,
): Promise<void> {
  const { context } = options;
  try {
    const stats = await fsp.lstat(dir.at(name));
    if (options.how === 'create') throw pathError('ALREADY_EXISTS', 'already exists', context);
    if (stats.isSymbolicLink() || (stats.isFile() && stats.nlink !== 1)) {
      throw containmentError(context.attempted);
    }
    if (stats.isDirectory()) throw pathError('INVALID_INPUT', 'is a directory', context);
    if (!stats.isFile()) throw pathError('INVALID_INPUT', 'not a regular file', context);
  } catch (cause) {
    if (errnoOf(cause) === 'ENOENT') return;
    throw cause;
  }
}

// The commit went through the directory's descriptor; if the directory was renamed in the
// window, the file now sits elsewhere. The write happened, so this is reported, not undone.
function verifyStillInPlace(dir: ContainedDir, context: FsErrorContext): void {
  try {
    dir.verify();
  } catch (cause) {
    throw new LibosError(
      'INTERNAL',
      `${context.attempted} failed: the directory moved while the file was written: ${context.path}`,
      { cause },
    );
  }
}
