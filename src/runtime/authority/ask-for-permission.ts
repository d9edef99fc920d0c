// Raising a durable human request and parking the calling process until it is decided.
import type { Pid } from '../../base/ids.js';
import {
  requestPurpose,
  type EffectPreview,
  type FlowPreview,
  type HumanRequest,
  type RequestBody,
} from '../../kernel/approval/types.js';
import type { ResourceNeed } from '../../syscalls/define-syscall.js';
import type { CommandScope } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';
import { needText } from './load-decision.js';

/**
 * Creates (or reuses, if still pending) the request raised by this exact call and moves the
 * process to `waiting: human`, all in the caller's transaction.
 */
export async function raiseRequest(
  scope: CommandScope,
  deps: RuntimeDeps,
  raise: {
    pid: Pid;
    body: RequestBody;
    callHash: string;
    deadline: number | null;
    channel?: string;
  },
): Promise<HumanRequest> {
  const existing = await scope.tx.findRequestByCall(
    raise.pid,
    raise.callHash,
    requestPurpose(raise.body),
  );
  let request: HumanRequest;
  if (existing?.state.kind === 'pending') {
    request = existing;
  } else {
    request = {
      id: deps.ids.next('approval'),
      pid: raise.pid,
      channel: raise.channel ?? 'owner',
      body: raise.body,
      state: { kind: 'pending' },
      deadline: raise.deadline,
      callHash: raise.callHash,
      consumed: false,
      createdAt: scope.now,
      version: 1,
    };
    await scope.tx.insertRequest(request);
    scope.journal('approval.requested', raise.pid, {
      request: request.id,
      kind: raise.body.kind,
      ...(raise.body.kind === 'permission'
        ? {
            syscall: raise.body.syscall,
            resource: raise.body.resource,
            rights: [...raise.body.rights],
          }
        : {}),
      deadline: raise.deadline,
    });
  }
  const process = await scope.load(raise.pid, 'Waiting for a human');
  await scope.apply(
    process,
    {
      type: 'block',
      wait: { on: 'human', requestIds: [request.id], deadline: request.deadline },
      at: scope.now,
    },
    { attempted: 'Waiting for a human' },
  );
  scope.journal('process.blocked', raise.pid, { on: 'human', requests: [request.id] });
  return request;
}

/** The pipeline's `ask`: a permission request bound to the exact call that needs it. */
export async function askForPermission(
  scope: CommandScope,
  deps: RuntimeDeps,
  ask: {
    pid: Pid;
    syscall: string;
    need: ResourceNeed;
    callHash: string;
    deadline?: number | null;
    /** The exact action, in the syscall's words (see `SyscallSpec.approval`). */
    detail?: string;
    /** The effect itself (see `SyscallSpec.preview`). */
    preview?: EffectPreview;
    /** Why the labels hold the call, when they do (the exit, its clearance, the sources). */
    flow?: FlowPreview;
  },
): Promise<HumanRequest> {
  const resource = needText(ask.need);
  const action = ask.detail === undefined ? '' : `: ${ask.detail}`;
  return raiseRequest(scope, deps, {
    pid: ask.pid,
    body: {
      kind: 'permission',
      resource,
      rights: [ask.need.right],
      reason: `${ask.syscall} needs ${ask.need.right} on ${resource}${action}`,
      syscall: ask.syscall,
      callHash: ask.callHash,
      grant: false,
      ...(ask.preview === undefined ? {} : { preview: ask.preview }),
      ...(ask.flow === undefined ? {} : { flow: ask.flow }),
    },
    callHash: ask.callHash,
    deadline: ask.deadline ?? null,
  });
}
