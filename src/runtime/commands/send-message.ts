// Posting to a mailbox: the wake-up of a waiting receiver happens in the same transaction.
import { canonicalJson, type Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import type { MessageId, Pid } from '../../base/ids.js';
import { canSend } from '../../kernel/mailbox/can-send.js';
import { matchesFilter, type Message } from '../../kernel/mailbox/types.js';
import { isTerminal, type Actor, type AgentProcess } from '../../kernel/process/types.js';
import type { RuntimeDeps } from '../deps.js';
import { runCommand, type CommandScope } from './command-scope.js';
import { oncePerCall } from './once-per-call.js';
import { joinIntoTaint } from '../flow/join-into-taint.js';

/** Largest message body, as canonical JSON bytes. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/**
 * Posts `body` from `from` to `to`. An interrupt aborts the receiver's in-flight quantum and wakes
 * it from any wait but a human one; it is delivered first at its next quantum.
 * @throws NOT_FOUND, NOT_PERMITTED (not self, parent or direct child), ILLEGAL_TRANSITION (ended),
 *   OUT_OF_RANGE (body too large), STALE_LEASE (sender's lease lost)
 */
export function sendMessage(
  deps: RuntimeDeps,
  input: MessageInput,
  options: { fence?: number; call?: string },
): Promise<MessageId> {
  return runCommand(deps, { actor: input.from }, async (scope) => {
    const { from } = input;
    if (from === 'operator' || from === 'runtime') return post(scope, deps, input);
    if (options.fence !== undefined) await scope.tx.assertLease(from, options.fence);
    // A message re-issued by the same call after a crash was already posted: the same id.
    const { value } = await oncePerCall(scope, { pid: from, key: options.call }, () =>
      post(scope, deps, input),
    );
    return value;
  });
}

/** What is sent. */
type MessageInput = { from: Actor; to: Pid; body: Json; interrupt: boolean };

async function post(
  scope: CommandScope,
  deps: RuntimeDeps,
  input: MessageInput,
): Promise<MessageId> {
  const attempted = 'Sending a message';
  const size = Buffer.byteLength(canonicalJson(input.body));
  if (size > MAX_MESSAGE_BYTES) {
    throw new LibosError(
      'OUT_OF_RANGE',
      `${attempted} failed: the body is ${size} bytes, over the ${MAX_MESSAGE_BYTES}-byte limit`,
    );
  }
  const sender =
    input.from === 'operator' || input.from === 'runtime'
      ? null
      : await scope.load(input.from, attempted);
  const receiver = await scope.tx.getProcess(input.to);
  // Processes learn nothing about pids they may not reach: unknown and unrelated look alike.
  if (
    receiver === undefined ||
    !canSend(input.from, {
      receiverPid: input.to,
      receiverParent: receiver.parentPid,
      senderParent: sender?.parentPid ?? null,
    })
  ) {
    throw input.from === 'operator'
      ? new LibosError('NOT_FOUND', `${attempted} failed: no process ${input.to}`, {
          details: { pid: input.to },
        })
      : new LibosError(
          'NOT_PERMITTED',
          `${attempted} failed: a process may message only itself, its parent and its direct children`,
        );
  }
  // An interrupt is a signal: a process may send one only to a direct child, whatever it holds.
  if (input.interrupt && sender !== null && receiver.parentPid !== sender.pid)
    throw new LibosError(
      'NOT_PERMITTED',
      `${attempted} failed: a process may interrupt only its direct children`,
    );
  if (isTerminal(receiver.state)) {
    // The operator is told how to go on when the process ran a task; a process learns nothing.
    const run = input.from === 'operator' ? await scope.tx.findTaskRun(receiver.pid) : undefined;
    throw new LibosError(
      'ILLEGAL_TRANSITION',
      `${attempted} failed: the receiver has ${receiver.state.kind}${
        run === undefined
          ? ''
          : `; it ran task ${run.taskId}: continue it with \`agent-libos task follow-up ${run.taskId} "…"\``
      }`,
      run === undefined ? {} : { details: { task: run.taskId } },
    );
  }
  const message: Message = {
    id: deps.ids.next('message'),
    to: input.to,
    from: input.from,
    body: input.body,
    interrupt: input.interrupt,
    postedAt: scope.now,
    deliveredAt: null,
  };
  await scope.tx.insertMessage(message);
  scope.journal('message.sent', input.to, {
    message: message.id,
    from: input.from,
    interrupt: input.interrupt,
    bodySha256: sha256Hex(canonicalJson(input.body)),
  });
  // The message carries the sender's taint: the receiver holds it from the moment it is posted.
  if (sender !== null && sender.pid !== input.to) {
    const carried = await scope.tx.getTaint(sender.pid);
    const tainted =
      carried === undefined
        ? null
        : await joinIntoTaint(scope.tx, {
            pid: input.to,
            added: carried,
            at: scope.now,
            actor: sender.pid,
            why: { message: message.id, from: sender.pid },
          });
    if (tainted !== null) scope.journal(tainted.type, tainted.pid, tainted.data);
  }
  await (input.interrupt
    ? interruptReceiver(scope, receiver)
    : wakeReceiver(scope, receiver, message));
  return message.id;
}

async function wakeReceiver(
  scope: CommandScope,
  receiver: AgentProcess,
  message: Message,
): Promise<void> {
  const state = receiver.state;
  const wait =
    state.kind === 'waiting'
      ? state.wait
      : state.kind === 'paused' && state.resumeTo.kind === 'waiting'
        ? state.resumeTo.wait
        : undefined;
  if (wait?.on !== 'message' || !matchesFilter(message, wait.filter)) return;
  await scope.apply(receiver, { type: 'wake' }, { attempted: 'Waking a receiver' });
  scope.journal('process.woken', receiver.pid, { by: 'message', message: message.id });
}

async function interruptReceiver(scope: CommandScope, receiver: AgentProcess): Promise<void> {
  const counted = { ...receiver, pendingInterrupts: receiver.pendingInterrupts + 1 };
  const state = receiver.state;
  if (state.kind === 'waiting' && state.wait.on !== 'human') {
    await scope.apply(counted, { type: 'wake' }, { attempted: 'Interrupting a process' });
    scope.journal('process.woken', receiver.pid, { by: 'interrupt' });
    return;
  }
  await scope.write(counted);
  if (state.kind === 'running') scope.abortAfter(receiver.pid, 'interrupt');
}
