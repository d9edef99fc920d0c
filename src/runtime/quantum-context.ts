// What a quantum body sees: its process, its cancellation signal, the syscall door and the raw kernel calls.
import type { Json } from '../base/canonical-json.js';
import { LibosError } from '../base/errors.js';
import { parseId, type MessageId, type Pid } from '../base/ids.js';
import type { RequestBody, RequestId } from '../kernel/approval/types.js';
import type { UsageDelta } from '../kernel/budget/exceeded.js';
import type { Capability, CapabilityId } from '../kernel/capability/types.js';
import type { Decision } from '../kernel/capability/decide.js';
import type { HostResolver } from '../ports/host-resolver.js';
import { systemResolver } from '../syscalls/net/system-resolver.js';
import { decideOne, type NeedCheck } from './authority/load-decision.js';
import type { Message } from '../kernel/mailbox/types.js';
import type { AgentProcess, MessageFilter, Signal } from '../kernel/process/types.js';
import type {
  Blocking,
  CallCompletion,
  ChildEnding,
  ChildSpec,
  ExecRequest,
  ExecResult,
  HumanAnswer,
  KernelOps,
  ModelRequestBody,
  SkillFileRead,
} from '../ports/kernel-ops.js';
import type { SyscallResult } from '../syscalls/define-syscall.js';
import { delegateInScope, revokeCapability } from './authority/capability-ops.js';
import { askHuman, notifyHuman } from './authority/human-ops.js';
import { receiveMessages, sleepProcess, waitChildren, type LeaseRef } from './commands/block.js';
import { runCommand } from './commands/command-scope.js';
import { exitProcess } from './commands/exit-process.js';
import { changeDirectory, chargeUsage } from './commands/process-attributes.js';
import { execProcess } from './commands/exec-image.js';
import { sendMessage } from './commands/send-message.js';
import { signalProcess } from './commands/signal-process.js';
import { forkProcess, spawnProcess, type SpawnInput } from './commands/spawn.js';
import { delayMsSchema, forkInputSchema, parseInput, spawnInputSchema } from './inputs.js';
import { OBJECT_LIMITS } from '../kernel/object/limits.js';
import { lessSensitive } from '../kernel/object/sensitivity.js';
import { ObjectMemory } from './objects/object-memory.js';
import { ProcessCheckpoints } from './checkpoints/process-checkpoints.js';
import {
  materializeContext,
  type MaterializedContext,
  type MaterializeOptions,
} from './objects/materialize-context.js';
import { invokeSyscall, type PipelineHost, type SyscallCaller } from './syscall-pipeline.js';
import { recordTurn, type TurnRecord } from './commands/record-turn.js';
import { registerImage } from './agent/register-image.js';
import { registerJitTool } from './agent/register-jit-tool.js';
import type { JitToolEntry } from '../kernel/agent/jit-tool.js';
import type { ObjectOps } from '../ports/object-ops.js';
import type { AgentImage } from '../kernel/agent/types.js';
import { CallKernel } from './call-kernel.js';
import { DeferredJournal } from './deferred-journal.js';
import type { RuntimeDeps } from './deps.js';
import { callModel } from './agent/call-model.js';
import type { ModelResponse } from '../ports/model-provider.js';
import type { CommandAuthority, CommandRunner } from '../ports/command-runner.js';
import { oncePerCall } from './commands/once-per-call.js';
import { readSkillFile } from './skills/read-skill-file.js';
import { commandAuthorityOf } from './authority/command-authority.js';
import type { McpClients, McpToolInfo } from '../ports/mcp-client.js';
import type { McpTool } from '../kernel/mcp/types.js';
import { recordTools } from './mcp/record-tools.js';
import type { Span } from '@opentelemetry/api';
import { CallSpans } from './telemetry/call-spans.js';
import { traceSpawn } from './telemetry/trace-spawn.js';

/**
 * The context of one quantum. `syscall` is the authority-checked door every agent action goes
 * through; the other methods are the raw kernel calls syscall bodies use (trusted code only).
 */
export class QuantumContext implements KernelOps {
  #process: AgentProcess;
  /** Interrupt messages delivered at the start of this quantum, before anything else. */
  readonly interrupts: readonly Message[];
  /** Fires when the quantum must stop (pause, kill, interrupt). */
  readonly signal: AbortSignal;
  /** Object Memory as this process (raw: the pipeline checks capabilities, not this). */
  readonly objects: ObjectMemory;
  readonly checkpoints: ProcessCheckpoints;
  private readonly host: PipelineHost;
  /** The runtime's dependencies as this quantum's commands use them (see DeferredJournal). */
  readonly deps: RuntimeDeps;
  private readonly journal: DeferredJournal;
  private readonly lease: LeaseRef;
  /** The spans of this quantum, its model calls, tool calls and syscalls (`telemetry/`). */
  readonly spans: CallSpans;
  private cwd: string;
  private calls = 0;
  private endedBy: 'blocked' | 'exited' | 'yielded' | null = null;

