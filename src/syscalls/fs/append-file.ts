// Appending to a contained file through a verified O_APPEND descriptor, hashing the pre-image first.
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { throwIfAborted } from '../../base/abort.js';
import { isLibosError } from '../../base/errors.js';
import type { ContainedDir } from './contained-dir.js';
import { openContainedFile } from './contained-file.js';
import { closeQuietly } from './descriptor.js';
import { containmentError, toFsError } from './fs-error.js';
import type { FsErrorContext } from './fs-error.js';
import { keepPreImage, type PreImage } from './pre-image.js';
import type { FileChangeLog } from '../../ports/file-change-store.js';
import { createHash } from 'node:crypto';

const APPEND_FLAGS = constants.O_RDWR | constants.O_APPEND;
const CREATE_FLAGS = APPEND_FLAGS | constants.O_CREAT | constants.O_EXCL;

/** What an append did. */
export interface AppendOutcome {
  readonly created: boolean;
  /** SHA-256 of the file before the append; null when the append created it. */
  readonly previousSha256: string | null;
  /** SHA-256 of the file after the append (pre-image plus the appended bytes). */
  readonly sha256: string;
  /** The file before the append, its bytes kept with `log`; null when the append created it. */
  readonly preImage: PreImage | null;
}

/**
 * Appends `data` to `name` in `dir`, creating the file when it is missing. The descriptor is
 * opened without following links and verified (place, regular file, one link) before a byte is
 * read or written; the pre-image is read (and kept) through the same descriptor.
 * @throws NOT_PERMITTED (link, hard link, misplaced), INVALID_INPUT (not a regular file),
 *   CANCELLED before the first byte is written.
 */
export async function appendToFile(
  dir: ContainedDir,
  name: string,
  options: {
    readonly data: Uint8Array;
    readonly signal: AbortSignal;
    readonly context: FsErrorContext;
    /** Where the pre-image's bytes are kept. */
    readonly log: FileChangeLog;
    /** Called once the file is changed: created, or right before the first byte is appended. */
    readonly onStart: () => void;
  },
): Promise<AppendOutcome> {
  const { context } = options;
  // Creating the file is a change: the effect begins with the attempt (it may land even if the
  // new descriptor then fails its checks).
  const { handle, created } = await openForAppend(dir, name, {
    context,
    beforeCreate: options.onStart,
  });
  try {
    const preImage = created
      ? null
      : await keepPreImage(
          { handle, stats: await handle.stat() },
          { log: options.log, signal: options.signal, context },
        );
    const hash = preImage?.hash ?? createHash('sha256');
    throwIfAborted(options.signal, context.attempted);
    options.onStart();
    await handle.writeFile(options.data);
    await handle.sync();
    if (created) await dir.handle.sync();
    return {
      created,
      previousSha256: preImage?.sha256 ?? null,
      sha256: hash.update(options.data).digest('hex'),
      preImage,
    };
  } catch (cause) {
    throw toFsError(cause, context);
  } finally {
    await closeQuietly(handle);
  }
}

// Open the existing file first so `created` is exact; if it vanished or appeared in between,
// try once more before giving up.
async function openForAppend(
  dir: ContainedDir,
  name: string,
  options: { readonly context: FsErrorContext; readonly beforeCreate: () => void },
): Promise<{ handle: FileHandle; created: boolean }> {
  const { context } = options;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const existing = await openContainedFile(dir, name, { flags: APPEND_FLAGS, context });
    if (existing !== null) return { handle: existing.handle, created: false };
    options.beforeCreate();
    try {
      const fresh = await openContainedFile(dir, name, { flags: CREATE_FLAGS, context });
      if (fresh !== null) return { handle: fresh.handle, created: true };
    } catch (cause) {
      if (!isLibosError(cause, 'ALREADY_EXISTS')) throw cause;
    }
  }
  throw containmentError(context.attempted);
}
