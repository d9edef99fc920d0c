// Test-only pipeline hooks that turn a real runtime into the safety benchmark's baselines and ablations.
import { decide, type Decision } from '../kernel/capability/decide.js';
import { lookupKeys } from '../kernel/capability/match.js';
import {
  loadDecision,
  type NeedDecision,
  type Verdict,
} from '../runtime/authority/load-decision.js';
import type { SafetyHooks, VerdictReview } from '../runtime/syscall-pipeline.js';
import type { ResourceNeed } from '../syscalls/define-syscall.js';

/** The runners of the safety benchmark; `full` is the real runtime and needs no hook. */
export const SAFETY_RUNNERS = [
  'full',
  'direct',
  'confirm',
  'category-sandbox',
  'no-approval',
  'no-attenuation',
  'no-namespace-isolation',
  'no-labels',
] as const;

/** One runner of the safety benchmark. */
export type SafetyRunner = (typeof SAFETY_RUNNERS)[number];

/** How one need is ruled: like a decision, or allowed with no record at all (`decision: null`). */
interface Ruling {
  readonly need: ResourceNeed;
  readonly effect: Decision['effect'];
  readonly decision: Decision | null;
}

const NO_RECORD: Decision = { effect: 'deny', record: null };

/**
 * The pipeline hooks of `runner`, with `afterEffect` (a simulated crash) added when given:
 *
 * - `full`: none; the real runtime.
 * - `direct`: every need allowed with no record, and no effect intents (so no replay guard);
 *   the runner also swaps in naive file syscalls without containment.
 * - `confirm`: reads allowed with no record; every other need asks a human unless an answer
 *   bound to this exact call exists (the runner confirms every such question with `allow_once`).
 * - `category-sandbox`: `fs` and `object` needs allowed with no record, everything else denied.
 * - `no-approval`: an `ask` becomes an allow by the ask record.
 * - `no-attenuation`: a call its process may not make is decided as its nearest ancestor's call,
 *   as if a child held every grant of its parent.
 * - `no-namespace-isolation`: an object need that no record decides is allowed.
 * - `no-labels`: the capability records decide alone; no exit is checked against a taint.
 *
 * The baselines (`direct`, `confirm`, `category-sandbox`) model frameworks without labels: no
 * exit is checked against a taint. The ablations keep the labels and differ at one decision.
 *
 * Hooks live only in options objects built here; no configuration or string selects them.
 */
export function safetyHooks(
  runner: SafetyRunner,
  options: { afterEffect?: SafetyHooks['afterEffect'] } = {},
): SafetyHooks {
  const extra = options.afterEffect === undefined ? {} : { afterEffect: options.afterEffect };
  const hooks = reviewOf(runner);
  if (hooks.review === undefined) return { ...extra, ...hooks };
  const review = hooks.review;
  // The baselines model frameworks that call their model directly; only the runtime's own tool
  // effects are what a runner changes, so a model call keeps the runtime's real decision.
  return {
    ...extra,
    ...hooks,
    review: (verdict, call) => (call.syscall === 'model.call' ? verdict : review(verdict, call)),
  };
}

function reviewOf(runner: SafetyRunner): Omit<SafetyHooks, 'afterEffect'> {
  const extra = {};
  switch (runner) {
    case 'full':
      return extra;
    case 'direct':
      return {
        ...extra,
        effectIntents: false,
        labels: false,
        review: () => ({ effect: 'allow', decisions: [] }),
      };
    case 'confirm':
      return { ...extra, labels: false, review: confirmEverything };
    case 'category-sandbox':
      return {
        ...extra,
        labels: false,
        review: (_verdict, call) =>
          combine(
            call.needs.map((need) =>
              need.resource.kind === 'fs' || need.resource.kind === 'object'
                ? { need, effect: 'allow', decision: null }
                : { need, effect: 'deny', decision: NO_RECORD },
            ),
          ),
      };
    case 'no-approval':
      return { ...extra, review: askBecomesAllow };
    case 'no-attenuation':
      return { ...extra, review: inheritEverything };
    case 'no-namespace-isolation':
      return { ...extra, review: objectsUnisolated };
    case 'no-labels':
      return { ...extra, labels: false };
  }
}

/** First deny, else first ask, else allow with every record used (ARCHITECTURE §3 precedence). */
function combine(rulings: readonly Ruling[]): Verdict {
  const used: NeedDecision[] = rulings.flatMap((r) =>
    r.decision?.effect === 'allow' ? [{ need: r.need, decision: r.decision }] : [],
  );
  const all = rulings.map((r) => ({ need: r.need, decision: r.decision ?? NO_RECORD }));
  for (const effect of ['deny', 'ask'] as const) {
    const at = rulings.find((r) => r.effect === effect);
    if (at !== undefined)
      return { effect, at: { need: at.need, decision: at.decision ?? NO_RECORD }, decisions: all };
  }
  return { effect: 'allow', decisions: used };
}

function fromVerdict(verdict: Verdict): Ruling[] {
  return verdict.decisions.map((d) => ({ ...d, effect: d.decision.effect }));
}

async function confirmEverything(_verdict: Verdict, call: VerdictReview): Promise<Verdict> {
  const rulings: Ruling[] = [];
  for (const need of call.needs) {
    // Only a human's answer to this exact call counts; standing grants mean nothing here.
    const records = await call.reader.findCapabilities(
      call.pid,
      need.resource.kind,
      lookupKeys(need.resource),
    );
    const answered = decide(
      records.filter((r) => r.boundCall === call.callHash),
      { resource: need.resource, right: need.right, callHash: call.callHash, now: call.now },
    );
    if (answered.record !== null)
      rulings.push({ need, effect: answered.effect, decision: answered });
    else if (need.right === 'read') rulings.push({ need, effect: 'allow', decision: null });
    else rulings.push({ need, effect: 'ask', decision: null });
  }
  return combine(rulings);
}

function askBecomesAllow(verdict: Verdict): Verdict {
  if (verdict.effect !== 'ask') return verdict;
  return {
    effect: 'allow',
    decisions: verdict.decisions.map((d) =>
      d.decision.effect === 'ask'
        ? { need: d.need, decision: { effect: 'allow', record: d.decision.record, oneShot: false } }
        : d,
    ),
  };
}

async function inheritEverything(verdict: Verdict, call: VerdictReview): Promise<Verdict> {
  if (verdict.effect === 'allow') return verdict;
  let process = await call.reader.getProcess(call.pid);
  while (process?.parentPid != null) {
    const parent = process.parentPid;
    const inherited = await loadDecision(call.reader, { ...call, pid: parent });
    if (inherited.effect === 'allow') return inherited;
    process = await call.reader.getProcess(parent);
  }
  return verdict;
}

function objectsUnisolated(verdict: Verdict): Verdict {
  return combine(
    fromVerdict(verdict).map((r) =>
      r.need.resource.kind === 'object' && r.effect === 'deny' && r.decision?.record === null
        ? { need: r.need, effect: 'allow', decision: null }
        : r,
    ),
  );
}