  constructor(
    host: PipelineHost,
    init: {
      process: AgentProcess;
      fence: number;
      interrupts: readonly Message[];
      signal: AbortSignal;
      span?: Span;
    },
  ) {
    this.journal = new DeferredJournal(host.deps.store);
    this.deps = { ...host.deps, store: this.journal.store };
    this.host = { ...host, deps: this.deps };
    this.#process = init.process;
    this.interrupts = init.interrupts;
    this.signal = init.signal;
    this.spans = new CallSpans(host.tracing, init.span);
    this.cwd = init.process.cwd;
    this.lease = { pid: init.process.pid, fence: init.fence };
    this.objects = new ObjectMemory(this.deps, {
      actor: this.lease.pid,
      fence: this.lease.fence,
      maxPayloadBytes: host.maxObjectBytes ?? OBJECT_LIMITS.maxPayloadBytes,
    });
    this.checkpoints = new ProcessCheckpoints(this.deps, this.lease);
  }

  /**
   * Selects the objects this process may read for its model's context within a token budget and
   * journals the manifest (`context.materialized`) under this quantum's lease.
   */
  async materializeContext(
    options: Omit<MaterializeOptions, 'fence'>,
  ): Promise<MaterializedContext> {
    // The runtime's model clearance is the ceiling: a body (an image) may only lower it.
    const ceiling = this.host.modelClearance ?? 'internal';
    const clearance =
      options.clearance === undefined ? ceiling : lessSensitive(options.clearance, ceiling);
    return materializeContext(this.deps, this.pid, {
      ...options,
      clearance,
      fence: this.fence,
      defer: (draft) => {
        this.journal.defer(draft);
      },
    });
  }

  /** Writes the entries still deferred (the scheduler calls it when a quantum ends). */
  async flushJournal(): Promise<void> {
    await this.journal.flush();
  }

  /** The process as claimed for this quantum, or as last observed by `observe`. */
  get process(): AgentProcess {
    return this.#process;
  }

