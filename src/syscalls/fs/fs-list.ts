// fs.list: list a workspace directory through a verified descriptor, reporting links without following them.
import { promises as fsp } from 'node:fs';
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { defineSyscall, done } from '../define-syscall.js';
import { authorisedPath } from './authorised-path.js';
import { openContainedDir } from './contained.js';
import { descriptorPath } from './descriptor.js';
import { entryTypeOf, reportedSize, type EntryType } from './entry-type.js';
import { errnoOf, toFsError } from './fs-error.js';
import { resolveWorkspacePath } from './resolve-path.js';

/** Most entries one `fs.list` call returns. */
export const MAX_LIST_ENTRIES = 10_000;

const ATTEMPTED = 'Listing a directory';

const input = z.strictObject({
  path: z.string(),
  limit: z.number().int().min(1).max(MAX_LIST_ENTRIES).default(1000),
});

/** Input of `fs.list`. */
export type FsListInput = z.infer<typeof input>;

/** One directory entry as listed. */
export interface FsListEntry {
  readonly name: string;
  readonly type: EntryType;
  /** Bytes for files and symbolic links (the link text), 0 otherwise. */
  readonly size: number;
}

/** Output of `fs.list`. */
export interface FsListOutput {
  /** Workspace-relative path that was listed. */
  readonly path: string;
  /** Entries sorted by name (UTF-16 code unit order), at most `limit`. */
  readonly entries: readonly FsListEntry[];
  /** Entries in the directory when it was read (may exceed `entries.length`). */
  readonly total: number;
  readonly truncated: boolean;
}

/**
 * `fs.list`: the entries of one directory, sorted by name. Symbolic links are reported as
 * `symlink` and never followed. Needs `read` on the directory.
 * @throws NOT_FOUND, NOT_PERMITTED (a link on the way, outside), INVALID_INPUT (not a directory).
 */
export const fsList = defineSyscall<FsListInput, FsListOutput>({
  name: 'fs.list',
  summary: 'List a workspace directory (links are reported, not followed).',
  input,
  effect: 'none',
  resources: (args, ctx) => [
    { resource: resolveWorkspacePath(ctx.cwd, args.path, { attempted: ATTEMPTED }), right: 'read' },
  ],
  journal: (_args, output) => ({
    path: output.path,
    entries: output.entries.length,
    truncated: output.truncated,
  }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const path = authorisedPath(ctx, args.path, { index: 0, right: 'read', attempted: ATTEMPTED });
    const context = { attempted: ATTEMPTED, path };
    const dir = await openContainedDir(ctx.workspace, path, context);
    try {
      const names = await fsp.readdir(descriptorPath(dir.handle)).catch((cause: unknown) => {
        throw toFsError(cause, context);
      });
      names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const entries: FsListEntry[] = [];
      let truncated = false;
      for (const name of names) {
        if (entries.length >= args.limit) {
          truncated = true;
          break;
        }
        throwIfAborted(ctx.signal, ATTEMPTED);
        try {
          const stats = await fsp.lstat(dir.at(name));
          entries.push({ name, type: entryTypeOf(stats), size: reportedSize(stats) });
        } catch (cause) {
          // Removed since the directory was read: it is no longer an entry.
          if (errnoOf(cause) !== 'ENOENT') throw toFsError(cause, context);
        }
      }
      // The listing went through the descriptor; make sure the directory was not moved meanwhile.
      dir.verify();
      return done({ path, entries, total: names.length, truncated });
    } finally {
      await dir.close();
    }
  },
});
