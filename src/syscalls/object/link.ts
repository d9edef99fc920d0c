// object.link: make a version of an object (e.g. a child's result) a new object in another namespace.
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { defineSyscall, done } from '../define-syscall.js';
import {
  addressOf,
  isOneTarget,
  locateName,
  locateTarget,
  nameInput,
  namespaceInput,
  objectNeed,
  ONE_TARGET,
  resolvedTarget,
  targetFields,
  type LocatedObject,
} from './object-target.js';
import { journalOf, viewOf, type ObjectView } from './object-view.js';

const ATTEMPTED = 'Linking an object';

const input = z
  .strictObject({
    ...targetFields,
    version: z.number().int().min(1).optional(),
    toNamespace: namespaceInput.optional(),
    toName: nameInput,
  })
  .refine(isOneTarget, { message: ONE_TARGET });

/** Input of `object.link`. */
export type ObjectLinkInput = z.infer<typeof input>;

/**
 * `object.link`: creates `toName` in `toNamespace` (default the caller's private namespace) as
 * a new object whose version 1 is `version` (default latest) of the source: same type and
 * payload (shared by hash, not copied), the source's labels with the caller as creator and the
 * source version as its source. The two objects then evolve separately. This is how a parent
 * adopts a child's result (it may read the child's namespace). Needs `read` on the source and
 * `write` on the new path.
 * @throws NOT_PERMITTED, NOT_FOUND, ALREADY_EXISTS, INVALID_INPUT
 */
export const objectLink = defineSyscall<ObjectLinkInput, ObjectView, LocatedObject>({
  name: 'object.link',
  summary: 'Make a version of an object you may read a new object in a namespace you may write.',
  input,
  effect: 'state',
  locate: (args, ctx) => locateTarget(args, { ...ctx, attempted: ATTEMPTED }),
  resources: (args, ctx) => {
    const where = { ...ctx, attempted: ATTEMPTED };
    return [
      objectNeed(resolvedTarget(args, ctx.located, where), 'read'),
      objectNeed(locateName({ namespace: args.toNamespace, name: args.toName }, where), 'write'),
    ];
  },
  journal: (_args, output) => ({
    ...journalOf(output),
    from: output.labels.sourceObjects[0] ?? null,
  }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const where = { ...ctx, attempted: ATTEMPTED };
    const from = resolvedTarget(args, ctx.located, where);
    const to = locateName({ namespace: args.toNamespace, name: args.toName }, where);
    const snapshot = await ctx.kernel.objects.link(addressOf(from, ATTEMPTED), to.address, {
      version: args.version ?? null,
    });
    return done(viewOf(snapshot));
  },
});
