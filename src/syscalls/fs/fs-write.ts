// fs.write: create, atomically replace or append to a workspace file, keeping the pre-image's hash.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { defineSyscall, done } from '../define-syscall.js';
import { appendToFile } from './append-file.js';
import { authorisedPath } from './authorised-path.js';
import { openContainedDir } from './contained.js';
import { fileChangeOf, keepPreImageAt } from './pre-image.js';
import { pathError } from './fs-error.js';
import { writeFileAtomically } from './replace-file.js';
import { previewWrite } from './preview-write.js';
import { resolveWorkspacePath, splitPath } from './resolve-path.js';

/** Largest content `fs.write` accepts in one call (10 MiB, decoded). */
export const MAX_WRITE_BYTES = 10 * 1024 * 1024;

const ATTEMPTED = 'Writing a file';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const input = z
  .strictObject({
    path: z.string(),
    content: z.string(),
    encoding: z.enum(['utf8', 'base64']).default('utf8'),
    mode: z.enum(['create', 'overwrite', 'append']).default('overwrite'),
  })
  .refine((args) => args.encoding !== 'base64' || BASE64.test(args.content), {
    message: 'content is not valid base64',
    path: ['content'],
  });

/** Input of `fs.write`. */
export type FsWriteInput = z.infer<typeof input>;

/** Output of `fs.write`. */
export interface FsWriteOutput {
  /** Workspace-relative path that was written. */
  readonly path: string;
  /** Bytes written by this call. */
  readonly bytes: number;
  /** SHA-256 (hex) of the file's contents after the write. */
  readonly sha256: string;
  readonly created: boolean;
  /** SHA-256 of the contents this call replaced or appended to; null when it created the file. */
  readonly previousSha256: string | null;
}

/**
 * `fs.write`: `create` (fails if the name exists), `overwrite` (the default: create or
 * atomically replace, keeping the permission bits) or `append`. Needs `write` on the path.
 * @throws ALREADY_EXISTS (`create`), NOT_FOUND (missing parent), NOT_PERMITTED (link, hard
 *   link, outside), INVALID_INPUT (a directory, not a regular file), OUT_OF_RANGE (too large).
 */
export const fsWrite = defineSyscall<FsWriteInput, FsWriteOutput>({
  name: 'fs.write',
  summary: 'Create, replace (atomically) or append to a workspace file.',
  input,
  effect: 'external',
  resources: (args, ctx) => [
    {
      resource: resolveWorkspacePath(ctx.cwd, args.path, { attempted: ATTEMPTED }),
      right: 'write',
    },
  ],
  // The written bytes leave the caller for a file: cleared by the path's label.
  exit: (args, ctx) => ({
    kind: 'fs',
    target: resolveWorkspacePath(ctx.cwd, args.path, { attempted: ATTEMPTED }).path,
  }),
  preview: (args, ctx) =>
    previewWrite({
      ...args,
      path: resolveWorkspacePath(ctx.cwd, args.path, { attempted: ATTEMPTED }).path,
    }),
  journal: (args, output) => ({
    path: output.path,
    mode: args.mode,
    bytes: output.bytes,
    sha256: output.sha256,
    created: output.created,
    previousSha256: output.previousSha256,
  }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const path = authorisedPath(ctx, args.path, { index: 0, right: 'write', attempted: ATTEMPTED });
    const context = { attempted: ATTEMPTED, path };
    const split = splitPath(path);
    if (split === null) throw pathError('INVALID_INPUT', 'is a directory', context);
    const data = Buffer.from(args.content, args.encoding);
    if (data.length > MAX_WRITE_BYTES) {
      throw pathError(
        'OUT_OF_RANGE',
        `the content is larger than ${MAX_WRITE_BYTES} bytes`,
        context,
      );
    }
    const dir = await openContainedDir(ctx.workspace, split.parent, context);
    try {
      if (args.mode === 'append') {
        const { preImage, ...outcome } = await appendToFile(dir, split.name, {
          data,
          signal: ctx.signal,
          context,
          log: ctx.fileChanges,
          onStart: () => {
            ctx.effectStarted({ path });
          },
        });
        ctx.fileChanges.record(fileChangeOf(path, preImage, outcome.sha256));
        return done({ path, bytes: data.length, ...outcome });
      }
      const previous =
        args.mode === 'overwrite'
          ? await keepPreImageAt(dir, split.name, {
              log: ctx.fileChanges,
              signal: ctx.signal,
              context,
            })
          : null;
      await writeFileAtomically(dir, split.name, {
        data,
        how: args.mode === 'create' ? 'create' : 'replace',
        permissions: previous?.mode ?? null,
        signal: ctx.signal,
        context,
        onCommit: () => {
          ctx.effectStarted({ path });
        },
      });
      const sha256 = createHash('sha256').update(data).digest('hex');
      ctx.fileChanges.record(fileChangeOf(path, previous, sha256));
      return done({
        path,
        bytes: data.length,
        sha256,
        created: previous === null,
        previousSha256: previous?.sha256 ?? null,
      });
    } finally {
      await dir.close();
    }
  },
});
