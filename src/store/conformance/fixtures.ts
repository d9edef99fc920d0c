// Test data for the store conformance suite: processes in any state, messages, journal drafts, capabilities.
import type { Json } from '../../base/canonical-json.js';
import type { LeaseId, MessageId, Pid } from '../../base/ids.js';
import type { JournalDraft } from '../../kernel/journal/entry.js';
import type { Message } from '../../kernel/mailbox/types.js';
import type { Actor, AgentProcess, ProcessState } from '../../kernel/process/types.js';
import { capabilityFixture } from '../../kernel/capability/capability-fixture.js';
import type { Capability, CapabilityId } from '../../kernel/capability/types.js';

/** A well-formed pid numbered `n`, so that pid order is numeric order. */
export function pidOf(n: number): Pid {
  return `proc_${String(n).padStart(8, '0')}` as Pid;
}

/** A well-formed message id numbered `n`. */
export function messageIdOf(n: number): MessageId {
  return `msg_${String(n).padStart(8, '0')}` as MessageId;
}

/** A process at version 1 in `state` (runnable unless given), overridable field by field. */
export function makeProcess(n: number, overrides: Partial<AgentProcess> = {}): AgentProcess {
  return {
    pid: pidOf(n),
    parentPid: null,
    imageId: 'image-test',
    imageVersion: 1,
    goal: `goal ${n}`,
    name: null,
    cwd: '.',
    state: { kind: 'runnable' },
    budget: { quanta: 100, tokens: 10_000 },
    usage: { quanta: 0, toolCalls: 0, children: 0, tokens: 0 },
    onBudgetExceeded: 'pause',
    fence: 0,
    pendingInterrupts: 0,
    createdAt: 1_000 + n,
    updatedAt: 1_000 + n,
    version: 1,
    ...overrides,
  };
}

/** The same process one write later, with `changes` applied. */
export function nextVersion(
  process: AgentProcess,
  changes: Partial<AgentProcess> = {},
): AgentProcess {
  return { ...process, ...changes, version: process.version + 1, updatedAt: process.updatedAt + 1 };
}

/** A running state holding lease `fence`. */
export function running(fence: number): ProcessState {
  return {
    kind: 'running',
    leaseId: `lse_${String(fence).padStart(8, '0')}` as LeaseId,
    fence,
    leaseExpiresAt: 9_000_000,
  };
}

/** A state waiting on a timer due at `wakeAt`. */
export function waitingOnTimer(wakeAt: number): ProcessState {
  return { kind: 'waiting', wait: { on: 'timer', wakeAt }, since: 500 };
}

/** One process state of every kind, with every optional field exercised somewhere. */
export const STATES_OF_EVERY_KIND: readonly ProcessState[] = [
  { kind: 'runnable' },
  running(7),
  { kind: 'waiting', wait: { on: 'child', pids: [pidOf(90), pidOf(91)] }, since: 10 },
  { kind: 'waiting', wait: { on: 'message', filter: { from: ['operator', pidOf(3)] } }, since: 11 },
  { kind: 'waiting', wait: { on: 'message', filter: {} }, since: 11 },
  {
    kind: 'waiting',
    wait: { on: 'human', requestIds: ['apr_00000001'], deadline: null },
    since: 12,
  },
  waitingOnTimer(5_000),
  { kind: 'waiting', wait: { on: 'tool', taskId: 'task-1' }, since: 13 },
  { kind: 'paused', reason: 'operator', resumeTo: { kind: 'runnable' } },
  {
    kind: 'paused',
    reason: 'error',
    detail: 'model unavailable',
    resumeTo: { kind: 'waiting', wait: { on: 'timer', wakeAt: 7_000 }, since: 14 },
  },
  { kind: 'exited', result: { summary: 'done', items: [1, 2.5, null, true] } },
  { kind: 'failed', code: 'BUDGET_EXCEEDED', message: 'Ran out of quanta' },
  { kind: 'killed', signal: 'terminate', by: 'operator' },
];

/** A message to `to`, posted at `postedAt`. */
export function makeMessage(
  n: number,
  to: Pid,
  options: { postedAt: number; interrupt?: boolean; from?: Actor; body?: Json },
): Message {
  return {
    id: messageIdOf(n),
    to,
    from: options.from ?? 'operator',
    body: options.body ?? { text: `message ${n}` },
    interrupt: options.interrupt ?? false,
    postedAt: options.postedAt,
    deliveredAt: null,
  };
}

/** A journal draft of `type` about `pid`. */
export function makeDraft(
  type: string,
  pid: Pid | null,
  data: JournalDraft['data'] = {},
): JournalDraft {
  return { type, pid, actor: pid ?? 'runtime', data };
}

/** An unrevoked `fs` allow numbered `n` held by `subject`, overridable field by field. */
export function makeCapability(
  n: number,
  subject: Pid,
  overrides: Partial<Capability> = {},
): Capability {
  return capabilityFixture({
    id: `cap_${String(n).padStart(8, '0')}` as CapabilityId,
    subject,
    resource: { kind: 'fs', match: 'subtree', path: `dir-${n}` },
    createdAt: 1_000 + n,
    ...overrides,
  });
}
