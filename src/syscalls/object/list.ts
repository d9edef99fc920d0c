// object.list: a namespace's live objects with their latest versions, keyset-paged by name.
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { LibosError } from '../../base/errors.js';
import { OBJECT_LIMITS } from '../../kernel/object/limits.js';
import { checkNamespaceName } from '../../kernel/object/object-name.js';
import { defineSyscall, done } from '../define-syscall.js';
import { nameInput, namespaceInput, namespaceOr } from './object-target.js';
import { viewOf, type ObjectView } from './object-view.js';

const ATTEMPTED = 'Listing objects';

const input = z.strictObject({
  namespace: namespaceInput.optional(),
  afterName: nameInput.optional(),
  limit: z.number().int().min(1).max(OBJECT_LIMITS.maxPage).default(100),
});

/** Input of `object.list`. */
export type ObjectListInput = z.infer<typeof input>;

/** Output of `object.list`. */
export interface ObjectListOutput {
  readonly namespace: string;
  readonly objects: readonly ObjectView[];
  /** Pass as `afterName` for the next page; null on the last page. */
  readonly nextAfter: string | null;
}

/**
 * `object.list`: up to `limit` live objects of `namespace` (default the caller's private one)
 * after `afterName`. Needs `read` on the whole namespace (`object:ns/<namespace>/**`); a grant on
 * single objects does not let a process enumerate their neighbours.
 * @throws NOT_PERMITTED, NOT_FOUND (namespace), INVALID_INPUT
 */
export const objectList = defineSyscall<ObjectListInput, ObjectListOutput>({
  name: 'object.list',
  summary: 'List the objects of a namespace you may read, a page at a time by name.',
  input,
  effect: 'none',
  resources: (args, ctx) => {
    const namespace = namespaceOr(args.namespace, ctx);
    const problem = checkNamespaceName(namespace);
    if (problem !== null) throw new LibosError('INVALID_INPUT', `${ATTEMPTED} failed: ${problem}`);
    return [{ resource: { kind: 'object', path: `ns/${namespace}` }, right: 'read' }];
  },
  journal: (_args, output) => ({ namespace: output.namespace, count: output.objects.length }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const namespace = namespaceOr(args.namespace, ctx);
    const page = await ctx.kernel.objects.list({
      namespace,
      limit: args.limit,
      ...(args.afterName === undefined ? {} : { afterName: args.afterName }),
    });
    return done({ namespace, objects: page.items.map(viewOf), nextAfter: page.nextAfter });
  },
});
