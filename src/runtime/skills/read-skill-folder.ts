// Reading a Skill folder from the host for registration: every regular file, bounded, no link followed.
import { constants, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { throwIfAborted } from '../../base/abort.js';
import { LibosError } from '../../base/errors.js';
import { findHiddenCharacter } from '../../base/find-hidden-character.js';
import { SKILL_LIMITS } from '../../kernel/skill/types.js';
import type { ContainedDir } from '../../syscalls/fs/contained-dir.js';
import { openChildDir } from '../../syscalls/fs/contained.js';
import { closeQuietly, descriptorPath } from '../../syscalls/fs/descriptor.js';
import { readBounded } from '../../syscalls/fs/file-bytes.js';
import { errnoOf } from '../../syscalls/fs/fs-error.js';
import { createWorkspaceRoot } from '../../syscalls/fs/workspace-root.js';

/** One file of a folder as read: its relative path and its bytes. */
export interface FolderFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Version-control metadata is never part of a Skill: `.git` folders are skipped. */
const SKIPPED = new Set(['.git']);

/**
 * Reads every regular file under the folder `dir` (absolute; a link naming the folder itself is
 * followed, since the operator named it), sorted by path. Inside, nothing is followed: each
 * directory is opened relative to its verified parent with `O_NOFOLLOW` and each file with
 * `O_NOFOLLOW | O_NONBLOCK`, so a link swapped in during the walk is refused, not read. `.git`
 * folders are skipped. Errors say `Reading skill folder <shown> failed: …` with the relative path.
 * @throws NOT_FOUND (no such folder); INVALID_INPUT (not a folder, a symbolic link or special file
 *   inside, a file name with hidden characters or not UTF-8); OUT_OF_RANGE (more than
 *   `SKILL_LIMITS.maxFiles` files, `maxTotalBytes` bytes, `maxDepth` levels or a path past
 *   `maxPathLength`)
 */
export async function readSkillFolder(
  dir: string,
  options: { readonly shown: string; readonly signal?: AbortSignal },
): Promise<FolderFile[]> {
  const attempted = `Reading skill folder ${JSON.stringify(options.shown)}`;
  const signal = options.signal ?? new AbortController().signal;
  const stats = await fsp.stat(dir).catch((cause: unknown) => {
    throw errnoOf(cause) === 'ENOENT'
      ? new LibosError('NOT_FOUND', `${attempted} failed: no such folder`)
      : new LibosError('INVALID_INPUT', `${attempted} failed: the folder cannot be read`);
  });
  if (!stats.isDirectory())
    throw new LibosError('INVALID_INPUT', `${attempted} failed: not a folder`);
  const root = createWorkspaceRoot(dir);
  const walk = new Walk({ attempted, signal });
  try {
    await walk.directory(await root.open({ attempted }), 0);
  } finally {
    await root.close();
  }
  return walk.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The state of one walk: what was read so far, against the limits. */
class Walk {
  readonly files: FolderFile[] = [];
  private total = 0;
  private readonly attempted: string;
  private readonly signal: AbortSignal;

  constructor(options: { attempted: string; signal: AbortSignal }) {
    this.attempted = options.attempted;
    this.signal = options.signal;
  }

  /** Reads `dir` (closed when done) and everything below it. */
  async directory(dir: ContainedDir, depth: number): Promise<void> {
    try {
      const names = await fsp
        .readdir(descriptorPath(dir.handle), { encoding: 'buffer' })
        .catch((cause: unknown) => {
          throw this.unreadable(dir.path === '.' ? 'the folder' : dir.path, cause);
        });
      for (const raw of names) {
        throwIfAborted(this.signal, this.attempted);
        const name = this.checkName(raw, dir);
        if (SKIPPED.has(name)) continue;
        const path = dir.child(name);
        if (path.length > SKILL_LIMITS.maxPathLength)
          throw this.fail(
            'OUT_OF_RANGE',
            `a path is longer than ${SKILL_LIMITS.maxPathLength} characters: ${path.slice(0, 80)}…`,
          );
        const entry = await fsp.lstat(dir.at(name)).catch((cause: unknown) => {
          throw this.unreadable(path, cause);
        });
        if (entry.isSymbolicLink())
          throw this.fail(
            'INVALID_INPUT',
            `${path} is a symbolic link: a Skill folder may hold only regular files and folders`,
          );
        if (entry.isDirectory()) {
          if (depth + 1 > SKILL_LIMITS.maxDepth)
            throw this.fail(
              'OUT_OF_RANGE',
              `${path} is more than ${SKILL_LIMITS.maxDepth} folders deep`,
            );
          await this.directory(
            await openChildDir(dir, name, { attempted: this.attempted, path }),
            depth + 1,
          );
        } else if (entry.isFile()) await this.file(dir, { name, path });
        else throw this.fail('INVALID_INPUT', `${path} is not a regular file or folder`);
      }
      // The names were read through the descriptor; the directory must still be where it was.
      dir.verify();
    } finally {
      await dir.close();
    }
  }

  private async file(dir: ContainedDir, entry: { name: string; path: string }): Promise<void> {
    if (this.files.length >= SKILL_LIMITS.maxFiles)
      throw this.fail('OUT_OF_RANGE', `the folder holds more than ${SKILL_LIMITS.maxFiles} files`);
    let handle: FileHandle;
    try {
      handle = await fsp.open(
        dir.at(entry.name),
        constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
      );
    } catch (cause) {
      if (errnoOf(cause) === 'ELOOP')
        throw this.fail(
          'INVALID_INPUT',
          `${entry.path} is a symbolic link: a Skill folder may hold only regular files and folders`,
        );
      throw this.unreadable(entry.path, cause);
    }
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw this.fail('INVALID_INPUT', `${entry.path} is not a regular file`);
      const left = SKILL_LIMITS.maxTotalBytes - this.total;
      const bytes = await readBounded(handle, {
        size: stats.size,
        maxBytes: left,
        signal: this.signal,
        context: { attempted: this.attempted, path: entry.path },
      }).catch((cause: unknown) => {
        if (cause instanceof LibosError && cause.code === 'OUT_OF_RANGE')
          throw this.fail(
            'OUT_OF_RANGE',
            `the files hold more than ${SKILL_LIMITS.maxTotalBytes} bytes together`,
          );
        throw cause;
      });
      this.total += bytes.length;
      this.files.push({ path: entry.path, bytes });
    } finally {
      await closeQuietly(handle);
    }
  }

  // A name is shown to people and models and stored as a path: UTF-8 with nothing hidden.
  private checkName(raw: Buffer, dir: ContainedDir): string {
    const name = raw.toString('utf8');
    if (!Buffer.from(name, 'utf8').equals(raw))
      throw this.fail(
        'INVALID_INPUT',
        `a file name in ${dir.path === '.' ? 'the folder' : dir.path} is not valid UTF-8`,
      );
    const hidden = findHiddenCharacter(name, { allowLineBreaks: false });
    if (hidden !== null || name.includes('\\'))
      throw this.fail(
        'INVALID_INPUT',
        `a file name in ${dir.path === '.' ? 'the folder' : dir.path} contains ${hidden ?? 'a backslash'}`,
      );
    return name;
  }

  // Only the errno is kept: a driver message would carry host paths and vary by platform.
  private unreadable(path: string, cause: unknown): LibosError {
    return this.fail(
      'INVALID_INPUT',
      `${path} cannot be read (${errnoOf(cause) ?? 'unknown error'})`,
    );
  }

  private fail(code: 'INVALID_INPUT' | 'OUT_OF_RANGE', detail: string): LibosError {
    return new LibosError(code, `${this.attempted} failed: ${detail}`);
  }
}
