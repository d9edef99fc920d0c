// object.create: a new typed object with version 1, labelled by the runtime.
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { defineSyscall, done } from '../define-syscall.js';
import { contentInput, encodeContent, encodingInput, sensitivityInput } from './object-content.js';
import { locateSources, sourceNeeds, sourcesInput, type LocatedSource } from './object-sources.js';
import { locateName, nameInput, namespaceInput, objectNeed } from './object-target.js';
import { journalOf, viewOf, type ObjectView } from './object-view.js';

const ATTEMPTED = 'Creating an object';

const input = z.strictObject({
  namespace: namespaceInput.optional(),
  name: nameInput,
  type: z.string().min(1).max(40),
  content: contentInput,
  encoding: encodingInput.default('utf8'),
  schema: z.json().optional(),
  sources: sourcesInput.optional(),
  sensitivity: sensitivityInput.optional(),
});

/** Input of `object.create`. */
export type ObjectCreateInput = z.infer<typeof input>;

/**
 * `object.create`: creates `name` (in the caller's private namespace unless `namespace` is
 * given) with version 1. Needs `write` on `object:ns/<namespace>/<name>` and `read` on each
 * source. Labels come from the runtime: creator = caller, origin `model`, plus the real labels
 * of `sources`; `sensitivity` may only raise them.
 * @throws NOT_PERMITTED, INVALID_INPUT (name, type, schema, content), OUT_OF_RANGE (size),
 *   NOT_FOUND (namespace, source), ALREADY_EXISTS (name taken)
 */
export const objectCreate = defineSyscall<ObjectCreateInput, ObjectView, LocatedSource[]>({
  name: 'object.create',
  summary: 'Create a typed, versioned object in your namespace or one you may write.',
  input,
  effect: 'state',
  locate: (args, ctx) => locateSources(args.sources, { reader: ctx.reader, attempted: ATTEMPTED }),
  resources: (args, ctx) => [
    objectNeed(locateName(args, { ...ctx, attempted: ATTEMPTED }), 'write'),
    ...sourceNeeds(args.sources, ctx.located, ATTEMPTED),
  ],
  journal: (_args, output) => ({ ...journalOf(output), type: output.type }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const { address } = locateName(args, { ...ctx, attempted: ATTEMPTED });
    const snapshot = await ctx.kernel.objects.create({
      namespace: address.namespace,
      name: address.name,
      type: args.type,
      schema: args.schema ?? null,
      content: {
        bytes: encodeContent(args.content, {
          encoding: args.encoding,
          attempted: ATTEMPTED,
        }),
        sources: (ctx.located ?? []).map((s) => s.ref),
        ...(args.sensitivity === undefined ? {} : { sensitivity: args.sensitivity }),
      },
    });
    return done(viewOf(snapshot));
  },
});
