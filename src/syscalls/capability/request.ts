// capability.request: a process asks the owner for a grant; needs `human:owner ask`.
import type { HumanAnswer } from '../../ports/kernel-ops.js';
import { defineSyscall } from '../define-syscall.js';
import { OWNER } from '../human/owner.js';
import { grantRequestInput, requestGrant } from '../human/request-grant.js';

/** Requests a grant; the answer's capability id is returned when one was created. */
export const capabilityRequest = defineSyscall({
  name: 'capability.request',
  summary: 'Ask the human owner to grant a capability and wait for the decision.',
  input: grantRequestInput,
  resources: () => [{ resource: OWNER, right: 'ask' }],
  effect: 'state',
  journal: (input, output: HumanAnswer) => ({
    request: output.request,
    decision: output.decision,
    granted: output.capabilityId,
    requested: input.resource,
  }),
  run: (input, ctx) =>
    Promise.resolve().then(() => requestGrant(input, ctx, { syscall: 'capability.request' })),
});
