// Turning filesystem failures into stable LibosErrors that carry only workspace-relative paths.
import { LibosError } from '../../base/errors.js';

/** What a filesystem error message may mention: the attempt and the relative path. */
export interface FsErrorContext {
  /** Sentence-case attempt, e.g. `Reading a file`. */
  readonly attempted: string;
  /** Workspace-relative path the caller named (never a host path). */
  readonly path: string;
}

/** The one refusal for anything that is, or might reach, outside the workspace. */
export function containmentError(attempted: string): LibosError {
  return new LibosError(
    'NOT_PERMITTED',
    `${attempted} failed: the path is a symbolic link, a hard link or leaves the workspace`,
  );
}

/** NOT_FOUND for a permitted path that does not exist. */
export function notFoundError(context: FsErrorContext): LibosError {
  return new LibosError(
    'NOT_FOUND',
    `${context.attempted} failed: no such file or directory: ${context.path}`,
    { details: { path: context.path } },
  );
}

/** An error about `context.path` with a stable code and a fixed description. */
export function pathError(
  code: 'INVALID_INPUT' | 'ALREADY_EXISTS' | 'NOT_PERMITTED' | 'OUT_OF_RANGE',
  detail: string,
  context: FsErrorContext,
): LibosError {
  return new LibosError(code, `${context.attempted} failed: ${detail}: ${context.path}`, {
    details: { path: context.path },
  });
}

/**
 * Maps anything a filesystem call threw to a LibosError. Node's messages hold host paths, so
 * only the errno code is read; unknown failures become INTERNAL with a generic message.
 */
export function toFsError(cause: unknown, context: FsErrorContext): LibosError {
  if (cause instanceof LibosError) return cause;
  const wrap = (error: LibosError): LibosError => {
    // The original stays only as `cause`, which never reaches the wire form.
    Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
    return error;
  };
  switch (errnoOf(cause) ?? 'UNKNOWN') {
    case 'ENOENT':
      return wrap(notFoundError(context));
    case 'ELOOP':
      return wrap(containmentError(context.attempted));
    case 'EXDEV':
      return wrap(pathError('INVALID_INPUT', 'the move crosses file systems', context));
    case 'EISDIR':
      return wrap(pathError('INVALID_INPUT', 'is a directory', context));
    case 'ENOTDIR':
      return wrap(pathError('INVALID_INPUT', 'not a directory', context));
    case 'ENXIO':
      return wrap(pathError('INVALID_INPUT', 'not a regular file', context));
    case 'EEXIST':
      return wrap(pathError('ALREADY_EXISTS', 'already exists', context));
    case 'ENOTEMPTY':
      return wrap(pathError('INVALID_INPUT', 'the directory is not empty', context));
    case 'EINVAL':
      return wrap(pathError('INVALID_INPUT', 'invalid operation on this path', context));
    case 'ENAMETOOLONG':
      return wrap(pathError('INVALID_INPUT', 'the name is too long', context));
    case 'EACCES':
    case 'EPERM':
      return wrap(pathError('NOT_PERMITTED', 'permission denied', context));
    case 'EROFS':
      return wrap(pathError('NOT_PERMITTED', 'the file system is read-only', context));
    case 'ENOSPC':
    case 'EDQUOT':
      return wrap(
        new LibosError('INTERNAL', `${context.attempted} failed: no space left on the device`),
      );
    default:
      return wrap(new LibosError('INTERNAL', `${context.attempted} failed: internal error`));
  }
}

/** The errno code (`ENOENT`, …) of a Node system error, or null. */
export function errnoOf(cause: unknown): string | null {
  if (typeof cause !== 'object' || cause === null || !('code' in cause)) return null;
  const code: unknown = cause.code;
  return typeof code === 'string' ? code : null;
}
