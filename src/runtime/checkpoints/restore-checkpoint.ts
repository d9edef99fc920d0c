// Restoring a checkpoint in place: the subtree's runtime state back, at a safe point, in one command.
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import type { MessageId, Pid } from '../../base/ids.js';
import type { RequestId } from '../../kernel/approval/types.js';
import type { CapabilityId } from '../../kernel/capability/types.js';
import type {
  CapturedProcess,
  Checkpoint,
  CheckpointId,
  CheckpointManifest,
} from '../../kernel/checkpoint/types.js';
import { matchesFilter, type Message } from '../../kernel/mailbox/types.js';
import { isTerminal, type AgentProcess, type ProcessState } from '../../kernel/process/types.js';
import { capabilitiesOf } from '../authority/capabilities-of.js';
import { cancelRequestsOf } from '../authority/cancel-requests.js';
import { revokeTree } from '../authority/revoke-tree.js';
import type { CommandScope } from '../commands/command-scope.js';
import { endSubtree } from '../commands/end-subtree.js';
import { loadDescendants } from '../commands/lineage.js';
import { MAX_CAPTURED_MESSAGES } from './capture.js';
import { readManifest } from './manifest-codec.js';
import { rewindMemory } from './rewind-memory.js';
import { sinceCheckpoint } from './since-checkpoint.js';
import type { RestoreReport } from '../../kernel/checkpoint/reports.js';

/**
 * In one command: puts `checkpoint`'s subtree back as captured. Refuses unless no process of the
 * subtree is running (a safe point), so a process can never restore its own subtree from inside
 * its quantum. Kills processes spawned since; revokes records granted since (never brings back a
 * revoked record or a spent use: finite records keep their current count); cancels requests
 * raised since; supersedes messages sent since and returns those received since; rewinds Object
 * Memory, transcripts, settings and taints; retires the idempotency keys of calls made since, so
 * the restored processes make them afresh; keeps usage (what was spent stays spent). Journals
 * `checkpoint.restored`.
 * @throws NOT_FOUND, ILLEGAL_TRANSITION (not at a safe point), STORE_CORRUPT
 */
export async function restoreCheckpoint(
  scope: CommandScope,
  checkpoint: Checkpoint,
  options: { readonly hold?: boolean } = {},
): Promise<RestoreReport> {
  const attempted = `Restoring checkpoint ${checkpoint.id}`;
  const manifest = await readManifest(scope.tx, checkpoint);
  const root = await scope.load(manifest.root, attempted);
  const members = [root, ...(await loadDescendants(scope.tx, root.pid))];
  const running = members.find((p) => p.state.kind === 'running');
  if (running !== undefined)
    throw new LibosError(
      'ILLEGAL_TRANSITION',
      running.pid === scope.actor
        ? `${attempted} failed: a process cannot restore its own subtree from inside its quantum`
        : `${attempted} failed: ${running.pid} is running a quantum; pause the subtree first`,
      { details: { pid: running.pid } },
    );
  const captured = new Map(manifest.processes.map((p) => [p.process.pid, p]));
  const memberPids = new Set(members.map((p) => p.pid));
  const since = await sinceCheckpoint(scope.tx, {
    afterSeq: checkpoint.journalSeq,
    pids: memberPids,
  });
  const killed = await killNewcomers(scope, members, captured);
  const authority = await rewindAuthority(scope, manifest, checkpoint.id);
  const mailbox = await rewindMailbox(scope, {
    since,
    captured,
    checkpoint: checkpoint.id,
  });
  const objects = await rewindMemory(scope, manifest, checkpoint.id);
  for (const intent of since.effects) {
    const stored = await scope.tx.getIntent(intent.intent);
    if (stored === undefined || !captured.has(intent.pid)) continue;
    await scope.tx.rekeyIntent(
      stored.id,
      sha256Hex(`${stored.idempotencyKey}\u0000retired by ${checkpoint.id}@${scope.now}`),
    );
  }
  const restored: Pid[] = [];
  const notRevived: Pid[] = [];
  const held: Pid[] = [];
  for (const entry of manifest.processes) {
    // Parents come first: under a parent left killed, the subtree stays as it is too.
    const parent = entry.process.parentPid;
    const outcome =
      parent !== null && notRevived.includes(parent)
        ? 'not-revived'
        : await rewindProcess(scope, entry, {
            checkpoint: checkpoint.id,
            manifest,
            hold: options.hold === true,
          });
    if (outcome === 'not-revived') notRevived.push(entry.process.pid);
    else restored.push(entry.process.pid);
    if (outcome === 'held') held.push(entry.process.pid);
  }
  const report: RestoreReport = {
    checkpoint: checkpoint.id,
    restored,
    killed,
    notRevived,
    held,
    ...authority,
    ...mailbox,
    objects,
    external: since.effects,
  };
  scope.journal('checkpoint.restored', root.pid, {
    checkpoint: checkpoint.id,
    restored: [...report.restored],
    killed: [...killed],
    notRevived: [...notRevived],
    held: [...held],
    revoked: [...report.revoked],
    stillRevoked: [...report.stillRevoked],
    cancelled: report.cancelled,
    superseded: [...report.superseded],
    returned: [...report.returned],
    objectsRestored: objects.restored,
    objectsRemoved: objects.removed,
    external: since.effects.map((e) => ({
      intent: e.intent,
      syscall: e.syscall,
      resource: e.resource,
    })),
    messagesOut: [...report.messagesOut],
  });
  return report;
}

