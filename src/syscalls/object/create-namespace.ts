// object.createNamespace: a shared namespace, for a process that may write its path.
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { LibosError } from '../../base/errors.js';
import { checkSharedNamespaceName } from '../../kernel/object/object-name.js';
import { defineSyscall, done } from '../define-syscall.js';
import { namespaceInput } from './object-target.js';

const ATTEMPTED = 'Creating a namespace';

const input = z.strictObject({ namespace: namespaceInput });

/** Input of `object.createNamespace`. */
export type ObjectCreateNamespaceInput = z.infer<typeof input>;

/**
 * `object.createNamespace`: creates the shared namespace `namespace` (two segments, not under
 * `proc/`), owned by the caller. Needs `write` on `object:ns/<namespace>`; creating it grants
 * nothing new: access to its objects still follows the caller's capabilities.
 * @throws NOT_PERMITTED, INVALID_INPUT, ALREADY_EXISTS
 */
export const objectCreateNamespace = defineSyscall<
  ObjectCreateNamespaceInput,
  { namespace: string }
>({
  name: 'object.createNamespace',
  summary: 'Create a shared namespace where you hold write on its path.',
  input,
  effect: 'state',
  resources: (args) => {
    const problem = checkSharedNamespaceName(args.namespace);
    if (problem !== null) throw new LibosError('INVALID_INPUT', `${ATTEMPTED} failed: ${problem}`);
    return [{ resource: { kind: 'object', path: `ns/${args.namespace}` }, right: 'write' }];
  },
  journal: (_args, output) => ({ namespace: output.namespace }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const namespace = await ctx.kernel.objects.createNamespace(args.namespace);
    return done({ namespace: namespace.name });
  },
});
