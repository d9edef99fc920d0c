// Lexical resolution of a caller's path into the workspace-relative path capabilities are decided on.
import { posix } from 'node:path';
import { LibosError } from '../../base/errors.js';
import { normalizePath } from '../../kernel/capability/resource.js';
import type { ConcreteResource } from '../../kernel/capability/types.js';

/** Longest accepted path, in UTF-8 bytes (Linux PATH_MAX). */
export const MAX_PATH_BYTES = 4096;

/** Longest accepted path component, in UTF-8 bytes (Linux NAME_MAX). */
export const MAX_NAME_BYTES = 255;

// Control characters (C0, DEL, C1): legal in Linux names, but they forge lines in journals, CLI
// output and tool results, so they are refused rather than escaped.
const CONTROL = /\p{Cc}/u;
// A lone UTF-16 surrogate would be written to disk as U+FFFD: a different name than asked for.
const LONE_SURROGATE = /\p{Cs}/u;
// Format characters (bidi overrides, zero-width) and line separators: a path holding them reads
// differently from what it is wherever it is shown (an approval, a table), so it is refused too.
const FORMAT = /[\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * Resolves `path` against the workspace-relative `cwd` into a normalised workspace-relative `fs`
 * resource (`.` for the root). Purely lexical: nothing on disk is consulted; the syscall body
 * verifies the result again at the moment of use.
 *
 * Unicode: the path must already be in NFC; a path whose NFC form differs is refused instead of
 * normalised, because on a normalising filesystem the two spellings would alias one file while
 * capability patterns compare bytes.
 *
 * Case: no folding is done. Linux filesystems are case-sensitive, so `SECRET` and `secret` are
 * different files and capabilities may treat them differently. On a case-insensitive filesystem
 * they would alias; the body therefore compares the path the kernel reports for the opened
 * descriptor with the expected path byte for byte, so an alias fails closed wherever the kernel
 * reports the stored spelling.
 *
 * Messages never echo the input: it may be an absolute host path.
 *
 * @throws INVALID_INPUT for malformed paths (empty, NUL, control or format characters, backslashes,
 *   drive letters, not NFC, lone surrogates, longer than 4096 bytes or with a component longer
 *   than 255 bytes).
 * @throws NOT_PERMITTED for absolute paths and `..` escapes past the workspace root.
 * @example resolveWorkspacePath('src', '../docs/a.md') // { kind: 'fs', path: 'docs/a.md' }
 */
export function resolveWorkspacePath(
  cwd: string,
  path: string,
  options: { readonly attempted?: string } = {},
): ConcreteResource {
  const attempted = options.attempted ?? 'Resolving a path';
  const malformed = (detail: string): LibosError =>
    new LibosError('INVALID_INPUT', `${attempted} failed: ${detail}`);
  if (path.length === 0) throw malformed('the path is empty');
  if (path.includes('\0')) throw malformed('the path contains a NUL byte');
  if (CONTROL.test(path)) throw malformed('the path contains a control character');
  if (LONE_SURROGATE.test(path)) throw malformed('the path is not well-formed Unicode');
  if (FORMAT.test(path)) throw malformed('the path contains an invisible format character');
  if (Buffer.byteLength(path, 'utf8') > MAX_PATH_BYTES) {
    throw malformed(`the path is longer than ${MAX_PATH_BYTES} bytes`);
  }
  if (path.includes('\\')) throw malformed('backslashes are not allowed in paths; use /');
  if (path.normalize('NFC') !== path) throw malformed('the path is not in Unicode NFC form');
  if (posix.isAbsolute(path)) {
    throw new LibosError(
      'NOT_PERMITTED',
      `${attempted} failed: absolute paths are not allowed; use a workspace-relative path`,
    );
  }
  if (/^[A-Za-z]:/.test(path)) throw malformed('drive-letter paths are not allowed');
  if (path.split('/').some((name) => Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES)) {
    throw malformed(`a path component is longer than ${MAX_NAME_BYTES} bytes`);
  }
  if (normalizePath(cwd) !== cwd) {
    throw new LibosError('INTERNAL', `${attempted} failed: the working directory is invalid`);
  }
  const resolved = normalizePath(posix.join(cwd, path));
  if (resolved === null) {
    throw new LibosError('NOT_PERMITTED', `${attempted} failed: the path leaves the workspace`);
  }
  if (Buffer.byteLength(resolved, 'utf8') > MAX_PATH_BYTES) {
    throw malformed(`the path is longer than ${MAX_PATH_BYTES} bytes`);
  }
  return { kind: 'fs', path: resolved };
}

/** A workspace-relative path split into its parent directory and last name; null for the root. */
export function splitPath(path: string): { readonly parent: string; readonly name: string } | null {
  if (path === '.') return null;
  const slash = path.lastIndexOf('/');
  return slash === -1
    ? { parent: '.', name: path }
    : { parent: path.slice(0, slash), name: path.slice(slash + 1) };
}
