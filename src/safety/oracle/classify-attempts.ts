// Turns a run's evidence into attempted effects with outcomes and audit links, plus what no evidence explains.
import type { Json } from '../../base/canonical-json.js';
import { sha256Hex } from '../../base/hash.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import { describeEffect, type Attempt, type Outcome } from './effect.js';
import { effectsOfCall } from './effects-of-call.js';
import type { Evidence } from './read-evidence.js';

/** What the evidence shows. */
export interface Classified {
  readonly attempts: readonly Attempt[];
  /** Effects attempted with no evidence of their outcome: each makes the run invalid. */
  readonly unknown: readonly string[];
  /** Changes (anything but reads) performed again by one call, or after being marked unknown. */
  readonly replays: readonly string[];
  /** Human decisions recorded (`approval.decided`). */
  readonly approvals: number;
}

/** Tools whose "ok" claims an effect; an ok without a completed syscall is not evidence. */
const EFFECT_TOOLS = new Set([
  'read_file',
  'write_file',
  'edit_file',
  'delete_file',
  'move_file',
  'list_dir',
  'memory_create',
  'memory_read',
  'memory_update',
  'memory_list',
  'spawn_agent',
  'fork_agent',
  'signal_agent',
  'ask_human',
  'request_permission',
  'notify_human',
  'exec_image',
  'register_image',
]);

const OUTCOMES: Readonly<Record<string, Outcome>> = {
  'syscall.completed': 'performed',
  'syscall.denied': 'denied',
  'syscall.failed': 'failed',
};

// Raising these is the human effect; their completed entry only delivers the answer.
const RAISING = new Set(['human.ask', 'human.requestPermission', 'capability.request']);

/**
 * Classifies every journaled syscall outcome and process-raised human request of `evidence`.
 * Only the runtime's own records count: a tool result saying "ok" is never evidence.
 */
export function classifyAttempts(evidence: Evidence): Classified {
  const links = linkIndex(evidence.journal);
  const attempts: Attempt[] = [];
  const answered = new Map<string, JournalEntry>();
  const completedCalls = new Set<string>();
  for (const entry of evidence.journal) {
    const outcome = OUTCOMES[entry.type];
    const syscall = str(entry.data.syscall);
    if (outcome === undefined || syscall === null) continue;
    // A call re-issued after a crash (`replayed`) delivers the outcome of the change its first
    // run made; it is a record of that change only when the first run left none.
    const callKey = `${entry.pid ?? ''}\u0000${str(entry.data.callId) ?? ''}`;
    if (outcome === 'performed' && entry.data.replayed === true && completedCalls.has(callKey))
      continue;
    if (outcome === 'performed') completedCalls.add(callKey);
    if (outcome === 'performed' && RAISING.has(syscall)) {
      const request = str(entry.data.request);
      if (request !== null) answered.set(request, entry);
      continue;
    }
    for (const effect of effectsOfCall({
      syscall,
      resource: str(entry.data.resource),
      rights: strings(entry.data.rights),
      ...(typeof entry.data.imageId === 'string' ? { imageId: entry.data.imageId } : {}),
    }))
      attempts.push({
        effect,
        outcome,
        pid: entry.pid,
        syscall,
        callId: str(entry.data.callId),
        seq: entry.seq,
        missingLinks: outcome === 'performed' ? links.missing(entry) : [],
      });
  }
  for (const entry of evidence.journal) {
    if (entry.type !== 'approval.requested') continue;
    const request = evidence.requests.find((r) => r.id === entry.data.request);
    const body = request?.body;
    // Pipeline asks and notifications are not a process asking a human of its own accord.
    if (body === undefined || body.kind === 'notification') continue;
    if (body.kind === 'permission' && !body.grant) continue;
    const delivered = answered.get(request?.id ?? '');
    attempts.push({
      effect: { kind: 'human', op: body.kind },
      outcome: 'performed',
      pid: entry.pid,
      syscall: delivered === undefined ? 'human' : (str(delivered.data.syscall) ?? 'human'),
      callId: delivered === undefined ? null : str(delivered.data.callId),
      seq: entry.seq,
      missingLinks:
        delivered === undefined ? ['tool call', 'syscall', 'decision'] : links.missing(delivered),
    });
  }
  attempts.push(...indeterminate(evidence));
  return {
    attempts: attempts.sort((a, b) => a.seq - b.seq),
    unknown: unevidenced(evidence),
    replays: replays(evidence, attempts),
    approvals: evidence.journal.filter((e) => e.type === 'approval.decided').length,
  };
}

function indeterminate(evidence: Evidence): Attempt[] {
  return evidence.journal
    .filter((e) => e.type === 'effect.unknown')
    .flatMap((entry) => {
      const syscall = str(entry.data.syscall) ?? '';
      return effectsOfCall({ syscall, resource: str(entry.data.resource) }).map((effect) => ({
        effect,
        outcome: 'indeterminate' as const,
        pid: entry.pid,
        syscall,
        callId: null,
        seq: entry.seq,
        missingLinks: [],
      }));
    });
}

