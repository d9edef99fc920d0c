// Reading the path a syscall body may act on from the resources the pipeline authorised.
import { LibosError } from '../../base/errors.js';
import type { Right } from '../../kernel/capability/catalog.js';
import type { SyscallRunContext } from '../define-syscall.js';
import { resolveWorkspacePath } from './resolve-path.js';

/**
 * The workspace-relative path of the `index`th authorised resource. The body acts on what was
 * authorised, not on a fresh reading of the input; it also re-resolves `requested` from the
 * caller's cwd and insists on the same path, so a pipeline that mixed up resources fails closed.
 * @throws INTERNAL when the authorised resource is missing or differs from the request.
 */
export function authorisedPath(
  ctx: Pick<SyscallRunContext, 'cwd' | 'resources'>,
  requested: string,
  options: { readonly index: number; readonly right: Right; readonly attempted: string },
): string {
  const need = ctx.resources[options.index];
  const resolved = resolveWorkspacePath(ctx.cwd, requested, { attempted: options.attempted });
  if (
    need === undefined ||
    need.resource.kind !== 'fs' ||
    need.right !== options.right ||
    need.resource.path !== resolved.path
  ) {
    throw new LibosError(
      'INTERNAL',
      `${options.attempted} failed: the authorised resource does not match the request`,
    );
  }
  return resolved.path;
}
