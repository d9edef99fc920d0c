// Reading the bytes of a verified file handle: bounded reads for callers, streamed hashes for pre-images.
import { createHash, type Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { throwIfAborted } from '../../base/abort.js';
import { pathError } from './fs-error.js';
import type { FsErrorContext } from './fs-error.js';

const CHUNK = 64 * 1024;

/**
 * SHA-256 over the whole file, read positionally from offset 0 (so it works on `O_APPEND`
 * handles too). Returns the live hash so a caller can extend it with bytes about to be appended.
 * @throws CANCELLED | DEADLINE_EXCEEDED when `signal` fires between chunks.
 */
export async function hashFile(
  handle: FileHandle,
  options: { readonly signal: AbortSignal; readonly attempted: string },
): Promise<Hash> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(CHUNK);
  let position = 0;
  for (;;) {
    throwIfAborted(options.signal, options.attempted);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
    if (bytesRead === 0) return hash;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
}

/**
 * Reads the whole file, refusing it as soon as it proves longer than `maxBytes` (the size is
 * checked up front and again while reading, since the file may grow meanwhile). `size` is what
 * the caller's fstat of this descriptor reported (`ContainedFile.stats`); it only decides the
 * first read's length and when to stop, never what is returned.
 * @throws OUT_OF_RANGE past `maxBytes`.
 */
export async function readBounded(
  handle: FileHandle,
  options: {
    readonly size: number;
    readonly maxBytes: number;
    readonly signal: AbortSignal;
    readonly context: FsErrorContext;
  },
): Promise<Buffer> {
  const { size, maxBytes, context } = options;
  const tooLarge = (): Error =>
    pathError('OUT_OF_RANGE', `the file is larger than ${maxBytes} bytes`, context);
  if (size > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    throwIfAborted(options.signal, context.attempted);
    // Ask for one byte past the known size (and past the limit): a file that grew is then
    // detected, not silently truncated, and a small file is read whole in one call.
    const want = Math.min(CHUNK, maxBytes + 1 - total, total === 0 ? size + 1 : CHUNK);
    const buffer = Buffer.allocUnsafe(want);
    const { bytesRead } = await handle.read(buffer, 0, want, total);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    total += bytesRead;
    if (total > maxBytes) throw tooLarge();
    chunks.push(buffer.subarray(0, bytesRead));
    // A short read ending exactly at the size fstat saw is the end of the file: no extra read
    // for the zero bytes that would follow. Anything else (it shrank, it grew) reads on.
    if (bytesRead < want && total === size) return Buffer.concat(chunks, total);
  }
}
