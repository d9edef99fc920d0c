// human.requestPermission: asks the owner for permission on a resource; needs `human:owner ask`.
import type { HumanAnswer } from '../../ports/kernel-ops.js';
import { defineSyscall } from '../define-syscall.js';
import { OWNER } from './owner.js';
import { grantRequestInput, requestGrant } from './request-grant.js';

/** Asks for permission; an allow becomes a capability record (one use for allow_once). */
export const humanRequestPermission = defineSyscall({
  name: 'human.requestPermission',
  summary: 'Ask the human owner for permission on a resource and wait for the decision.',
  input: grantRequestInput,
  resources: () => [{ resource: OWNER, right: 'ask' }],
  effect: 'state',
  journal: (input, output: HumanAnswer) => ({
    request: output.request,
    decision: output.decision,
    requested: input.resource,
  }),
  run: (input, ctx) =>
    Promise.resolve().then(() => requestGrant(input, ctx, { syscall: 'human.requestPermission' })),
});