  /**
   * Takes a fresher read of this quantum's process (a quantum running several turns sees its
   * usage grow). Returns false when the process no longer runs under this quantum's lease (paused,
   * killed, taken over): the quantum must end.
   */
  observe(process: AgentProcess | undefined): boolean {
    if (process?.state.kind !== 'running' || process.state.fence !== this.fence) return false;
    this.#process = process;
    return true;
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
  get ended(): 'blocked' | 'exited' | 'yielded' | null {
    return this.endedBy;
  }

  /** Current time from the runtime's clock. */
  now(): number {
    return this.deps.clock.now();
  }

  /**
   * Invokes a syscall through the pipeline (capabilities, approvals, intents, journal). Returns
   * `{ blocked: true }` when the process now waits; the quantum should then end. Its span starts
   * under `options.parent` (a tool call's or model call's span), else under the quantum's.
   * @throws NOT_PERMITTED when denied; the syscall's own error codes otherwise
   */
  async syscall(
    name: string,
    input: unknown,
    options: { callId?: string; parent?: Span } = {},
  ): Promise<SyscallResult<unknown>> {
    this.calls += 1;
    const callId = options.callId ?? `${this.fence}:${this.calls}`;
    const caller: SyscallCaller = {
      lease: this.lease,
      cwd: this.cwd,
      signal: this.signal,
      kernel: this,
      defer: (draft, write) => {
        this.journal.defer(draft, write);
      },
    };
    const result = await this.spans.run({ name, callId, parent: options.parent }, (decided) =>
      invokeSyscall(this.host, caller, { name, input, callId }, decided),
    );
    if (result.blocked) this.endedBy ??= 'blocked';
    return result;
  }

  /**
   * These kernel calls on behalf of the syscall call `key` (sha256 of pid and call id): each state
   * change stores its outcome under the key in its own transaction, so the call re-issued after a
   * crash gets that outcome back instead of changing state twice. The pipeline hands this to
   * every syscall body.
   */
  forCall(key: string, completion?: CallCompletion): KernelOps {
    return new CallKernel(this, key, completion);
  }

  /** Spawns a child; only `grants` pass on. */
  async spawn(
    input: ChildSpec & { imageId: string; goal: string },
    options: CallOption = {},
  ): Promise<AgentProcess> {
    const { grants, tools, ...rest } = input;
    const parsed = parseInput(spawnInputSchema, rest, 'Spawning a process') as SpawnInput;
    return traceSpawn(
      this.host.tracing,
      { parent: this.spans.current, kind: 'spawned' },
      (traceContext) =>
        spawnProcess(
          this.deps,
          {
            ...parsed,
            ...(grants === undefined ? {} : { grants }),
            ...(tools === undefined ? {} : { jitTools: tools }),
            parentPid: this.pid,
            traceContext,
          },
          { actor: this.pid, fence: this.fence, ...options },
        ),
    );
  }

  /** Forks a child from this process; only `grants` pass on. */
  async fork(input: ChildSpec = {}, options: CallOption = {}): Promise<AgentProcess> {
    const { grants, tools: _all, ...rest } = input;
    const parsed = parseInput(forkInputSchema, rest, 'Forking a process') as Partial<SpawnInput>;
    return traceSpawn(
      this.host.tracing,
      { parent: this.spans.current, kind: 'forked' },
      (traceContext) =>
        forkProcess(
          this.deps,
          {
            ...parsed,
            ...(grants === undefined ? {} : { grants }),
            parentPid: this.pid,
            traceContext,
          },
          { actor: this.pid, fence: this.fence, ...options },
        ),
    );
  }

  /** Replaces this process's image and shrinks its authority to what it keeps; the pid stays. */
  async exec(input: ExecRequest, options: CallOption = {}): Promise<ExecResult> {
    return execProcess(this.deps, this.lease, { ...input, ...options });
  }

  /** Sends a message to self, the parent or a direct child. */
  async send(
    to: Pid,
    body: Json,
    options: { interrupt?: boolean } & CallOption = {},
  ): Promise<MessageId> {
    const target = parseId('process', to);
    return sendMessage(
      this.deps,
      { from: this.pid, to: target, body, interrupt: options.interrupt ?? false },
      { fence: this.fence, ...(options.call === undefined ? {} : { call: options.call }) },
    );
  }

  /** Reads messages; with `wait` and an empty mailbox the process blocks and the quantum should end. */
  async receive(
    options: { wait?: boolean; filter?: MessageFilter; limit?: number; key?: string } = {},
  ): Promise<Blocking<Message[]>> {
    const result = await receiveMessages(this.deps, this.lease, {
      wait: options.wait ?? false,
      filter: options.filter ?? {},
      limit: options.limit ?? 16,
      ...(options.key === undefined ? {} : { key: options.key }),
    });
    if (result.blocked) this.endedBy = 'blocked';
    return result;
  }

  /**
   * Sleeps on a durable timer; the quantum should end after this. The same call re-issued after a
   * crash already slept: it returns the same wake-up time and does not block again.
   */
  async sleep(ms: number, options: CallOption = {}): Promise<{ wakeAt: number }> {
    const delay = parseInput(delayMsSchema, ms, 'Sleeping');
    const { wakeAt, slept } = await sleepProcess(this.deps, this.lease, {
      ms: delay,
      ...options,
    });
    if (slept) this.endedBy = 'blocked';
    return { wakeAt };
  }

  /** Returns ended children among `pids`, or blocks until one ends (when `wait`, the default). */
  async wait(
    pids: readonly Pid[],
    options: { wait?: boolean } = {},
  ): Promise<Blocking<ChildEnding[]>> {
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
  async signalChild(pid: Pid, signal: Signal, options: CallOption = {}): Promise<void> {
    await signalProcess(
      this.deps,
      { from: this.pid, to: parseId('process', pid), signal },
      { fence: this.fence, ...options },
    );
  }

  /** Changes the working directory; returns the new cwd. */
  async chdir(path: string, options: CallOption = {}): Promise<string> {
    this.cwd = await changeDirectory(this.deps, this.lease, { path, ...options });
    return this.cwd;
  }

  /** Charges tool calls or tokens against the budgets of this process and its ancestors. */
  async charge(delta: UsageDelta, options: { once?: string } = {}): Promise<void> {
    await chargeUsage(this.deps, this.lease, delta, options);
  }

  /** Ends this process with `result`. */
  async exit(result: Json): Promise<void> {
    await exitProcess(this.deps, this.pid, { fence: this.fence, outcome: { exit: result } });
    this.endedBy = 'exited';
  }

  /** Delegates a narrowed copy of one of this process's records to a direct child. */
  async delegate(
    input: Parameters<KernelOps['delegate']>[0],
    options: CallOption = {},
  ): Promise<Capability> {
    return runCommand(this.deps, { actor: this.pid }, async (scope) => {
      await scope.tx.assertLease(this.pid, this.fence);
      const target = await scope.tx.getProcess(input.to);
      if (target?.parentPid !== this.pid) {
        throw new LibosError(
          'NOT_PERMITTED',
          'Delegating a capability failed: the receiver is not a direct child',
        );
      }
      const { value } = await oncePerCall(scope, { pid: this.pid, key: options.call }, async () =>
        String((await delegateInScope(scope, this.deps, { ...input, holder: this.pid })).id),
      );
      const record = await scope.tx.getCapability(value as CapabilityId);
      if (record === undefined)
        throw new LibosError('INTERNAL', 'Delegating a capability failed: the record is missing');
      return record;
    });
  }

  /** Revokes a record this process issued, with everything delegated from it. */
  async revoke(id: CapabilityId, options: CallOption = {}): Promise<number> {
    return revokeCapability(this.deps, id, { actor: this.pid, ...options });
  }

  /** Asks a human on behalf of the exact call; blocks until answered. */
  async askHuman(
    input: {
      body: RequestBody;
      callHash: string;
      deadline: number | null;
    },
    options: CallOption = {},
  ): Promise<Blocking<HumanAnswer>> {
    const result = await askHuman(this.deps, this.lease, { ...input, ...options });
    if (result.blocked) this.endedBy = 'blocked';
    return result;
  }

  /** The runtime's store, for reads (writes go through syscalls and `record`). */
  get store(): PipelineHost['deps']['store'] {
    return this.deps.store;
  }

  /** Persists transcript items, journal entries, usage and settings under this quantum's lease. */
  async record(turn: TurnRecord): Promise<number[]> {
    const { seqs, yielded } = await recordTurn(this.deps, this.lease, turn);
    if (yielded) this.endedBy = 'yielded';
    return seqs;
  }

  /** Registers an agent image version. */
  async registerImage(image: AgentImage, options: CallOption = {}): Promise<AgentImage> {
    return registerImage(this.deps, image, { actor: this.pid, ...options });
  }

  /** Adds the caller's proposal `tool-proposal.<name>` to its JIT tool table. */
  async registerTool(
    input: { name: string },
    options: CallOption & { objects?: ObjectOps } = {},
  ): Promise<JitToolEntry> {
    return registerJitTool(this.deps, this.lease, {
      name: input.name,
      objects: options.objects ?? this.objects,
      ...(options.call === undefined ? {} : { call: options.call }),
    });
  }

  /** Reads one file of a registered Skill's newest live snapshot. */
  async readSkill(input: { name: string; path: string }): Promise<SkillFileRead> {
    return this.deps.store.read((reader) =>
      readSkillFile(reader, { ...input, attempted: 'Reading a skill' }),
    );
  }

  /** Leaves a notification; never blocks. */
  async notifyHuman(input: { message: string; callHash: string }): Promise<RequestId> {
    return notifyHuman(this.deps, this.lease, input);
  }

  /** How this process's records decide `need` now, without asking, reserving or journaling. */
  decideNeed(need: NeedCheck, options: { readonly callHash: string }): Promise<Decision> {
    const call = { pid: this.pid, need, callHash: options.callHash, now: this.deps.clock.now() };
    return this.deps.store.read((reader) =>
      decideOne(reader, call, { cache: this.deps.capabilities }),
    );
  }

  /** Resolves a host name with the runtime's resolver (the system's by default). */
  readonly resolveHost: HostResolver = (name, options) =>
    (this.host.resolveHost ?? systemResolver)(name, options);

  /** The runtime's command runner, or null when it has none. */
  commandRunner(): CommandRunner | null {
    return this.host.commands ?? null;
  }

  /**
   * This process's records (through the capability cache), its delegators' records for each
   * delegated `fs` allow, the reserved paths and the time, in one read snapshot.
   */
  commandAuthority(): Promise<CommandAuthority> {
    return commandAuthorityOf(this.deps, { pid: this.pid, host: this.host });
  }

  /** The runtime's MCP clients, or null when it reaches no MCP server. */
  mcpClients(): McpClients | null {
    return this.host.mcp ?? null;
  }

  /** Records what an MCP server offers now (see `recordTools`). */
  recordMcpTools(server: string, tools: readonly McpToolInfo[]): Promise<readonly McpTool[]> {
    return recordTools(this.deps, { server, tools, pid: this.pid });
  }

  /** Calls a model for this process and persists its answer (see `callModel`). */
  async callModel(input: {
    spec: string;
    turn: number;
    request: ModelRequestBody;
    onSend: () => void;
    completion?: CallCompletion;
  }): Promise<{ response: ModelResponse; requestSha256: string }> {
    return callModel(this.deps, this.lease, {
      ...input,
      process: this.process,
      models: this.host.models,
      signal: this.signal,
      ...(this.host.live === undefined ? {} : { live: this.host.live }),
      ...(this.host.streamModels === undefined ? {} : { streamModels: this.host.streamModels }),
    });
  }
}

/** The call a kernel operation is made for (see `QuantumContext.forCall`). */
export interface CallOption {
  readonly call?: string;
}

/** The pluggable body of one quantum (the agent loop plugs in here). */
export type QuantumBody = (ctx: QuantumContext) => Promise<void>;
