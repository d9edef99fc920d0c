// The scheduler: dispatches quanta round-robin under an in-flight bound and follows the store.
import { isLibosError, LibosError, toLibosError } from '../base/errors.js';
import type { Pid } from '../base/ids.js';
import type { Claim } from './commands/claim.js';
import { claimQuantum } from './commands/claim.js';
import { exitProcess } from './commands/exit-process.js';
import { recoverLeases, runnablePids } from './commands/recover.js';
import { wakeDueTimers } from './commands/wake-timers.js';
import { yieldQuantum } from './commands/yield-quantum.js';
import type { AbortCause, Notifier, RuntimeDeps } from './deps.js';
import { QuantumContext, type QuantumBody } from './quantum-context.js';
import { ReadyQueue } from './ready-queue.js';
import type { PipelineHost } from './syscall-pipeline.js';
import type { Span } from '@opentelemetry/api';
import { endOutcomeSpan } from './telemetry/tracing.js';

/** Scheduler settings. */
export interface SchedulerOptions {
  readonly body: QuantumBody;
  /** Most quanta running at once (quanta are I/O-bound; hundreds are fine). */
  readonly maxInFlight: number;
  /** Lease length given to each quantum. */
  readonly leaseMs: number;
  /** Reports quanta that failed in a way the process could not be told about. */
  readonly onError?: (error: LibosError, pid: Pid) => void;
}

/** What a run does and when it ends (see Scheduler.run). */
export interface RunOptions {
  /** Stops the run; in-flight quanta are still awaited. */
  readonly signal?: AbortSignal;
  /** Most quanta this run starts. */
  readonly maxQuanta?: number;
  /** When nothing is runnable, wait for the next durable timer instead of returning. */
  readonly waitForTimers?: boolean;
  /**
   * Never return for idleness: wait for timers and for new work (spawns, decisions, messages)
   * until `signal` fires or the quantum limit is reached; what a service runs.
   */
  readonly forever?: boolean;
  /**
   * Runs only the processes this accepts; the others stay queued for a later run. Asked once per
   * pid and run (a pid's answer is remembered for the run).
   */
  readonly only?: (pid: Pid) => Promise<boolean>;
}

/** How a run ended. */
export interface RunReport {
  readonly quanta: number;
  /** Why `run` returned: nothing runnable, the quantum limit, or the caller's signal. */
  readonly stoppedBy: 'idle' | 'max-quanta' | 'signal';
}

interface InFlight {
  readonly controller: AbortController;
  cause: AbortCause | null;
  /** A wake-up committed after the quantum blocked but before its body returned. */
  woken: { priority: boolean } | null;
}

const TIMER_BATCH = 500;
const MAX_WAIT_MS = 60_000;
const YIELD_EVERY_MS = 5;

/** Runs quanta for runnable processes; it is the runtime's Notifier. */
export class Scheduler implements Notifier {
  private readonly queue = new ReadyQueue();
  private readonly inFlight = new Map<Pid, InFlight>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly options: SchedulerOptions;
  private host: PipelineHost | undefined;
  private nextTimer: number | undefined;
  private started = 0;
  private wakeLoop: (() => void) | undefined;
  /** Whether a run is going: one loop owns the wake-up slot, so a second run is refused. */
  private looping = false;

  constructor(options: SchedulerOptions) {
    this.options = options;
  }

  /** Connects the scheduler to the runtime (whose dependencies hold the scheduler as notifier). */
  attach(host: PipelineHost): void {
    this.host = host;
  }

  /** Recovers leases left by a dead runtime and loads the ready queue from the store. */
  async recover(options: { signal?: AbortSignal } = {}): Promise<number> {
    const deps = this.need();
    const recovered = await recoverLeases(deps, options);
    for await (const page of runnablePids(deps))
      for (const pid of page) this.queue.push(pid, { priority: false });
    this.nextTimer = await deps.store.read((r) => r.nextTimerAt());
    return recovered;
  }

  runnable(pid: Pid, options: { priority: boolean }): void {
    const running = this.inFlight.get(pid);
    if (running === undefined) this.queue.push(pid, options);
    // The quantum blocked and was woken while its body is still returning: queue the process
    // when the quantum lands, or the wake-up is lost.
    else running.woken = { priority: options.priority || running.woken?.priority === true };
    this.wakeLoop?.();
  }

  abort(pid: Pid, cause: AbortCause): void {
    const running = this.inFlight.get(pid);
    if (running === undefined) return;
    running.cause ??= cause;
    running.controller.abort(new LibosError('CANCELLED', `The quantum was stopped: ${cause}`));
  }

  timer(at: number): void {
    this.noteTimer(at);
    this.wakeLoop?.();
  }

  /** Pids with a quantum in flight. */
  get running(): readonly Pid[] {
    return [...this.inFlight.keys()];
  }

