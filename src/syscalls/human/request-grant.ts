// Asking the owner for a grant: shared by human.requestPermission and capability.request.
import { z } from 'zod';
import { LibosError } from '../../base/errors.js';
import { forbiddenRequest } from '../../kernel/capability/forbidden-request.js';
import { formatResource, parseResource, parseRights } from '../../kernel/capability/resource.js';
import type { HumanAnswer } from '../../ports/kernel-ops.js';
import type { SyscallResult, SyscallRunContext } from '../define-syscall.js';
import { humanText, resourceInput, rightsInput } from '../schemas.js';
import { deadlineAt, deadlineInput } from './owner.js';

/** Input of a grant request. */
export const grantRequestInput = z
  .object({
    resource: resourceInput,
    rights: rightsInput,
    reason: humanText,
    deadlineMs: deadlineInput,
  })
  .strict();

/**
 * Asks the owner for a grant and waits. Refuses, before any human is bothered, requests no
 * process may make: shell:*, writing the whole workspace, capability administration.
 * @throws INVALID_INPUT (bad resource or rights), NOT_PERMITTED (forbidden request)
 */
export function requestGrant(
  input: z.infer<typeof grantRequestInput>,
  ctx: SyscallRunContext,
  options: { syscall: string },
): Promise<SyscallResult<HumanAnswer>> {
  const pattern = parseResource(input.resource);
  if (!pattern.ok)
    throw new LibosError('INVALID_INPUT', `${options.syscall} failed: resource: ${pattern.reason}`);
  const rights = parseRights(pattern.value, input.rights);
  if (!rights.ok)
    throw new LibosError('INVALID_INPUT', `${options.syscall} failed: rights: ${rights.reason}`);
  const forbidden = forbiddenRequest(pattern.value, rights.value, { requester: ctx.pid });
  if (forbidden !== null)
    throw new LibosError('NOT_PERMITTED', `${options.syscall} was refused: ${forbidden}`);
  return ctx.kernel.askHuman({
    body: {
      kind: 'permission',
      resource: formatResource(pattern.value),
      rights: rights.value,
      reason: input.reason,
      syscall: options.syscall,
      callHash: ctx.callHash,
      grant: true,
    },
    callHash: ctx.callHash,
    deadline: deadlineAt(ctx.clock.now(), input.deadlineMs),
  });
}
