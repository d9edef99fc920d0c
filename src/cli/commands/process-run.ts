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
import { isInterrupted, reportInterrupted } from '../run/report-interrupted.js';
import { RUN_EXIT_CODES } from '../run/run-exit-codes.js';
import { summarizeRun, type RunSummary } from '../run/run-summary.js';
import { runUntilSettled } from '../run/run-until-settled.js';
import { planRoot, spawnRoot } from '../run/spawn-root.js';
import { notifyRequests } from '../live/notify-requests.js';
import { parseNotifyCommand } from '../live/parse-notify-command.js';
import { startLiveApi } from '../live/start-live-api.js';

/**
 * Spawns a root process from `--image` with `--goal`, grants its `--grant`/`--ask`/`--deny`
 * records, remembers its `--model`, and runs the runtime until every process has ended or waits
 * on a human (timers are waited for; `--max-quanta` stops it early). At a terminal it prompts
 * for pending approvals and questions and goes on after each round of decisions, printing live
 * progress (on a TTY the model's text as it streams, unless `--no-stream`); without one it
 * leaves them pending. Warns (stderr; `--json`: `warnings`) when a
 * scripted model has no entry for the root. While it runs, its API listens on the Unix socket in
 * the state directory, so operator commands reach it; `--notify-cmd` runs a command for each new
 * request. Ends with a summary that lists every call denied, failed or blocked (`--json`: one
 * object `{ root, model, warnings, outcome, message, quanta, decided, processes, pending,
 * flagged }`). Exits with the outcome's code (`RUN_EXIT_CODES`): 0 when every process ended, 20
 * waiting on a human, 21 stopped by `--max-quanta`, 22 idle with live processes; on Ctrl-C the
 * quanta in flight yield, the runtime closes, and it prints how to resume and exits 130.
 * @throws INVALID_INPUT, OUT_OF_RANGE (bad flags, bad or keyless model, no model); NOT_FOUND
 *   (unknown image, missing script); STORE_LOCKED
 */
export async function runProcessRun(
  context: CliContext,
  flags: SpawnFlags & {
    readonly notifyCmd?: string;
    readonly unsandboxedShell?: boolean;
    /** False with `--no-stream`. */
    readonly stream?: boolean;
  },
): Promise<number> {
  const plan = await planRoot(context, flags);
  const notify = flags.notifyCmd === undefined ? null : parseNotifyCommand(flags.notifyCmd);
  const afterSeq = await lastJournalSeq(context);
  const names = new Map<string, string>();
  const live = createLiveProgress(context, { names });
  const runtime = await openAgentRuntime(context, {
    attempted: 'Running an agent',
    isCreating: true,
    ...(plan.model === null ? {} : { defaultModel: plan.model }),
    ...(plan.request.baseUrl === undefined ? {} : { baseURL: plan.request.baseUrl }),
    ...(live === null ? {} : { onEvent: live.onEvent }),
    ...(plan.request.maxQuanta === undefined ? {} : { turnsPerQuantum: 1 }),
    ...(flags.unsandboxedShell === true ? { unsandboxedShell: true } : {}),
    ...(flags.stream === false ? { streamModels: 'never' as const } : {}),
  });
  // On a TTY the model's text shows as it streams (subscribing is what makes it stream).
  const unfollow = live === null || flags.stream === false ? null : live.follow(runtime.live);
  let summary: RunSummary | undefined;
  let about: { root: string; model: string } | undefined;
  const warnings: string[] = [];
  // While it runs, other commands reach this runtime through its API instead of its lock.
  const api = await startLiveApi(context, runtime).catch(async (error: unknown) => {
    await runtime.close();
    throw error;
  });
  const following = new AbortController();
  const notifying =
    notify === null
      ? Promise.resolve()
      : notifyRequests(runtime, {
          argv: notify,
          signal: following.signal,
          onError: (message) => {
            context.io.stderr(`warning: ${message}\n`);
          },
        });
  try {
    const spawned = await spawnRoot(runtime, plan, { context });
    about = { root: spawned.root.pid, model: spawned.model };
    if (spawned.root.name !== null) names.set(about.root, spawned.root.name);
    if (!context.json)
      context.io.stdout(`spawned ${about.root} (${plan.request.imageId}) on ${about.model}\n`);
    const mismatch = await checkScriptMatch(about.model, spawned.root);
    if (mismatch !== null) warnings.push(mismatch);
    if (mismatch !== null && !context.json) context.io.stderr(`warning: ${printable(mismatch)}\n`);
    const outcome = await runUntilSettled(live === null ? runtime : live.watch(runtime), {
      terminal: context.json ? null : context.terminal,
      ...(plan.request.maxQuanta === undefined ? {} : { maxQuanta: plan.request.maxQuanta }),
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    });
    summary = await summarizeRun(runtime, { roots: [spawned.root.pid], outcome, afterSeq });
  } catch (error) {
    if (!isInterrupted(error, context)) throw error;
  } finally {
    unfollow?.();
    following.abort();
    await notifying;
    await api.close();
    await runtime.close();
  }
  if (summary === undefined || about === undefined) return reportInterrupted(context, about);
  if (context.json) writeJson(context.io, { ...about, warnings, ...summary });
  else context.io.stdout(formatRunSummary(summary, { now: context.clock.now() }));
  return RUN_EXIT_CODES[summary.outcome].exitCode;
}