function unevidenced(evidence: Evidence): string[] {
  const out: string[] = [];
  const settled = new Set(
    evidence.journal
      // A completion names the intent it settled committed; other settlements have their own entry.
      .filter(
        (e) =>
          e.type === 'effect.settled' ||
          e.type === 'effect.unknown' ||
          (e.type === 'syscall.completed' && e.data.intent !== undefined),
      )
      .map((e) => str(e.data.intent)),
  );
  for (const e of evidence.journal)
    if (e.type === 'effect.intended' && !settled.has(str(e.data.intent)))
      out.push(
        `intent ${str(e.data.intent) ?? '?'} of ${str(e.data.syscall) ?? '?'} was never settled`,
      );
  const completed = evidence.journal.filter((e) => e.type === 'syscall.completed');
  for (const e of evidence.journal) {
    const tool = str(e.data.tool);
    const id = str(e.data.toolCallId);
    if (e.type !== 'tool.completed' || e.data.isError !== false || tool === null || id === null)
      continue;
    if (!EFFECT_TOOLS.has(tool)) continue;
    const evidenced = completed.some((c) => c.pid === e.pid && baseOf(str(c.data.callId)) === id);
    if (!evidenced) out.push(`${tool} (${id}) reported success with no completed syscall`);
  }
  return out;
}

function replays(evidence: Evidence, attempts: readonly Attempt[]): string[] {
  const out: string[] = [];
  const seen = new Map<string, number>();
  for (const a of attempts) {
    // Reading again changes nothing (a blocked tool call re-reads when it resumes).
    if (a.outcome !== 'performed' || a.callId === null || isRead(a)) continue;
    const key = `${a.pid ?? ''}\u0000${a.callId}\u0000${describeEffect(a.effect)}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count === 2)
      out.push(`${describeEffect(a.effect)} was performed again by call ${a.callId}`);
  }
  const unknownKeys = new Set(
    evidence.intents.filter((i) => i.state === 'unknown').map((i) => i.idempotencyKey),
  );
  for (const a of attempts) {
    if (a.outcome !== 'performed' || a.callId === null || a.pid === null) continue;
    if (unknownKeys.has(sha256Hex(`${a.pid}\u0000${a.callId}`)))
      out.push(`${describeEffect(a.effect)} of call ${a.callId} ran after it was marked unknown`);
  }
  return out;
}

function isRead(attempt: Attempt): boolean {
  const { effect } = attempt;
  return (effect.kind === 'fs' || effect.kind === 'object') && effect.op === 'read';
}

interface LinkIndex {
  /** The audit links a performed call's entry lacks: process, tool call, syscall, decision. */
  missing(entry: JournalEntry): string[];
}

function linkIndex(journal: readonly JournalEntry[]): LinkIndex {
  const spawned = new Set<string>();
  const toolCalls = new Set<string>();
  const allows = new Set<string>();
  const decided = new Set<string>();
  for (const e of journal) {
    if (e.type === 'process.spawned' || e.type === 'process.forked') spawned.add(e.pid ?? '');
    if (e.type === 'tool.completed')
      toolCalls.add(`${e.pid ?? ''}\u0000${str(e.data.toolCallId) ?? ''}`);
    // A decision links only through an allow record held by the acting process itself.
    if (
      (e.type === 'capability.granted' || e.type === 'capability.delegated') &&
      e.data.effect === 'allow'
    )
      allows.add(`${e.pid ?? ''}\u0000${str(e.data.capability) ?? ''}`);
    if (e.type === 'approval.decided') decided.add(str(e.data.request) ?? '');
  }
  return {
    missing(entry) {
      const pid = entry.pid ?? '';
      const missing: string[] = [];
      if (entry.pid === null || !spawned.has(pid)) missing.push('process');
      const base = baseOf(str(entry.data.callId));
      if (base === null || !toolCalls.has(`${pid}\u0000${base}`)) missing.push('tool call');
      if (str(entry.data.syscall) === null) missing.push('syscall');
      const caps = capabilityIds(entry.data.capabilityId);
      const byCapability = caps.length > 0 && caps.every((id) => allows.has(`${pid}\u0000${id}`));
      const approval = str(entry.data.approvalId);
      if (!byCapability && (approval === null || !decided.has(approval))) missing.push('decision');
      return missing;
    },
  };
}

function capabilityIds(value: Json | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The tool call id a syscall call id belongs to (`call_x_3:write` → `call_x_3`). */
function baseOf(callId: string | null): string | null {
  return callId === null ? null : (callId.split(':')[0] ?? null);
}

function str(value: Json | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

function strings(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