/** Ends every process of the subtree the checkpoint does not know (spawned since). */
async function killNewcomers(
  scope: CommandScope,
  members: readonly AgentProcess[],
  captured: ReadonlyMap<Pid, CapturedProcess>,
): Promise<Pid[]> {
  const killed: Pid[] = [];
  for (const member of members) {
    if (captured.has(member.pid)) continue;
    const current = await scope.load(member.pid, 'Restoring a checkpoint');
    if (isTerminal(current.state)) continue;
    await endSubtree(scope, current, { signal: 'kill', by: scope.actor });
    killed.push(member.pid);
  }
  return killed;
}

async function rewindAuthority(
  scope: CommandScope,
  manifest: CheckpointManifest,
  checkpoint: CheckpointId,
): Promise<Pick<RestoreReport, 'revoked' | 'stillRevoked' | 'cancelled'>> {
  const known = new Set(manifest.capabilities.map((c) => c.id));
  const revoked: CapabilityId[] = [];
  const keep = new Set<RequestId>(manifest.requests);
  let cancelled = 0;
  for (const { process } of manifest.processes) {
    const newer = [];
    for await (const record of capabilitiesOf(scope.tx, process.pid))
      if (!known.has(record.id) && record.resource.kind !== 'checkpoint') newer.push(record);
    for (const record of newer) {
      const current = await scope.tx.getCapability(record.id);
      if (current === undefined || current.revokedAt !== null) continue;
      revoked.push(
        ...((await revokeTree(scope, current, {
          note: { reason: 'checkpoint restored', checkpoint },
        })) as CapabilityId[]),
      );
    }
    cancelled += await cancelRequestsOf(scope, process.pid, {
      reason: `checkpoint ${checkpoint} was restored`,
      keep,
    });
  }
  const stillRevoked: CapabilityId[] = [];
  for (const record of manifest.capabilities) {
    const current = await scope.tx.getCapability(record.id);
    if (current !== undefined && current.revokedAt !== null) stillRevoked.push(record.id);
  }
  return { revoked, stillRevoked, cancelled };
}

async function rewindMailbox(
  scope: CommandScope,
  input: {
    since: Awaited<ReturnType<typeof sinceCheckpoint>>;
    captured: ReadonlyMap<Pid, CapturedProcess>;
    checkpoint: CheckpointId;
  },
): Promise<Pick<RestoreReport, 'superseded' | 'returned' | 'messagesOut'>> {
  const superseded: MessageId[] = [];
  const messagesOut: MessageId[] = [];
  for (const sent of input.since.sent) {
    const message = await scope.tx.getMessage(sent.message);
    if (message === undefined || message.supersededBy !== null) continue;
    superseded.push(message.id);
    if (!input.captured.has(message.to)) messagesOut.push(message.id);
    // An unread interrupt no longer waits for its receiver.
    if (message.deliveredAt === null && message.interrupt && !input.captured.has(message.to)) {
      const receiver = await scope.tx.getProcess(message.to);
      if (receiver !== undefined && receiver.pendingInterrupts > 0)
        await scope.write({ ...receiver, pendingInterrupts: receiver.pendingInterrupts - 1 });
    }
  }
  await scope.tx.supersedeMessages(superseded, input.checkpoint);
  const gone = new Set(superseded);
  // What was unread at the checkpoint is unread again, even if a restore since superseded it;
  // what the subtree took since (from outside it) goes back too.
  const unsuperseded: MessageId[] = [];
  const candidates = new Set<MessageId>(input.since.received);
  for (const entry of input.captured.values())
    for (const message of entry.undelivered) {
      candidates.add(message.id);
      const current = await scope.tx.getMessage(message.id);
      if (
        current?.supersededBy !== null &&
        current?.supersededBy !== undefined &&
        !gone.has(message.id)
      )
        unsuperseded.push(message.id);
    }
  await scope.tx.supersedeMessages(unsuperseded, null);
  const returned: MessageId[] = [];
  for (const id of candidates) {
    if (gone.has(id)) continue;
    const message = await scope.tx.getMessage(id);
    if (message === undefined || !input.captured.has(message.to) || message.deliveredAt === null)
      continue;
    returned.push(id);
  }
  await scope.tx.undeliverMessages(returned);
  return { superseded, returned, messagesOut };
}

