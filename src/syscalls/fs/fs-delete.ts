// fs.delete: remove a workspace file, symbolic link or (recursively) directory without following links.
import { constants, promises as fsp } from 'node:fs';
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { defineSyscall, done } from '../define-syscall.js';
import { authorisedPath } from './authorised-path.js';
import type { ContainedDir } from './contained-dir.js';
import { openContainedDir } from './contained.js';
import { openContainedFile } from './contained-file.js';
import { closeQuietly } from './descriptor.js';
import { entryTypeOf, type EntryType } from './entry-type.js';
import { fileChangeOf, keepPreImage, keepPreImageAt, type PreImage } from './pre-image.js';
import type { FileChangeLog } from '../../ports/file-change-store.js';
import { containmentError, notFoundError, pathError, toFsError } from './fs-error.js';
import type { FsErrorContext } from './fs-error.js';
import { removeTree } from './remove-tree.js';
import { resolveWorkspacePath, splitPath } from './resolve-path.js';

const ATTEMPTED = 'Deleting a path';

const input = z.strictObject({ path: z.string(), recursive: z.boolean().default(false) });

/** Input of `fs.delete`. */
export type FsDeleteInput = z.infer<typeof input>;

/** Output of `fs.delete`. */
export interface FsDeleteOutput {
  /** Workspace-relative path that was deleted. */
  readonly path: string;
  readonly type: EntryType;
  /** Names removed: 1 for a file or link, the whole tree for a directory. */
  readonly removed: number;
  /** SHA-256 of a deleted regular file's contents (its pre-image); null otherwise. */
  readonly previousSha256: string | null;
}

/**
 * `fs.delete`: removes a file, a symbolic link (the link itself, within its verified parent) or,
 * with `recursive: true`, a directory tree. Needs `delete` on the path.
 * @throws NOT_FOUND, NOT_PERMITTED (the root, a hard-linked file, a link on the way, outside),
 *   INVALID_INPUT (a directory without `recursive`), OUT_OF_RANGE (tree too large or deep).
 */
export const fsDelete = defineSyscall<FsDeleteInput, FsDeleteOutput>({
  name: 'fs.delete',
  summary: 'Delete a workspace file, symbolic link or (recursive) directory.',
  input,
  effect: 'external',
  resources: (args, ctx) => [
    {
      resource: resolveWorkspacePath(ctx.cwd, args.path, { attempted: ATTEMPTED }),
      right: 'delete',
    },
  ],
  preview: (args, ctx) => ({
    kind: 'delete',
    path: resolveWorkspacePath(ctx.cwd, args.path, { attempted: ATTEMPTED }).path,
  }),
  journal: (args, output) => ({
    path: output.path,
    recursive: args.recursive,
    type: output.type,
    removed: output.removed,
    previousSha256: output.previousSha256,
  }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const path = authorisedPath(ctx, args.path, {
      index: 0,
      right: 'delete',
      attempted: ATTEMPTED,
    });
    const context = { attempted: ATTEMPTED, path };
    const split = splitPath(path);
    if (split === null)
      throw pathError('NOT_PERMITTED', 'the workspace root cannot be deleted', context);
    const dir = await openContainedDir(ctx.workspace, split.parent, context);
    try {
      const stats = await fsp.lstat(dir.at(split.name)).catch((cause: unknown) => {
        throw toFsError(cause, context);
      });
      const type = entryTypeOf(stats);
      const options = { signal: ctx.signal, context };
      switch (type) {
        case 'dir': {
          if (!args.recursive) {
            throw pathError(
              'INVALID_INPUT',
              'is a directory; pass recursive: true to delete it',
              context,
            );
          }
          const removed = await removeTree(dir, split.name, {
            ...options,
            path,
            onRemoved: (progress) => {
              ctx.effectStarted(progress);
            },
            keepFile: async (parent, name) => {
              const preImage = await keepPreImageAt(parent, name, {
                ...options,
                log: ctx.fileChanges,
              });
              return () => {
                if (preImage !== null)
                  ctx.fileChanges.record(fileChangeOf(parent.child(name), preImage, null));
              };
            },
          });
          return done({ path, type, removed, previousSha256: null });
        }
        case 'file': {
          const preImage = await deleteFile(dir, split.name, {
            ...options,
            log: ctx.fileChanges,
            onUnlink: () => {
              ctx.effectStarted({ removed: 1, paths: [path] });
            },
          });
          ctx.fileChanges.record(fileChangeOf(path, preImage, null));
          return done({ path, type, removed: 1, previousSha256: preImage.sha256 });
        }
        case 'symlink':
        case 'other':
          // unlink removes the name itself; a link's target is never looked at.
          throwIfAborted(ctx.signal, ATTEMPTED);
          dir.verify();
          ctx.effectStarted({ removed: 1, paths: [path] });
          await fsp.unlink(dir.at(split.name)).catch((cause: unknown) => {
            throw toFsError(cause, context);
          });
          return done({ path, type, removed: 1, previousSha256: null });
      }
    } finally {
      await dir.close();
    }
  },
});

// Open and verify the file like a read (one link, in place), keep its bytes as the pre-image,
// then unlink the name through the verified parent.
async function deleteFile(
  dir: ContainedDir,
  name: string,
  options: {
    readonly signal: AbortSignal;
    readonly context: FsErrorContext;
    readonly log: FileChangeLog;
    readonly onUnlink: () => void;
  },
): Promise<PreImage> {
  const { context } = options;
  const file = await openContainedFile(dir, name, { flags: constants.O_RDONLY, context });
  if (file === null) throw notFoundError(context);
  const { handle } = file;
  try {
    const preImage = await keepPreImage(file, options);
    throwIfAborted(options.signal, context.attempted);
    dir.verify();
    options.onUnlink();
    await fsp.unlink(dir.at(name));
    // Our descriptor's file must now have no name left: otherwise the name was swapped for
    // another file between the check and the unlink (which then removed only that name).
    if ((await handle.stat()).nlink !== 0) throw containmentError(context.attempted);
    await dir.handle.sync();
    return preImage;
  } catch (cause) {
    throw toFsError(cause, context);
  } finally {
    await closeQuietly(handle);
  }
}
