// object.update: append a version if the object is still at the version the caller read.
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { defineSyscall, done } from '../define-syscall.js';
import { contentInput, encodeContent, encodingInput, sensitivityInput } from './object-content.js';
import { locateSources, sourceNeeds, sourcesInput, type LocatedSource } from './object-sources.js';
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

const ATTEMPTED = 'Updating an object';

const input = z
  .strictObject({
    ...targetFields,
    content: contentInput,
    encoding: encodingInput.default('utf8'),
    expectedVersion: z.number().int().min(1),
    sources: sourcesInput.optional(),
    sensitivity: sensitivityInput.optional(),
  })
  .refine(isOneTarget, { message: ONE_TARGET });

/** Input of `object.update`. */
export type ObjectUpdateInput = z.infer<typeof input>;

/** What the pipeline located for an update. */
interface Located {
  readonly target: LocatedObject;
  readonly sources: LocatedSource[];
}

/**
 * `object.update`: appends version `expectedVersion + 1` if the object's latest version is still
 * `expectedVersion` (else VERSION_CONFLICT and nothing changes). Needs `write` on the object and
 * `read` on each source. The new version is derived from the one it replaces: its labels never
 * fall below that version's.
 * @throws NOT_PERMITTED, VERSION_CONFLICT, NOT_FOUND, INVALID_INPUT, OUT_OF_RANGE
 */
export const objectUpdate = defineSyscall<ObjectUpdateInput, ObjectView, Located>({
  name: 'object.update',
  summary: 'Write a new version of an object if it is still at the version you expect.',
  input,
  effect: 'state',
  locate: async (args, ctx) => {
    const where = { ...ctx, attempted: ATTEMPTED };
    return {
      target: await locateTarget(args, where),
      sources: await locateSources(args.sources, where),
    };
  },
  resources: (args, ctx) => [
    objectNeed(
      resolvedTarget(args, ctx.located?.target, { ...ctx, attempted: ATTEMPTED }),
      'write',
    ),
    ...sourceNeeds(args.sources, ctx.located?.sources, ATTEMPTED),
  ],
  journal: (args, output) => ({ ...journalOf(output), expectedVersion: args.expectedVersion }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const target = resolvedTarget(args, ctx.located?.target, { ...ctx, attempted: ATTEMPTED });
    const snapshot = await ctx.kernel.objects.update(addressOf(target, ATTEMPTED), {
      expectedVersion: args.expectedVersion,
      content: {
        bytes: encodeContent(args.content, {
          encoding: args.encoding,
          attempted: ATTEMPTED,
        }),
        sources: (ctx.located?.sources ?? []).map((s) => s.ref),
        ...(args.sensitivity === undefined ? {} : { sensitivity: args.sensitivity }),
      },
    });
    return done(viewOf(snapshot));
  },
});
