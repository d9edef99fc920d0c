// The kernel interface a quantum body sees: every call is bound to the process and its lease.
import type { Json } from '../base/canonical-json.js';
import { LibosError } from '../base/errors.js';
import { parseId, type MessageId, type Pid } from '../base/ids.js';
import type { UsageDelta } from '../kernel/budget/exceeded.js';
import type { Message } from '../kernel/mailbox/types.js';
import type { AgentProcess, MessageFilter, Signal } from '../kernel/process/types.js';
import {
  receiveMessages,
  sleepProcess,
  waitChildren,
  type ChildOutcome,
  type LeaseRef,
  type MaybeBlocked,
} from './commands/block.js';
import { exitProcess } from './commands/exit-process.js';
import { changeDirectory, chargeUsage, execProcess } from './commands/process-attributes.js';
import { sendMessage } from './commands/send-message.js';
import { signalProcess } from './commands/signal-process.js';
import { forkProcess, spawnProcess, type SpawnInput } from './commands/spawn.js';
import type { RuntimeDeps } from './deps.js';
import { delayMsSchema, forkInputSchema, parseInput, spawnInputSchema } from './inputs.js';

/** What a quantum body is given: its process, its cancellation signal and its kernel calls. */
export class QuantumContext {
  /** The process as claimed for this quantum. */
  readonly process: AgentProcess;
  /** Interrupt messages delivered at the start of this quantum, before anything else. */
  readonly interrupts: readonly Message[];
  /** Fires when the quantum must stop (pause, kill, interrupt). */
  readonly signal: AbortSignal;
  private readonly deps: RuntimeDeps;
  private readonly lease: LeaseRef;
  private endedBy: 'blocked' | 'exited' | null = null;

  constructor(
    deps: RuntimeDeps,
    init: {
      process: AgentProcess;
      fence: number;
      interrupts: readonly Message[];
      signal: AbortSignal;
    },
  ) {
    this.deps = deps;
    this.process = init.process;
    this.interrupts = init.interrupts;
    this.signal = init.signal;
    this.lease = { pid: init.process.pid, fence: init.fence };
  }

  /** The pid this quantum runs as. */
  get pid(): Pid {
    return this.lease.pid;
  }

  /** The fencing token of this quantum's lease. */
  get fence(): number {
    return this.lease.fence;
  }

  /** Whether the quantum already blocked or exited (the scheduler then does not yield it). */
  get ended(): 'blocked' | 'exited' | null {
    return this.endedBy;
  }

  /** Current time from the runtime's clock. */
  now(): number {
    return this.deps.clock.now();
  }

  /** Spawns a child. */
  async spawn(input: SpawnInput): Promise<AgentProcess> {
    const parsed = parseInput(spawnInputSchema, input, 'Spawning a process') as SpawnInput;
    return spawnProcess(
      this.deps,
      { ...parsed, parentPid: this.pid },
      { actor: this.pid, fence: this.fence },
    );
  }

  /** Forks a child from this process. */
  async fork(input: Partial<SpawnInput> = {}): Promise<AgentProcess> {
    const parsed = parseInput(forkInputSchema, input, 'Forking a process') as Partial<SpawnInput>;
    return forkProcess(
      this.deps,
      { ...parsed, parentPid: this.pid },
      { actor: this.pid, fence: this.fence },
    );
  }

  /** Replaces this process's image; the pid stays. */
  async exec(input: { imageId: string; goal?: string }): Promise<void> {
    return execProcess(this.deps, this.lease, input);
  }

  /** Sends a message to self, the parent or a direct child. */
  async send(to: Pid, body: Json, options: { interrupt?: boolean } = {}): Promise<MessageId> {
    const target = parseId('process', to);
    return sendMessage(
      this.deps,
      { from: this.pid, to: target, body, interrupt: options.interrupt ?? false },
      { fence: this.fence },
    );
  }

  /** Reads messages; with `wait` and an empty mailbox the process blocks and the quantum should end. */
  async receive(
    options: { wait?: boolean; filter?: MessageFilter; limit?: number } = {},
  ): Promise<MaybeBlocked<Message[]>> {
    const result = await receiveMessages(this.deps, this.lease, {
      wait: options.wait ?? false,
      filter: options.filter ?? {},
      limit: options.limit ?? 16,
    });
    if (result.blocked) this.endedBy = 'blocked';
    return result;
  }

  /** Sleeps on a durable timer; the quantum should end after this. */
  async sleep(ms: number): Promise<{ wakeAt: number }> {
    const delay = parseInput(delayMsSchema, ms, 'Sleeping');
    const result = await sleepProcess(this.deps, this.lease, { ms: delay });
    this.endedBy = 'blocked';
    return result;
  }

  /** Returns ended children among `pids`, or blocks until one ends (when `wait`). */
  async wait(
    pids: readonly Pid[],
    options: { wait?: boolean } = {},
  ): Promise<MaybeBlocked<ChildOutcome[]>> {
    if (pids.length === 0)
      throw new LibosError(
        'INVALID_INPUT',
        'Waiting on children failed: name at least one child pid',
      );
    const parsed = pids.map((p) => parseId('process', p));
    const result = await waitChildren(this.deps, this.lease, {
      pids: parsed,
      wait: options.wait ?? true,
    });
    if (result.blocked) this.endedBy = 'blocked';
    return result;
  }

  /** Signals a direct child. */
  async signalChild(pid: Pid, signal: Signal): Promise<void> {
    return signalProcess(
      this.deps,
      { from: this.pid, to: parseId('process', pid), signal },
      { fence: this.fence },
    );
  }

  /** Changes the working directory; returns the new cwd. */
  async chdir(path: string): Promise<string> {
    return changeDirectory(this.deps, this.lease, { path });
  }

  /** Charges tool calls or tokens against the budgets of this process and its ancestors. */
  async charge(delta: UsageDelta): Promise<void> {
    return chargeUsage(this.deps, this.lease, delta);
  }

  /** Ends this process with `result`. */
  async exit(result: Json): Promise<void> {
    await exitProcess(this.deps, this.pid, { fence: this.fence, outcome: { exit: result } });
    this.endedBy = 'exited';
  }
}

/** The pluggable body of one quantum (the agent loop plugs in here). */
export type QuantumBody = (ctx: QuantumContext) => Promise<void>;
