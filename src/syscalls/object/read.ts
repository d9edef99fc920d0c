// object.read: one version of an object (the latest by default) with its payload and labels.
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { defineSyscall, done } from '../define-syscall.js';
import { decodeContent, encodingInput } from './object-content.js';
import {
  addressOf,
  isOneTarget,
  locateTarget,
  objectNeed,
  ONE_TARGET,
  resolvedTarget,
  targetFields,
  type LocatedObject,
} from './object-target.js';
import { journalOf, viewOf, type ObjectView } from './object-view.js';

const ATTEMPTED = 'Reading an object';

const input = z
  .strictObject({
    ...targetFields,
    version: z.number().int().min(1).optional(),
    encoding: encodingInput.default('utf8'),
  })
  .refine(isOneTarget, { message: ONE_TARGET });

/** Input of `object.read`. */
export type ObjectReadInput = z.infer<typeof input>;

/** Output of `object.read`: the version's view plus its content. */
export interface ObjectReadOutput extends ObjectView {
  readonly content: string;
  readonly encoding: 'utf8' | 'base64';
}

/**
 * `object.read`: a version (latest unless `version`) by `id` or by `name` (in `namespace`,
 * default the caller's private one). Needs `read` on the object's path; an id the caller may not
 * read and an id that names nothing are refused alike. A deleted object's versions stay readable
 * by number.
 * @throws NOT_PERMITTED, NOT_FOUND, INVALID_INPUT (not UTF-8 when asked for utf8)
 */
export const objectRead = defineSyscall<ObjectReadInput, ObjectReadOutput, LocatedObject>({
  name: 'object.read',
  summary: 'Read an object version with its content, hash and provenance labels.',
  input,
  effect: 'none',
  locate: (args, ctx) => locateTarget(args, { ...ctx, attempted: ATTEMPTED }),
  resources: (args, ctx) => [
    objectNeed(resolvedTarget(args, ctx.located, { ...ctx, attempted: ATTEMPTED }), 'read'),
  ],
  // The caller now holds the version's content: its labels join the caller's taint as they are.
  received: (_args, output) => ({
    labels: [
      {
        ref: `${output.id}@${output.version}`,
        sensitivity: output.labels.sensitivity,
        origins: output.labels.origins,
      },
    ],
  }),
  journal: (_args, output) => journalOf(output),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const target = resolvedTarget(args, ctx.located, { ...ctx, attempted: ATTEMPTED });
    const payload = await ctx.kernel.objects.read(addressOf(target, ATTEMPTED), {
      version: args.version ?? null,
    });
    return done({
      ...viewOf(payload),
      content: decodeContent(payload.bytes, { encoding: args.encoding, attempted: ATTEMPTED }),
      encoding: args.encoding,
    });
  },
});
