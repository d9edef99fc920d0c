// fs.stat: the type, size and modification time of a workspace path, with lstat semantics.
import { promises as fsp } from 'node:fs';
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { defineSyscall, done } from '../define-syscall.js';
import { authorisedPath } from './authorised-path.js';
import { openContainedDir } from './contained.js';
import { entryTypeOf, reportedSize, type EntryType } from './entry-type.js';
import { toFsError } from './fs-error.js';
import { resolveWorkspacePath, splitPath } from './resolve-path.js';

const ATTEMPTED = 'Reading file status';

const input = z.strictObject({ path: z.string() });

/** Input of `fs.stat`. */
export type FsStatInput = z.infer<typeof input>;

/** Output of `fs.stat`. */
export interface FsStatOutput {
  /** Workspace-relative path that was examined. */
  readonly path: string;
  readonly type: EntryType;
  /** Bytes for files and symbolic links (the link text), 0 otherwise. */
  readonly size: number;
  /** Last modification, in whole milliseconds since the Unix epoch. */
  readonly mtimeMs: number;
}

/**
 * `fs.stat`: what a path is. The last component is not followed (a symbolic link is reported as
 * `symlink`); every directory above it is opened and verified. Needs `read` on the path.
 * @throws NOT_FOUND, NOT_PERMITTED (a link on the way, outside), INVALID_INPUT (a parent is
 *   not a directory).
 */
export const fsStat = defineSyscall<FsStatInput, FsStatOutput>({
  name: 'fs.stat',
  summary: 'Describe a workspace path (type, size, mtime) without following a final link.',
  input,
  effect: 'none',
  resources: (args, ctx) => [
    { resource: resolveWorkspacePath(ctx.cwd, args.path, { attempted: ATTEMPTED }), right: 'read' },
  ],
  journal: (_args, output) => ({ path: output.path, type: output.type }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const path = authorisedPath(ctx, args.path, { index: 0, right: 'read', attempted: ATTEMPTED });
    const context = { attempted: ATTEMPTED, path };
    const split = splitPath(path);
    const dir = await openContainedDir(ctx.workspace, split?.parent ?? '.', context);
    try {
      const stats = await (
        split === null ? dir.handle.stat() : fsp.lstat(dir.at(split.name))
      ).catch((cause: unknown) => {
        throw toFsError(cause, context);
      });
      return done({
        path,
        type: entryTypeOf(stats),
        size: reportedSize(stats),
        mtimeMs: Math.trunc(stats.mtimeMs),
      });
    } finally {
      await dir.close();
    }
  },
});
