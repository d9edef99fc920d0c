// Naming open descriptors through /proc/self/fd and checking where the kernel says they point.
import { readlinkSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { LibosError } from '../../base/errors.js';
import { containmentError, errnoOf } from './fs-error.js';

/**
 * `/proc/self/fd/<fd>`, or `/proc/self/fd/<fd>/<name>` for an entry of an open directory.
 * Linux resolves the fd link to the very directory that was opened, whatever its path now
 * names, so `<fd>/<name>` behaves like the `*at(dirfd, name)` calls Node lacks: only `name` is
 * looked up, and a single name with no slash has no intermediate component to follow.
 */
export function descriptorPath(handle: FileHandle, name?: string): string {
  return name === undefined ? `/proc/self/fd/${handle.fd}` : `/proc/self/fd/${handle.fd}/${name}`;
}

/** `<realRoot>/<relative>`, or the root itself for `.`. */
export function joinReal(realRoot: string, relative: string): string {
  if (relative === '.') return realRoot;
  return realRoot.endsWith('/') ? `${realRoot}${relative}` : `${realRoot}/${relative}`;
}

/**
 * Checks that the kernel's path for the open descriptor is exactly `expected` (byte for byte).
 * A symbolic link followed anywhere, a rename out of place, a deleted file (` (deleted)`) or a
 * case or Unicode alias all make the paths differ, and the call is refused.
 *
 * Synchronous on purpose: reading a `/proc/self/fd` link only formats the path the kernel already
 * holds for the open file (`d_path` over cached dentries); it never reaches the file's disk or
 * network file system, so it cannot stall the event loop, and it saves a thread-pool round trip
 * (and a promise) per descriptor on every call.
 * @throws NOT_PERMITTED when the descriptor is anywhere else; INTERNAL when /proc is missing.
 */
export function verifyDescriptor(
  handle: FileHandle,
  expected: string,
  options: { readonly attempted: string },
): void {
  let actual: string;
  try {
    actual = readlinkSync(descriptorPath(handle));
  } catch (cause) {
    if (errnoOf(cause) === 'ENOENT') {
      // Without procfs nothing can be verified: fail closed rather than trust the path.
      throw new LibosError(
        'INTERNAL',
        `${options.attempted} failed: containment cannot be verified on this host (no /proc/self/fd)`,
        { cause },
      );
    }
    throw containmentError(options.attempted);
  }
  if (actual !== expected) throw containmentError(options.attempted);
}

/** Closes a handle, ignoring errors: used on paths that already failed or already synced. */
export async function closeQuietly(handle: FileHandle | null | undefined): Promise<void> {
  if (handle === null || handle === undefined) return;
  await handle.close().catch(() => undefined);
}