  /**
   * Runs quanta until nothing is runnable (and, with `waitForTimers`, no timer is pending), the
   * quantum limit is reached, or `signal` fires. In-flight quanta are always awaited.
   * @throws ILLEGAL_TRANSITION when a run is already going (one loop owns the wake-ups)
   */
  async run(options: RunOptions = {}): Promise<RunReport> {
    if (this.looping)
      throw new LibosError(
        'ILLEGAL_TRANSITION',
        'Running failed: the runtime is already running; wait for that run to end (one run at a time)',
      );
    this.looping = true;
    try {
      return await this.loop(options);
    } finally {
      this.looping = false;
    }
  }

  private async loop(options: RunOptions): Promise<RunReport> {
    const limit = options.maxQuanta ?? Number.POSITIVE_INFINITY;
    const startedAt = this.started;
    const scope = options.only === undefined ? undefined : new RunScope(options.only);
    let stoppedBy: RunReport['stoppedBy'];
    try {
      stoppedBy = await this.turns(options, { limit, startedAt, scope });
      // A stop asked for by the caller does not wait for long quanta: they yield where they are.
      if (stoppedBy === 'signal')
        for (const pid of this.inFlight.keys()) this.abort(pid, 'shutdown');
    } finally {
      await Promise.allSettled([...this.tasks]);
      // Processes outside the run's scope stay runnable for the next run.
      for (const pid of scope?.skipped ?? []) this.queue.push(pid, { priority: false });
    }
    return { quanta: this.started - startedAt, stoppedBy };
  }

  private async turns(
    options: RunOptions,
    state: { limit: number; startedAt: number; scope: RunScope | undefined },
  ): Promise<RunReport['stoppedBy']> {
    const { limit, startedAt, scope } = state;
    let lastYield = performance.now();
    for (;;) {
      // With a synchronous store a run can go on in microtasks alone; let timers, I/O and abort
      // signals in every few milliseconds.
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      if (options.signal?.aborted === true) return 'signal';
      await this.wakeTimers();
      while (this.inFlight.size < this.options.maxInFlight && this.started - startedAt < limit) {
        const pid = this.queue.shift();
        if (pid === undefined) break;
        if (scope !== undefined && !(await scope.accepts(pid))) continue;
        this.launch(pid);
      }
      if (this.tasks.size > 0) {
        // Due timers must not wait for a long quantum to finish.
        await this.nextEvent(this.untilNextTimer(), options.signal);
        continue;
      }
      if (this.started - startedAt >= limit && this.queue.size > 0) return 'max-quanta';
      if (this.queue.size > 0) continue;
      if (options.waitForTimers !== true && options.forever !== true) return 'idle';
      // The cached time only moves earlier; a timer cancelled by an early wake-up must not hold us.
      this.nextTimer = await this.need().store.read((r) => r.nextTimerAt());
      if (this.nextTimer === undefined && options.forever !== true) return 'idle';
      await this.nextEvent(this.untilNextTimer(), options.signal);
    }
  }

  /** Aborts every in-flight quantum and waits for them to settle. */
  async stop(): Promise<void> {
    // A clean stop hands every process back as runnable, so the next open has no leases to expire.
    for (const pid of this.inFlight.keys()) this.abort(pid, 'shutdown');
    await Promise.allSettled([...this.tasks]);
  }

  private async wakeTimers(): Promise<void> {
    const deps = this.need();
    if (this.nextTimer === undefined || this.nextTimer > deps.clock.now()) return;
    for (;;) {
      const woken = await wakeDueTimers(deps, { limit: TIMER_BATCH });
      if (woken.length < TIMER_BATCH) break;
    }
    // A timer registered while the read is under way may be missing from what it returns: keep it.
    this.nextTimer = undefined;
    const next = await deps.store.read((r) => r.nextTimerAt());
    if (next !== undefined) this.noteTimer(next);
  }

  private noteTimer(at: number): void {
    if (this.nextTimer === undefined || at < this.nextTimer) this.nextTimer = at;
  }

  private untilNextTimer(): number | undefined {
    // Capped so a far timer never overflows setTimeout (which would then fire at once).
    return this.nextTimer === undefined
      ? undefined
      : Math.min(MAX_WAIT_MS, Math.max(0, this.nextTimer - this.need().clock.now()));
  }

