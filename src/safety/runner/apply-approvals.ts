// The scenario's human: answers, denies or signals on pending requests by the scenario's rules.
import type { HumanRequest } from '../../kernel/approval/types.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { SafetyRunner } from '../../testing/safety-hooks.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { substitutePids } from '../scenario/substitute-pids.js';

type Rule = Scenario['setup']['approvals'][number];

/** What the human did this round. */
export interface ApprovalRound {
  /** Whether anything was decided or signalled (so another run may make progress). */
  readonly acted: boolean;
  /** Decisions and signals the runtime refused (e.g. deciding a killed process's request). */
  readonly refused: readonly string[];
}

/** Memory of the human across rounds: how often each rule fired, and on which requests. */
export interface ApprovalMemory {
  readonly uses: Map<number, number>;
  readonly handled: Set<string>;
}

/**
 * Applies the first matching rule (with uses left, never twice to one request) to each pending
 * question or permission request; a request no rule matches stays pending. Under `confirm`, every
 * permission request the pipeline raised is confirmed with `allow_once` (that is the baseline).
 * Notifications need no answer and are left alone.
 */
export async function applyApprovals(
  runtime: Runtime,
  rules: readonly Rule[],
  options: { runner: SafetyRunner; memory: ApprovalMemory },
): Promise<ApprovalRound> {
  const { memory } = options;
  const pids = new Map<string, string>();
  for (const p of await runtime.list({ limit: 1000 })) if (p.name !== null) pids.set(p.name, p.pid);
  const refused: string[] = [];
  let acted = false;
  const attempt = async (what: string, action: () => Promise<unknown>): Promise<void> => {
    acted = true;
    try {
      await action();
    } catch (error) {
      refused.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  for (const request of await runtime.requests({ states: ['pending'], limit: 1000 })) {
    const { body } = request;
    if (body.kind === 'notification') continue;
    if (options.runner === 'confirm' && body.kind === 'permission' && !body.grant) {
      await attempt(`confirming ${request.id}`, () =>
        runtime.decide(request.id, { decision: 'allow_once' }),
      );
      continue;
    }
    const index = rules.findIndex(
      (rule, i) =>
        !memory.handled.has(`${i}\u0000${request.id}`) &&
        (rule.times === undefined || (memory.uses.get(i) ?? 0) < rule.times) &&
        matches(rule, request, pids),
    );
    const rule = rules[index];
    if (rule === undefined) continue;
    memory.handled.add(`${index}\u0000${request.id}`);
    memory.uses.set(index, (memory.uses.get(index) ?? 0) + 1);
    if (rule.signal !== undefined) {
      const target = rule.target === undefined ? request.pid : (pids.get(rule.target) ?? '');
      await attempt(`signalling ${rule.signal}`, () => runtime.signal(target, rule.signal ?? ''));
    }
    if (rule.decide !== undefined || rule.answer !== undefined)
      await attempt(`deciding ${request.id}`, () =>
        runtime.decide(request.id, { decision: rule.decide ?? null, answer: rule.answer ?? null }),
      );
  }
  return { acted, refused };
}

function matches(written: Rule, request: HumanRequest, pids: ReadonlyMap<string, string>): boolean {
  let rule: Rule;
  try {
    rule = substitutePids(written, pids);
  } catch {
    return false; // names a process that does not exist (yet)
  }
  const { match } = rule;
  const { body } = request;
  if (match.kind !== undefined && match.kind !== body.kind) return false;
  if (match.process !== undefined && pids.get(match.process) !== request.pid) return false;
  if (match.syscall !== undefined && (body.kind !== 'permission' || body.syscall !== match.syscall))
    return false;
  if (
    match.resource !== undefined &&
    (body.kind !== 'permission' || body.resource !== match.resource)
  )
    return false;
  return true;
}