async function rewindProcess(
  scope: CommandScope,
  entry: CapturedProcess,
  options: { checkpoint: CheckpointId; manifest: CheckpointManifest; hold: boolean },
): Promise<'restored' | 'held' | 'not-revived'> {
  const { pid } = entry.process;
  const current = await scope.load(pid, 'Restoring a checkpoint');
  // An operator's kill is undone only by the operator.
  if (
    current.state.kind === 'killed' &&
    current.state.by === 'operator' &&
    scope.actor !== 'operator'
  )
    return 'not-revived';
  const unread = await scope.tx.listUndelivered(pid, MAX_CAPTURED_MESSAGES);
  const state = await resumableState(scope, entry.process.state, unread);
  const pause = heldPause(current.state, state, options.hold);
  await scope.write({
    ...entry.process,
    state: pause ?? state,
    // What was spent stays spent, and the fence only ever grows.
    usage: current.usage,
    fence: current.fence,
    version: current.version,
    pendingInterrupts: unread.filter((m) => m.interrupt).length,
  });
  await scope.tx.rewindTranscript(pid, entry.transcript);
  await scope.tx.replaceSettings(pid, entry.settings);
  if (entry.taint === null) await scope.tx.deleteTaint(pid);
  else await scope.tx.putTaint(pid, entry.taint, scope.now);
  // Calls made since are made afresh; calls made before keep their outcomes (one in flight at
  // the capture, its result not yet in the transcript, is re-issued and gets it back). The call
  // that took the checkpoint answers with this checkpoint (the outcome `create` stores).
  await scope.tx.deleteCallOutcomes(pid);
  for (const { key, value } of entry.outcomes)
    await scope.tx.putCallOutcome({ key, pid, value, at: scope.now });
  const call = options.manifest.call;
  if (call?.pid === pid)
    await scope.tx.putCallOutcome({ key: call.key, pid, value: options.checkpoint, at: scope.now });
  // Only a hold is lifted after the files: an operator's pause stays the operator's.
  const operatorPaused = current.state.kind === 'paused' && current.state.by === 'operator';
  return pause !== null && !operatorPaused ? 'held' : 'restored';
}

/**
 * The operator's pause the restored state goes into, if any: a pause the operator made since
 * survives the restore (resumed by `continue`), and with `hold` every live process waits paused
 * while the files are put back. A captured terminal or paused state stays as it was.
 */
function heldPause(
  current: ProcessState,
  restored: ProcessState,
  hold: boolean,
): ProcessState | null {
  if (restored.kind !== 'runnable' && restored.kind !== 'waiting') return null;
  const byOperator = current.kind === 'paused' && current.by === 'operator';
  if (!byOperator && !hold) return null;
  return {
    kind: 'paused',
    reason: 'operator',
    by: 'operator',
    detail: byOperator ? (current.detail ?? 'paused by the operator') : HOLD_DETAIL,
    resumeTo: restored,
  };
}

/** Why a process waits paused while its checkpoint's files are put back. */
export const HOLD_DETAIL = 'checkpoint restore: putting the files back';

/**
 * The captured state, woken where its wait is already over: a wait on requests decided since
 * (the process asks again), a wait on messages one of which is back in its mailbox.
 */
async function resumableState(
  scope: CommandScope,
  state: ProcessState,
  unread: readonly Message[],
): Promise<ProcessState> {
  const wait =
    state.kind === 'waiting'
      ? state.wait
      : state.kind === 'paused' && state.resumeTo.kind === 'waiting'
        ? state.resumeTo.wait
        : null;
  let over = false;
  if (wait?.on === 'message') over = unread.some((m) => matchesFilter(m, wait.filter));
  if (wait?.on === 'human')
    for (const id of wait.requestIds)
      if ((await scope.tx.getRequest(id as RequestId))?.state.kind !== 'pending') over = true;
  if (!over) return state;
  return state.kind === 'paused'
    ? { ...state, resumeTo: { kind: 'runnable' } }
    : { kind: 'runnable' };
}
