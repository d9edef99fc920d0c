// What `run`, `task start` and `task follow-up` share: open the agent runtime, make one root, run it, summarize.
import type { AgentProcess } from '../../kernel/process/types.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { CliContext } from '../cli-context.js';
import { printable } from '../format/printable.js';
import { formatRunSummary } from '../format/run-summary-text.js';
import { writeJson } from '../format/write-json.js';
import { notifyRequests } from '../live/notify-requests.js';
import { parseNotifyCommand } from '../live/parse-notify-command.js';
import { startLiveApi } from '../live/start-live-api.js';
import { checkScriptMatch } from './check-script-match.js';
import { createLiveProgress } from './live-progress.js';
import { openAgentRuntime } from './open-agent-runtime.js';
import { lastJournalSeq } from './read-recovery.js';
import { isInterrupted, reportInterrupted } from './report-interrupted.js';
import { RUN_EXIT_CODES } from './run-exit-codes.js';
import { summarizeRun, type RunSummary } from './run-summary.js';
import { runUntilSettled } from './run-until-settled.js';

/** The root a command made on the opened runtime, and what it says about it. */
export interface MadeRoot {
  readonly root: AgentProcess;
  /** The model the root runs on. */
  readonly model: string;
  /** Printed before the run (without `--json`), e.g. `spawned proc_… (base) on scripted:x`. */
  readonly line: string;
  /** The `--json` fields that come before the summary's (`{ root, model }` for `run`). */
  readonly about: Readonly<Record<string, unknown>>;
  /** What an interrupted run's `--json` names (strings only). */
  readonly interrupted: Readonly<Record<string, string>>;
}

/** How a root is run. */
export interface RunRootOptions {
  /** Says what failed in errors, e.g. `Running an agent`. */
  readonly attempted: string;
  /** Create the database when there is none (`run`, `task start`). */
  readonly isCreating: boolean;
  /** The model of processes with none of their own. */
  readonly defaultModel?: string;
  readonly baseUrl?: string;
  readonly maxQuanta?: number;
  readonly notifyCmd?: string;
  readonly unsandboxedShell?: boolean;
  /** False with `--no-stream`: the model's text is not shown (nor streamed) as it comes. */
  readonly stream?: boolean;
  /** Makes the root on the opened runtime (the spawn lands before anything runs). */
  readonly make: (runtime: Runtime) => Promise<MadeRoot>;
}

/**
 * Opens the agent runtime (serving its API on the state directory's socket while it runs, and
 * running `--notify-cmd` per new request), makes the root with `make`, warns when a scripted
 * model has no entry for it, runs until everything ended or waits on a human (prompting at a
 * terminal), and prints the summary (`--json`: `{ …about, warnings, …summary }`). Returns the
 * outcome's exit code (`RUN_EXIT_CODES`); on Ctrl-C it closes cleanly and says how to resume
 * (130).
 * @throws what `make` throws; STORE_LOCKED, NOT_FOUND (no database and not creating)
 */
export async function runRoot(context: CliContext, options: RunRootOptions): Promise<number> {
  const notify = options.notifyCmd === undefined ? null : parseNotifyCommand(options.notifyCmd);
  const afterSeq = await lastJournalSeq(context);
  const names = new Map<string, string>();
  const live = createLiveProgress(context, { names });
  const runtime = await openAgentRuntime(context, {
    attempted: options.attempted,
    isCreating: options.isCreating,
    ...(options.defaultModel === undefined ? {} : { defaultModel: options.defaultModel }),
    ...(options.baseUrl === undefined ? {} : { baseURL: options.baseUrl }),
    ...(live === null ? {} : { onEvent: live.onEvent }),
    ...(options.maxQuanta === undefined ? {} : { turnsPerQuantum: 1 }),
    ...(options.unsandboxedShell === true ? { unsandboxedShell: true } : {}),
    ...(options.stream === false ? { streamModels: 'never' as const } : {}),
  });
  // On a TTY the model's text shows as it streams (subscribing is what makes it stream).
  const unfollow = live === null || options.stream === false ? null : live.follow(runtime.live);
  let summary: RunSummary | undefined;
  let made: MadeRoot | undefined;
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
    made = await options.make(runtime);
    const { root } = made;
    if (root.name !== null) names.set(root.pid, root.name);
    if (!context.json) context.io.stdout(`${made.line}\n`);
    const mismatch = await checkScriptMatch(made.model, root);
    if (mismatch !== null) warnings.push(mismatch);
    if (mismatch !== null && !context.json) context.io.stderr(`warning: ${printable(mismatch)}\n`);
    const outcome = await runUntilSettled(live === null ? runtime : live.watch(runtime), {
      terminal: context.json ? null : context.terminal,
      ...(options.maxQuanta === undefined ? {} : { maxQuanta: options.maxQuanta }),
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    });
    summary = await summarizeRun(runtime, { roots: [root.pid], outcome, afterSeq });
  } catch (error) {
    if (!isInterrupted(error, context)) throw error;
  } finally {
    unfollow?.();
    following.abort();
    await notifying;
    await api.close();
    await runtime.close();
  }
  if (summary === undefined || made === undefined)
    return reportInterrupted(context, made?.interrupted);
  if (context.json) writeJson(context.io, { ...made.about, warnings, ...summary });
  else context.io.stdout(formatRunSummary(summary, { now: context.clock.now() }));
  return RUN_EXIT_CODES[summary.outcome].exitCode;
}
