// object.toFile: write an object version to a workspace file through fs.write's containment code.
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { defineSyscall, done } from '../define-syscall.js';
import { fsWrite, type FsWriteOutput } from '../fs/fs-write.js';
import { resolveWorkspacePath } from '../fs/resolve-path.js';
import {
  addressOf,
  isOneTarget,
  locateLabels,
  objectNeed,
  ONE_TARGET,
  resolvedTarget,
  targetFields,
  type LocatedObject,
} from './object-target.js';

const ATTEMPTED = 'Writing an object to a file';

const input = z
  .strictObject({
    ...targetFields,
    version: z.number().int().min(1).optional(),
    path: z.string(),
    mode: z.enum(['create', 'overwrite']).default('overwrite'),
  })
  .refine(isOneTarget, { message: ONE_TARGET });

/** Input of `object.toFile`. */
export type ObjectToFileInput = z.infer<typeof input>;

/** Output of `object.toFile`: what fs.write reports, plus the object version written. */
export interface ObjectToFileOutput extends FsWriteOutput {
  readonly object: string;
  readonly version: number;
}

/**
 * `object.toFile`: writes a version's payload (latest unless `version`) to a workspace file
 * with fs.write's body (contained, no-follow, atomic replace, pre-image hash kept). Needs `write`
 * on `fs:<path>` and `read` on the object. An external effect: it gets an intent.
 * @throws NOT_PERMITTED, NOT_FOUND, ALREADY_EXISTS (`create`), OUT_OF_RANGE (past fs.write's
 *   10 MiB), INVALID_INPUT
 */
export const objectToFile = defineSyscall<ObjectToFileInput, ObjectToFileOutput, LocatedObject>({
  name: 'object.toFile',
  summary: 'Write an object version to a workspace file (atomically, keeping the pre-image hash).',
  input,
  effect: 'external',
  locate: (args, ctx) =>
    locateLabels(args, { ...ctx, attempted: ATTEMPTED, version: args.version ?? null }),
  resources: (args, ctx) => [
    {
      resource: resolveWorkspacePath(ctx.cwd, args.path, { attempted: ATTEMPTED }),
      right: 'write',
    },
    objectNeed(resolvedTarget(args, ctx.located, { ...ctx, attempted: ATTEMPTED }), 'read'),
  ],
  // The version leaves Object Memory for a file: the path's clearance is checked against the
  // caller's taint and the version's own labels (the caller need not have read it).
  exit: (args, ctx) => ({
    kind: 'fs',
    target: resolveWorkspacePath(ctx.cwd, args.path, { attempted: ATTEMPTED }).path,
    ...(ctx.located?.labels === undefined ? {} : { carries: { labels: [ctx.located.labels] } }),
  }),
  journal: (_args, output) => ({
    object: output.object,
    version: output.version,
    path: output.path,
    bytes: output.bytes,
    sha256: output.sha256,
    created: output.created,
    previousSha256: output.previousSha256,
  }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const target = resolvedTarget(args, ctx.located, { ...ctx, attempted: ATTEMPTED });
    const payload = await ctx.kernel.objects.read(addressOf(target, ATTEMPTED), {
      version: args.version ?? null,
    });
    // fs.write's own body acts on ctx.resources[0], the fs need authorised above.
    const written = await fsWrite.run(
      {
        path: args.path,
        content: Buffer.from(payload.bytes).toString('base64'),
        encoding: 'base64',
        mode: args.mode,
      },
      { ...ctx, located: undefined },
    );
    if (written.blocked) return written;
    return done({
      ...written.value,
      object: payload.object.id,
      version: payload.version.version,
    });
  },
});
