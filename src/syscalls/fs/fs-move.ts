// fs.move: rename a workspace path between two verified directories, never following a link at either end.
import { constants, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { LibosError } from '../../base/errors.js';
import { defineSyscall, done } from '../define-syscall.js';
import { authorisedPath } from './authorised-path.js';
import type { ContainedDir } from './contained-dir.js';
import { openContainedDir } from './contained.js';
import { openContainedFile } from './contained-file.js';
import { closeQuietly } from './descriptor.js';
import { entryTypeOf, type EntryType } from './entry-type.js';
import { fileChangeOf, keepPreImage, type PreImage } from './pre-image.js';
import type { FileChangeLog } from '../../ports/file-change-store.js';
import { containmentError, errnoOf, notFoundError, pathError, toFsError } from './fs-error.js';
import type { FsErrorContext } from './fs-error.js';
import { resolveWorkspacePath, splitPath } from './resolve-path.js';

const ATTEMPTED = 'Moving a path';

const input = z.strictObject({
  from: z.string(),
  to: z.string(),
  overwrite: z.boolean().default(false),
});

/** Input of `fs.move`. */
export type FsMoveInput = z.infer<typeof input>;

/** Output of `fs.move`. */
export interface FsMoveOutput {
  /** Workspace-relative source path. */
  readonly from: string;
  /** Workspace-relative target path. */
  readonly to: string;
  readonly type: EntryType;
  /** True when an existing file at `to` was replaced. */
  readonly replaced: boolean;
  /** SHA-256 of the replaced file's contents (its pre-image); null when nothing was replaced. */
  readonly replacedSha256: string | null;
}

/**
 * `fs.move`: renames `from` to `to` inside the workspace. Both parents are opened and verified;
 * the names are renamed through their descriptors, so a link is moved as a link, never
 * followed. Without `overwrite` an existing target fails; a regular file is then moved by
 * link-and-unlink, which cannot clobber a target that appears meanwhile. With `overwrite` only
 * a regular, singly linked file is replaced. Needs `delete` on `from` and `write` on `to`.
 * @throws NOT_FOUND, ALREADY_EXISTS, NOT_PERMITTED (the root, a hard-linked file, a link on the
 *   way, outside), INVALID_INPUT (same path, into itself, a directory target).
 */
export const fsMove = defineSyscall<FsMoveInput, FsMoveOutput>({
  name: 'fs.move',
  summary: 'Move or rename a workspace path (links are moved, not followed).',
  input,
  effect: 'external',
  resources: (args, ctx) => [
    {
      resource: resolveWorkspacePath(ctx.cwd, args.from, { attempted: ATTEMPTED }),
      right: 'delete',
    },
    { resource: resolveWorkspacePath(ctx.cwd, args.to, { attempted: ATTEMPTED }), right: 'write' },
  ],
  // The moved content leaves its path for another, though the caller never read it: the target's
  // clearance is checked against the source's label too (a move out of secrets/ into public/).
  exit: (args, ctx) => {
    const from = resolveWorkspacePath(ctx.cwd, args.from, { attempted: ATTEMPTED }).path;
    const to = resolveWorkspacePath(ctx.cwd, args.to, { attempted: ATTEMPTED }).path;
    return { kind: 'fs', target: to, carries: { resources: [`fs:${from}`] } };
  },
  preview: (args, ctx) => ({
    kind: 'move',
    from: resolveWorkspacePath(ctx.cwd, args.from, { attempted: ATTEMPTED }).path,
    to: resolveWorkspacePath(ctx.cwd, args.to, { attempted: ATTEMPTED }).path,
  }),
  journal: (_args, output) => ({
    from: output.from,
    to: output.to,
    type: output.type,
    replaced: output.replaced,
    replacedSha256: output.replacedSha256,
  }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const from = authorisedPath(ctx, args.from, {
      index: 0,
      right: 'delete',
      attempted: ATTEMPTED,
    });
    const to = authorisedPath(ctx, args.to, { index: 1, right: 'write', attempted: ATTEMPTED });
    const source = { attempted: ATTEMPTED, path: from };
    const target = { attempted: ATTEMPTED, path: to };
    const fromSplit = splitPath(from);
    const toSplit = splitPath(to);
    if (fromSplit === null)
      throw pathError('NOT_PERMITTED', 'the workspace root cannot be moved', source);
    if (toSplit === null)
      throw pathError('INVALID_INPUT', 'the target is the workspace root', target);
    if (from === to) throw pathError('INVALID_INPUT', 'source and target are the same', source);
    if (to.startsWith(`${from}/`)) {
      throw pathError('INVALID_INPUT', 'a directory cannot be moved into itself', source);
    }
    const srcDir = await openContainedDir(ctx.workspace, fromSplit.parent, source);
    let dstDir: ContainedDir | null = null;
    let srcFile: FileHandle | null = null;
    let moved: PreImage | null = null;
    try {
      dstDir = await openContainedDir(ctx.workspace, toSplit.parent, target);
      const stats = await fsp.lstat(srcDir.at(fromSplit.name)).catch((cause: unknown) => {
        throw toFsError(cause, source);
      });
      const type = entryTypeOf(stats);
      if (type === 'file') {
        // Verifies place and link count; the open descriptor also pins the file being moved.
        const opened = await openContainedFile(srcDir, fromSplit.name, {
          flags: constants.O_RDONLY,
          context: source,
        });
        if (opened === null) throw notFoundError(source);
        srcFile = opened.handle;
        moved = await keepPreImage(opened, {
          log: ctx.fileChanges,
          signal: ctx.signal,
          context: source,
        });
      }
      const replaced = await inspectTarget(dstDir, toSplit.name, {
        overwrite: args.overwrite,
        signal: ctx.signal,
        context: target,
        log: ctx.fileChanges,
      });
      const replacedSha256 = replaced?.sha256 ?? null;
      throwIfAborted(ctx.signal, ATTEMPTED);
      srcDir.verify();
      dstDir.verify();
      const names = { from: srcDir.at(fromSplit.name), to: dstDir.at(toSplit.name) };
      ctx.effectStarted({ from, to });
      if (type === 'file' && !args.overwrite) {
        await linkThenUnlink(names, target);
      } else {
        await fsp.rename(names.from, names.to).catch((cause: unknown) => {
          throw toFsError(cause, target);
        });
      }
      verifyBothInPlace([srcDir, dstDir], source);
      // A moved regular file left `from` and replaced whatever `to` held; a moved directory or
      // link is not recorded (see ARCHITECTURE §8d).
      if (moved !== null) {
        ctx.fileChanges.record(fileChangeOf(from, moved, null));
        ctx.fileChanges.record(fileChangeOf(to, replaced, moved.sha256));
      }
      await srcDir.handle.sync();
      await dstDir.handle.sync();
      return done({ from, to, type, replaced: replacedSha256 !== null, replacedSha256 });
    } finally {
      await closeQuietly(srcFile);
      await dstDir?.close();
      await srcDir.close();
    }
  },
});

// The existing target, if any: refused without `overwrite`; with it, only a regular file with
// one link may be replaced, and its bytes are kept as the pre-image.
async function inspectTarget(
  dir: ContainedDir,
  name: string,
  options: {
    readonly overwrite: boolean;
    readonly signal: AbortSignal;
    readonly context: FsErrorContext;
    readonly log: FileChangeLog;
  },
): Promise<PreImage | null> {
  const { context } = options;
  let stats;
  try {
    stats = await fsp.lstat(dir.at(name));
  } catch (cause) {
    if (errnoOf(cause) === 'ENOENT') return null;
    throw toFsError(cause, context);
  }
  if (!options.overwrite) throw pathError('ALREADY_EXISTS', 'already exists', context);
  if (stats.isSymbolicLink()) throw containmentError(context.attempted);
  if (stats.isDirectory()) throw pathError('INVALID_INPUT', 'the target is a directory', context);
  const file = await openContainedFile(dir, name, { flags: constants.O_RDONLY, context });
  if (file === null) return null;
  try {
    return await keepPreImage(file, options);
  } finally {
    await closeQuietly(file.handle);
  }
}

// link(2) fails with EEXIST if the target appeared since it was inspected, so nothing is
// clobbered; if dropping the old name fails, the new one is removed again.
async function linkThenUnlink(
  names: { readonly from: string; readonly to: string },
  context: FsErrorContext,
): Promise<void> {
  try {
    await fsp.link(names.from, names.to);
  } catch (cause) {
    throw toFsError(cause, context);
  }
  try {
    await fsp.unlink(names.from);
  } catch (cause) {
    await fsp.unlink(names.to).catch(() => undefined);
    throw toFsError(cause, context);
  }
}

function verifyBothInPlace(dirs: readonly ContainedDir[], context: FsErrorContext): void {
  try {
    for (const dir of dirs) dir.verify();
  } catch (cause) {
    throw new LibosError(
      'INTERNAL',
      `${context.attempted} failed: a directory moved while the path was moved: ${context.path}`,
      { cause },
    );
  }
}