  private nextEvent(timeoutMs: number | undefined, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              done();
            }, timeoutMs);
      const done = (): void => {
        this.wakeLoop = undefined;
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.wakeLoop = done;
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private launch(pid: Pid): void {
    this.started += 1;
    const entry: InFlight = { controller: new AbortController(), cause: null, woken: null };
    this.inFlight.set(pid, entry);
    const task = this.runQuantum(pid, entry).finally(() => {
      this.tasks.delete(task);
      this.wakeLoop?.();
    });
    this.tasks.add(task);
  }

  private async runQuantum(pid: Pid, entry: InFlight): Promise<void> {
    const deps = this.need();
    let claim: Claim | null = null;
    try {
      const tracing = this.needHost().tracing;
      claim = await claimQuantum(deps, pid, {
        leaseMs: this.options.leaseMs,
        // The process's kept span context, once per pid and runtime (then cached).
        readTrace: tracing !== undefined && !tracing.knows(pid),
      });
      if (claim === null) return;
      const host = this.needHost();
      const span = host.tracing?.startQuantum(
        {
          pid,
          parentPid: claim.process.parentPid,
          rootPid: claim.rootPid,
          fence: claim.fence,
        },
        claim.traceContext,
      );
      const ctx = new QuantumContext(host, {
        ...claim,
        signal: entry.controller.signal,
        ...(span === undefined ? {} : { span }),
      });
      let failure: unknown;
      try {
        await this.options.body(ctx);
      } catch (error) {
        failure = error;
      }
      this.land(pid, entry);
      await this.settle(ctx, { entry, failure });
      if (span !== undefined) endQuantumSpan(span, { ctx, entry, failure });
    } catch (error) {
      this.report(toLibosError(error, 'Running a quantum'), pid);
    } finally {
      this.land(pid, entry);
    }
  }

  /** Ends `entry`'s time in flight, queueing a wake-up that arrived meanwhile. */
  private land(pid: Pid, entry: InFlight): void {
    // Once landed, a yield may already have launched the next quantum of this pid: leave it be.
    if (this.inFlight.get(pid) !== entry) return;
    this.inFlight.delete(pid);
    if (entry.woken !== null) this.queue.push(pid, entry.woken);
  }

  private async settle(
    ctx: QuantumContext,
    outcome: { entry: InFlight; failure: unknown },
  ): Promise<void> {
    try {
      await this.end(ctx, outcome);
    } catch (error) {
      // Losing the lease meanwhile (pause, kill, takeover) is expected; anything else is reported.
      if (!isLibosError(error, 'STALE_LEASE'))
        this.report(toLibosError(error, 'Ending a quantum'), ctx.pid);
    }
    // Outcomes the quantum still holds (its last command failed, or it ended without one).
    await ctx.flushJournal().catch((error: unknown) => {
      this.report(toLibosError(error, 'Ending a quantum'), ctx.pid);
    });
  }

  /** Yields, or fails the process; nothing when the quantum blocked, exited or was stopped. */
  private async end(
    ctx: QuantumContext,
    outcome: { entry: InFlight; failure: unknown },
  ): Promise<void> {
    const { deps } = ctx;
    const { cause } = outcome.entry;
    if (ctx.ended !== null || cause === 'pause' || cause === 'kill') return;
    if (outcome.failure === undefined || cause === 'interrupt' || cause === 'shutdown') {
      await yieldQuantum(deps, ctx.pid, { fence: ctx.fence, reason: cause ?? 'yield' });
      return;
    }
    const error = toLibosError(outcome.failure, 'Running a quantum');
    if (error.code === 'STALE_LEASE') return;
    await exitProcess(deps, ctx.pid, {
      fence: ctx.fence,
      outcome: { fail: { code: error.code, message: error.message } },
    });
  }

  private report(error: LibosError, pid: Pid): void {
    this.options.onError?.(error, pid);
  }

  private need(): RuntimeDeps {
    return this.needHost().deps;
  }

  private needHost(): PipelineHost {
    if (this.host === undefined)
      throw new LibosError('INTERNAL', 'The scheduler was used before it was attached');
    return this.host;
  }
}

/** Ends a quantum's span with how the quantum ended (and the code it failed with). */
function endQuantumSpan(
  span: Span,
  end: { ctx: QuantumContext; entry: InFlight; failure: unknown },
): void {
  if (!span.isRecording()) return;
  const code =
    end.failure === undefined ? null : toLibosError(end.failure, 'Running a quantum').code;
  const outcome = end.ctx.ended ?? end.entry.cause ?? (code === null ? 'yielded' : 'failed');
  endOutcomeSpan(span, { key: 'quantum', outcome, code });
}

/** The processes one run may start, and those it passed over (queued again when it ends). */
class RunScope {
  readonly skipped = new Set<Pid>();
  private readonly answers = new Map<Pid, boolean>();
  private readonly only: (pid: Pid) => Promise<boolean>;

  constructor(only: (pid: Pid) => Promise<boolean>) {
    this.only = only;
  }

  async accepts(pid: Pid): Promise<boolean> {
    let answer = this.answers.get(pid);
    if (answer === undefined) {
      answer = await this.only(pid);
      this.answers.set(pid, answer);
    }
    if (!answer) this.skipped.add(pid);
    return answer;
  }
}
