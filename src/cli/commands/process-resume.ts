// `agent-libos resume`: runs the agents on a database until idle again, optionally on another model.
import { LibosError } from '../../base/errors.js';
import { parseId, type Pid } from '../../base/ids.js';
import { formatImageRef } from '../../kernel/agent/image-ref.js';
import type { Runtime } from '../../runtime/runtime.js';
import { parseCount } from '../parse-count.js';
import type { CliContext } from '../cli-context.js';
import { collectPages } from '../../base/collect-pages.js';
import { printable } from '../format/printable.js';
import { formatRunSummary } from '../format/run-summary-text.js';
import { writeJson } from '../format/write-json.js';
import { checkModelSpec } from '../run/check-model-spec.js';
import { collectTrees } from '../run/collect-tree.js';
import { openAgentRuntime } from '../run/open-agent-runtime.js';
import { parseBaseUrl, parseMaxQuanta } from '../run/parse-spawn-flags.js';
import { createLiveProgress } from '../run/live-progress.js';
import {
  describeRecovery,
  lastJournalSeq,
  readRecovery,
  type Recovery,
} from '../run/read-recovery.js';
import { isInterrupted, reportInterrupted } from '../run/report-interrupted.js';
import { RUN_EXIT_CODES } from '../run/run-exit-codes.js';
import { summarizeRun, type RunSummary } from '../run/run-summary.js';
import { runUntilSettled } from '../run/run-until-settled.js';
import { startLiveApi } from '../live/start-live-api.js';
import { setResumeModel, type ModelChange } from '../run/set-resume-model.js';

/** `resume` options as commander parsed them. */
export interface ProcessResumeOptions {
  readonly pid?: string;
  readonly model?: string;
  /** Move `--pid` to this version of its image before running (it runs its pinned one otherwise). */
  readonly imageVersion?: string;
  readonly baseUrl?: string;
  readonly maxQuanta?: string;
  /** Run commands on the host, without the sandbox. */
  readonly unsandboxedShell?: boolean;
  /** False with `--no-stream`: model answers never stream. */
  readonly stream?: boolean;
}

const LIVE = ['runnable', 'running', 'waiting', 'paused'] as const;
const PAGE = 500;

/**
 * Opens the database (recovering what a crashed runtime left, which it reports), and runs until
 * every process has ended or waits on a human, like `run`. With `--pid` only that process and its
 * descendants run (children it spawns included); the others stay as they are. `--model` is
 * checked, then set on `--pid` and its live descendants, or, without `--pid`, only on live
 * processes with no model of their own; each change is printed (`--json`: `modelChanges`).
 * `--image-version N` (with `--pid` only) moves that process to version N of its image first, the
 * explicit way to upgrade a running agent (`Runtime.setImageVersion`; printed, `--json`:
 * `imageChange`); without it every process runs the version it is pinned to. While
 * it runs, its API listens on the Unix socket in the state directory. The summary covers the
 * subtree of `--pid`, or of every process that was live. Exits with the outcome's code, as `run`
 * does (`RUN_EXIT_CODES`: 0 ended, 20 waiting on a human, 21 `--max-quanta`, 22 idle, 130 Ctrl-C).
 * @throws INVALID_ID, INVALID_INPUT, OUT_OF_RANGE (bad options); NOT_FOUND (no database, no such
 *   process, no such image version); ILLEGAL_TRANSITION (`--model` or `--image-version` for an
 *   ended process); STORE_LOCKED
 */
