// object.delete: tombstone an object; its history stays readable by version.
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { defineSyscall, done } from '../define-syscall.js';
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

const ATTEMPTED = 'Deleting an object';

const input = z
  .strictObject({ ...targetFields, expectedVersion: z.number().int().min(1).optional() })
  .refine(isOneTarget, { message: ONE_TARGET });

/** Input of `object.delete`. */
export type ObjectDeleteInput = z.infer<typeof input>;

/** Output of `object.delete`. */
export interface ObjectDeleteOutput {
  readonly id: string;
  /** The last version, which stays readable with the rest of the history. */
  readonly version: number;
  readonly deleted: true;
}

/**
 * `object.delete`: marks the object deleted (only if still at `expectedVersion`, when given);
 * its name becomes free, its versions stay. Needs `delete` on the object's path.
 * @throws NOT_PERMITTED, NOT_FOUND, VERSION_CONFLICT
 */
export const objectDelete = defineSyscall<ObjectDeleteInput, ObjectDeleteOutput, LocatedObject>({
  name: 'object.delete',
  summary: 'Delete an object (a tombstone: its version history is kept).',
  input,
  effect: 'state',
  locate: (args, ctx) => locateTarget(args, { ...ctx, attempted: ATTEMPTED }),
  resources: (args, ctx) => [
    objectNeed(resolvedTarget(args, ctx.located, { ...ctx, attempted: ATTEMPTED }), 'delete'),
  ],
  journal: (_args, output) => ({ object: output.id, version: output.version }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const target = resolvedTarget(args, ctx.located, { ...ctx, attempted: ATTEMPTED });
    const object = await ctx.kernel.objects.delete(addressOf(target, ATTEMPTED), {
      ...(args.expectedVersion === undefined ? {} : { expectedVersion: args.expectedVersion }),
    });
    return done({ id: object.id, version: object.latestVersion, deleted: true });
  },
});
