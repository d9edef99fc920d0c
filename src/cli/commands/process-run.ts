// `agent-libos run`: spawns one root agent and runs until everything ended or waits on a human.
import type { CliContext } from '../cli-context.js';
import { printable } from '../format/printable.js';
import { formatRunSummary } from '../format/run-summary-text.js';
import { checkScriptMatch } from '../run/check-script-match.js';
import { writeJson } from '../format/write-json.js';
import { openAgentRuntime } from '../run/open-agent-runtime.js';
import type { SpawnFlags } from '../run/parse-spawn-flags.js';
import { createLiveProgress } from '../run/live-progress.js';
import { lastJournalSeq } from '../run/read-recovery.js';
import { summarizeRun, type RunSummary } from '../run/run-summary.js';
import { runUntilSettled } from '../run/run-until-settled.js';
import { planRoot, spawnRoot } from '../run/spawn-root.js';

/**
 * Spawns a root process from `--image` with `--goal`, grants its `--grant`/`--ask`/`--deny`
 * records, remembers its `--model`, and runs the runtime until every process has ended or waits
 * on a human (timers are waited for; `--max-quanta` stops it early). At a terminal it prompts
 * for pending approvals and questions and goes on after each round of decisions, printing live
 * progress; without one it leaves them pending. Warns (stderr; `--json`: `warnings`) when a
 * scripted model has no entry for the root. Ends with a summary that lists every call denied,
 * failed or blocked (`--json`: one object `{ root, model, warnings, outcome, message, quanta,
 * decided, processes, pending, flagged }`). Exits 0 whether the
 * processes ended or wait on a human.
 * @throws INVALID_INPUT, OUT_OF_RANGE (bad flags, bad or keyless model, no model); NOT_FOUND
 *   (unknown image, missing script); STORE_LOCKED; CANCELLED
 */
export async function runProcessRun(context: CliContext, flags: SpawnFlags): Promise<number> {
  const plan = await planRoot(context, flags);
  const afterSeq = await lastJournalSeq(context);
  const names = new Map<string, string>();
  const live = createLiveProgress(context, { names });
  const runtime = await openAgentRuntime(context, {
    attempted: 'Running an agent',
    isCreating: true,
    ...(plan.model === null ? {} : { defaultModel: plan.model }),
    ...(plan.request.baseUrl === undefined ? {} : { baseURL: plan.request.baseUrl }),
    ...(live === null ? {} : { onEvent: live.onEvent }),
  });
  let summary: RunSummary;
  let root: string;
  let model: string;
  const warnings: string[] = [];
  try {
    const spawned = await spawnRoot(runtime, plan, { context });
    root = spawned.root.pid;
    model = spawned.model;
    if (spawned.root.name !== null) names.set(root, spawned.root.name);
    if (!context.json) context.io.stdout(`spawned ${root} (${plan.request.imageId}) on ${model}\n`);
    const mismatch = await checkScriptMatch(model, spawned.root);
    if (mismatch !== null) warnings.push(mismatch);
    if (mismatch !== null && !context.json) context.io.stderr(`warning: ${printable(mismatch)}\n`);
    const outcome = await runUntilSettled(live === null ? runtime : live.watch(runtime), {
      terminal: context.json ? null : context.terminal,
      ...(plan.request.maxQuanta === undefined ? {} : { maxQuanta: plan.request.maxQuanta }),
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    });
    summary = await summarizeRun(runtime, { roots: [spawned.root.pid], outcome, afterSeq });
  } finally {
    await runtime.close();
  }
  if (context.json) writeJson(context.io, { root, model, warnings, ...summary });
  else context.io.stdout(formatRunSummary(summary, { now: context.clock.now() }));
  return 0;
}