export async function runProcessResume(
  context: CliContext,
  options: ProcessResumeOptions,
): Promise<number> {
  const pid = options.pid === undefined ? undefined : parseId('process', options.pid);
  const imageVersion = parseImageVersion(options, pid);
  const maxQuanta = parseMaxQuanta(options.maxQuanta);
  const baseURL = options.baseUrl === undefined ? undefined : parseBaseUrl(options.baseUrl);
  const via = baseURL === undefined ? {} : { baseURL };
  const model =
    options.model === undefined
      ? undefined
      : await checkModelSpec(options.model, { env: context.env, cwd: context.cwd, ...via });
  const fromEnv = context.env.AGENT_LIBOS_MODEL;
  const defaultModel = model ?? (fromEnv?.trim() === '' ? undefined : fromEnv);
  const afterSeq = await lastJournalSeq(context);
  const names = new Map<string, string>();
  const live = createLiveProgress(context, { names });
  const runtime = await openAgentRuntime(context, {
    attempted: 'Resuming the agents',
    isCreating: false,
    ...(defaultModel === undefined ? {} : { defaultModel }),
    ...via,
    ...(live === null ? {} : { onEvent: live.onEvent }),
    ...(maxQuanta === undefined ? {} : { turnsPerQuantum: 1 }),
    ...(options.unsandboxedShell === true ? { unsandboxedShell: true } : {}),
    ...(options.stream === false ? { streamModels: 'never' as const } : {}),
  });
  const unfollow = live === null || options.stream === false ? null : live.follow(runtime.live);
  let summary:
    | (RunSummary & {
        recovery: Recovery;
        modelChanges: ModelChange[];
        imageChange?: ImageChange;
      })
    | undefined;
  // While it runs, other commands reach this runtime through its API instead of its lock.
  const api = await startLiveApi(context, runtime).catch(async (error: unknown) => {
    await runtime.close();
    throw error;
  });
  try {
    const recovery = await readRecovery(runtime, { afterSeq });
    const said = describeRecovery(recovery);
    if (said !== null && !context.json) context.io.stdout(`${said}\n`);
    const roots: Pid[] =
      pid === undefined
        ? (
            await collectPages(
              (afterPid: Pid | undefined, limit) =>
                runtime.list({
                  states: LIVE,
                  limit,
                  ...(afterPid === undefined ? {} : { afterPid }),
                }),
              (p) => p.pid,
              { pageSize: PAGE },
            )
          ).map((p) => p.pid)
        : [(await runtime.get(pid)).pid];
    const imageChange =
      imageVersion === undefined || pid === undefined
        ? null
        : await changeImageVersion(runtime, { pid, version: imageVersion });
    if (imageChange !== null && !context.json)
      context.io.stdout(
        `image of ${imageChange.pid}: ${printable(imageChange.from)} → ${printable(imageChange.to)}\n`,
      );
    const modelChanges =
      model === undefined
        ? []
        : await setResumeModel(runtime, {
            model,
            processes: await collectTrees(runtime, roots),
            isScoped: pid !== undefined,
          });
    if (!context.json) {
      for (const change of modelChanges) context.io.stdout(describeChange(change));
      if (model !== undefined && pid === undefined && modelChanges.length === 0)
        context.io.stdout(
          'no model changed: every live process has a model of its own (pass --pid to change one)\n',
        );
      const what = pid ?? `${roots.length} live process${roots.length === 1 ? '' : 'es'}`;
      context.io.stdout(`resuming ${what}${pid === undefined ? '' : ' and its descendants'}\n`);
    }
    const outcome = await runUntilSettled(live === null ? runtime : live.watch(runtime), {
      terminal: context.json ? null : context.terminal,
      ...(maxQuanta === undefined ? {} : { maxQuanta }),
      ...(context.signal === undefined ? {} : { signal: context.signal }),
      ...(pid === undefined ? {} : { subtree: pid }),
    });
    summary = {
      recovery,
      modelChanges,
      ...(imageChange === null ? {} : { imageChange }),
      ...(await summarizeRun(runtime, { roots, outcome, afterSeq })),
    };
  } catch (error) {
    if (!isInterrupted(error, context)) throw error;
  } finally {
    unfollow?.();
    await api.close();
    await runtime.close();
  }
  if (summary === undefined) return reportInterrupted(context);
  if (context.json) writeJson(context.io, summary);
  else context.io.stdout(formatRunSummary(summary, { now: context.clock.now() }));
  return RUN_EXIT_CODES[summary.outcome].exitCode;
}

/** A process moved to another version of its image by `--image-version`. */
interface ImageChange {
  readonly pid: Pid;
  readonly from: string;
  readonly to: string;
}

/**
 * `--image-version` as a version, checked before anything is opened.
 * @throws INVALID_INPUT (not a whole number; given without --pid), OUT_OF_RANGE (below 1)
 */
function parseImageVersion(
  options: ProcessResumeOptions,
  pid: Pid | undefined,
): number | undefined {
  if (options.imageVersion === undefined) return undefined;
  const version = parseCount('--image-version', options.imageVersion, {
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
  });
  if (pid === undefined)
    throw new LibosError(
      'INVALID_INPUT',
      'Reading the options failed: --image-version moves one process: name it with --pid',
    );
  return version;
}

async function changeImageVersion(
  runtime: Runtime,
  input: { pid: Pid; version: number },
): Promise<ImageChange> {
  const before = await runtime.get(input.pid);
  const after = await runtime.setImageVersion(input.pid, input.version);
  return {
    pid: input.pid,
    from: formatImageRef({ id: before.imageId, version: before.imageVersion }),
    to: formatImageRef({ id: after.imageId, version: after.imageVersion }),
  };
}

function describeChange(change: ModelChange): string {
  return `model of ${change.pid}: ${printable(change.from ?? '(none)')} → ${printable(change.to)}\n`;
}
