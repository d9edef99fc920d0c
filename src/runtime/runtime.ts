// The runtime: composition of store, clock, ids and scheduler, with the operator's commands.
import { OperatorFlow } from './flow/operator-flow.js';
import { storeOptionRules } from './flow/store-option-rules.js';
import type { Json } from '../base/canonical-json.js';
import { createSystemClock, type Clock } from '../base/clock.js';
import { LibosError } from '../base/errors.js';
import { createRandomIdSource, parseId, type MessageId, type Pid } from '../base/ids.js';
import type { JournalEntry } from '../kernel/journal/entry.js';
import {
  isTerminal,
  type AgentProcess,
  type Signal,
  type StateKind,
} from '../kernel/process/types.js';
import type { JournalQuery, Store } from '../ports/store.js';
import { runCommand } from './commands/command-scope.js';
import { sendMessage } from './commands/send-message.js';
import { signalProcess } from './commands/signal-process.js';
import { forkProcess, spawnProcess, type SpawnInput } from './commands/spawn.js';
import type { RuntimeDeps } from './deps.js';
import { forkInputSchema, parseInput, spawnInputSchema } from './inputs.js';
import { Scheduler, type RunOptions, type RunReport } from './scheduler.js';
import { Tracing } from './telemetry/tracing.js';
import { traceSpawn } from './telemetry/trace-spawn.js';
import { syscallTable } from './syscall-table.js';
import { pipelineHost } from './pipeline-host.js';
import { recoverOnOpen } from './recover-on-open.js';
import {
  grantCapabilities,
  grantCapability,
  parseRecord,
  previewRevocation,
  revokeCapability,
  type GrantInput,
} from './authority/capability-ops.js';
import { decideRequest } from './authority/decide-request.js';
import { explainDecision, type Explanation } from './authority/explain.js';
import { readApprovalContext, type ApprovalContext } from './authority/approval-context.js';
import type {
  HumanRequest,
  PermissionDecision,
  RequestId,
  RequestState,
} from '../kernel/approval/types.js';
import type { Capability, CapabilityId } from '../kernel/capability/types.js';
import type { AgentImage, TranscriptEntry } from '../kernel/agent/types.js';
import { registerImage } from './agent/register-image.js';
import { setImageVersion } from './commands/exec-image.js';
import { resolveImage } from './agent/image-registry.js';
import { stateDirectoryOf } from './reserved-paths.js';
import { modelResource } from '../kernel/agent/model-resource.js';
import { chooseModel } from './authority/choose-model.js';
import { CapabilityCache } from './authority/capability-cache.js';
import { createWorkspaceRoot, type WorkspaceRoot } from '../syscalls/fs/workspace-root.js';
import { resolve } from 'node:path';
import { OBJECT_LIMITS } from '../kernel/object/limits.js';
import { OperatorObjects } from './objects/operator-objects.js';
import { OperatorSkills } from './skills/operator-skills.js';
import type { RuntimeOptions, RuntimeParts } from './runtime-options.js';
import { LiveChannel } from './live-channel.js';
import { recordShellMode } from './commands/shell-mode.js';
import { OperatorTasks } from './tasks/operator-tasks.js';
import { OperatorMcp } from './mcp/operator-mcp.js';
import { OperatorCheckpoints } from './checkpoints/operator-checkpoints.js';

export type { RuntimeOptions } from './runtime-options.js';

const VALID_SIGNALS: readonly Signal[] = ['pause', 'resume', 'interrupt', 'terminate'];

/** What the operator spawns: a process, where, on which model, with which records. */
export type OperatorSpawn = Omit<SpawnInput, 'records' | 'model' | 'grants'> & {
  readonly parentPid?: string;
  readonly model?: string;
  readonly records?: readonly Omit<GrantInput, 'subject'>[];
};

/** A running agent-libos runtime; close it (or `await using` it) when done. */
export class Runtime implements AsyncDisposable {
  readonly store: Store;
  readonly clock: Clock;
  /** Object Memory as the operator: shared namespaces, objects by id (origin `human`). */
  readonly objects: OperatorObjects;
  /** The Skill registry as the operator: register a folder, list, show, remove. */
  readonly skills: OperatorSkills;
  /** Tasks: durable conversations whose runs are root processes (start, follow up, read). */
  readonly tasks: OperatorTasks;
  /** Information flow: label rules (list, set, remove) and process taints (show, clear). */
  readonly flow: OperatorFlow;
  /** Checkpoints of process subtrees: take, list, show, diff, restore, fork, remove. */
  readonly checkpoints: OperatorCheckpoints;
  /**
   * Live events of this runtime that are never journaled (`model.delta` while an answer
   * streams), for subscribers in this process: the HTTP event stream, `run`'s progress display.
   */
  readonly live: LiveChannel;
  private readonly deps: RuntimeDeps;
  private readonly scheduler: Scheduler;
  private readonly workspace: WorkspaceRoot;
  /** The MCP servers the operator registered (add, list, show, remove). */
  readonly mcp: OperatorMcp;
  private readonly tracing: Tracing;
  private closed = false;

  private constructor(deps: RuntimeDeps, scheduler: Scheduler, options: RuntimeParts) {
    this.live = options.live;
    this.tracing = options.tracing;
    this.deps = deps;
    this.store = deps.store;
    this.clock = deps.clock;
    this.scheduler = scheduler;
    this.workspace = options.workspace;
    this.mcp = options.mcp;
    this.objects = new OperatorObjects(deps, { maxPayloadBytes: options.maxObjectBytes });
    this.skills = new OperatorSkills(deps);
    this.tasks = new OperatorTasks(deps);
    this.flow = new OperatorFlow(deps);
    this.checkpoints = new OperatorCheckpoints(deps, { workspace: options.workspace });
  }

  /**
   * Creates a runtime and recovers what a previous runtime left: expired leases become runnable.
   * @example
   * await using rt = await Runtime.create({ store });
   */
  static async create(options: RuntimeOptions): Promise<Runtime> {
    const clock = options.clock ?? createSystemClock();
    const scheduler = new Scheduler({
      body: options.body ?? (async (ctx) => ctx.exit(null)),
      maxInFlight: options.maxInFlight ?? 64,
      leaseMs: options.leaseMs ?? 60_000,
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    });
    const deps: RuntimeDeps = {
      store: options.store,
      clock,
      ids: options.ids ?? createRandomIdSource(() => clock.now()),
      notify: scheduler,
      capabilities: new CapabilityCache(),
    };
    const maxObjectBytes = options.maxObjectBytes ?? OBJECT_LIMITS.maxPayloadBytes;
    const syscalls = syscallTable(options.syscalls);
    const workspacePath = resolve(options.workspace ?? '.');
    const stateDirectory =
      options.stateDirectory ??
      (options.store.location === null ? null : stateDirectoryOf(options.store.location));
    // Opened lazily by the first fs call, kept open until `close`.
    const workspace = createWorkspaceRoot(workspacePath);
    const live = new LiveChannel();
    const tracing = new Tracing(
      options.tracerProvider === undefined ? {} : { provider: options.tracerProvider },
    );
    scheduler.attach(
      pipelineHost(options, {
        deps,
        syscalls,
        workspace,
        workspacePath,
        stateDirectory,
        maxObjectBytes,
        live,
        tracing,
      }),
    );
    const hidden = [workspacePath, ...(stateDirectory === null ? [] : [stateDirectory])];
    const mcp = new OperatorMcp(deps, { clients: options.mcp ?? null, hidden });
    const parts = { maxObjectBytes, workspace, live, tracing, mcp };
    const runtime = new Runtime(deps, scheduler, parts);
    if (options.store.writable && options.commands !== undefined)
      await recordShellMode(deps, options.commands.sandbox);
    if (options.labelRules !== undefined && options.labelRules.length > 0)
      await storeOptionRules(deps, options.labelRules);
    if (options.store.writable) await recoverOnOpen(deps, { syscalls, scheduler });
    return runtime;
  }

  /**
   * Spawns a root process (or a child of `parentPid`) as the operator. With `model`, the process
   * runs on that model and may call it (see `setModel`); `records` are the operator's capability
   * records for it. Both land with the spawn in one transaction: it never runs without them.
   */
  async spawn(input: OperatorSpawn): Promise<AgentProcess> {
    const { parentPid, model, records, ...rest } = input;
    const parsed = parseInput(spawnInputSchema, rest, 'Spawning a process') as SpawnInput;
    const parent = parentPid === undefined ? null : parseId('process', parentPid);
    return traceSpawn(
      parent === null ? this.tracing : undefined,
      { parent: undefined, kind: 'spawned' },
      (traceContext) =>
        spawnProcess(
          this.deps,
          {
            ...parsed,
            parentPid: parent,
            ...(model === undefined ? {} : { model }),
            ...(records === undefined ? {} : { records: records.map(parseRecord) }),
            traceContext,
          },
          { actor: 'operator' },
        ),
    );
  }

  /** Forks `pid` as the operator. */
  async fork(pid: string, input: Partial<SpawnInput> = {}): Promise<AgentProcess> {
    const parsed = parseInput(forkInputSchema, input, 'Forking a process') as Partial<SpawnInput>;
    return forkProcess(
      this.deps,
      { ...parsed, parentPid: parseId('process', pid) },
      { actor: 'operator' },
    );
  }

  /** Sends `signal` to `pid` as the operator. */
  async signal(pid: string, signal: string, options: { body?: Json } = {}): Promise<void> {
    if (!VALID_SIGNALS.includes(signal as Signal)) {
      throw new LibosError(
        'INVALID_INPUT',
        `Sending a signal failed: ${JSON.stringify(signal)} is not one of ${VALID_SIGNALS.join(', ')}`,
      );
    }
    return signalProcess(
      this.deps,
      { from: 'operator', to: parseId('process', pid), signal: signal as Signal, ...options },
      {},
    );
  }

  /** Kills `pid` and its subtree. */
  async kill(pid: string): Promise<void> {
    return this.signal(pid, 'terminate');
  }

  /** Posts a message to `pid` as the operator. */
  async send(pid: string, body: Json, options: { interrupt?: boolean } = {}): Promise<MessageId> {
    return sendMessage(
      this.deps,
      {
        from: 'operator',
        to: parseId('process', pid),
        body,
        interrupt: options.interrupt ?? false,
      },
      {},
    );
  }

  /**
   * Reads one process.
   * @throws INVALID_ID, NOT_FOUND
   */
  async get(pid: string): Promise<AgentProcess> {
    const id = parseId('process', pid);
    const found = await this.store.read((r) => r.getProcess(id));
    if (found === undefined)
      throw new LibosError('NOT_FOUND', `Reading a process failed: no process ${id}`, {
        details: { pid: id },
      });
    return found;
  }

  /** Lists processes, keyset-paged by pid. */
  async list(
    query: { afterPid?: Pid; limit?: number; states?: readonly StateKind[] } = {},
  ): Promise<AgentProcess[]> {
    return this.store.read((r) => r.listProcesses({ ...query, limit: query.limit ?? 100 }));
  }

  /**
   * A process's durable transcript after `afterSeq`, in order (what its model was shown, before
   * any compaction the process did).
   * @throws INVALID_ID, NOT_FOUND
   */
  async transcript(
    pid: string,
    query: { afterSeq?: number; limit?: number } = {},
  ): Promise<TranscriptEntry[]> {
    const id = (await this.get(pid)).pid;
    return this.store.read((r) =>
      r.listTranscript(id, { ...query, limit: Math.min(query.limit ?? 100, 1000) }),
    );
  }

  /** The `provider:model` spec a process runs on, or null when it has none. */
  async modelOf(pid: string): Promise<string | null> {
    const id = (await this.get(pid)).pid;
    const spec = await this.store.read((r) => r.getSetting(id, 'model'));
    return typeof spec === 'string' ? spec : null;
  }

  /** Lists journal entries. */
  async journal(query: JournalQuery): Promise<JournalEntry[]> {
    return this.store.read((r) => r.listJournal(query));
  }

  /** Grants a capability record to a process (operator authority). */
  async grant(input: GrantInput): Promise<Capability> {
    return grantCapability(this.deps, input, { actor: 'operator' });
  }

  /**
   * Grants several records as the operator in one transaction: all of them, or none when one
   * fails (an ended holder, an unknown object).
   * @throws as `grant`
   */
  async grantAll(inputs: readonly GrantInput[]): Promise<Capability[]> {
    return grantCapabilities(this.deps, inputs, { actor: 'operator' });
  }

  /** Revokes a record and everything delegated from it; returns how many were revoked. */
  async revoke(id: string): Promise<number> {
    return revokeCapability(this.deps, id, { actor: 'operator' });
  }

  /**
   * What `revoke(id)` would revoke now: the record and every live record delegated from it,
   * transitively, in the order a revocation reaches them. Changes nothing.
   * @throws INVALID_ID, NOT_FOUND
   */
  async revokePreview(id: string): Promise<Capability[]> {
    return this.store.read((r) => previewRevocation(r, id));
  }

  /** Lists capability records, keyset-paged by id. */
  async capabilities(
    query: {
      subject?: string;
      afterId?: CapabilityId;
      limit?: number;
      includeRevoked?: boolean;
    } = {},
  ): Promise<Capability[]> {
    const { subject, ...rest } = query;
    const filter = subject === undefined ? {} : { subject: parseId('process', subject) };
    return this.store.read((r) =>
      r.listCapabilities({ ...rest, ...filter, limit: query.limit ?? 100 }),
    );
  }

  /** Explains the decision for `pid` doing `right` on a concrete `resource`. */
  async explain(pid: string, resource: string, right: string): Promise<Explanation> {
    return this.store.read((r) =>
      explainDecision(r, { pid, resource, right, now: this.clock.now() }),
    );
  }

  /** Lists human requests (pending by default), keyset-paged by id. */
  async requests(
    query: {
      states?: readonly RequestState['kind'][];
      afterId?: RequestId;
      limit?: number;
      pid?: string;
    } = {},
  ): Promise<HumanRequest[]> {
    const pid = query.pid === undefined ? undefined : parseId('process', query.pid);
    return this.store.read((r) =>
      r.listRequests({
        states: query.states ?? ['pending'],
        limit: query.limit ?? 100,
        ...(query.afterId === undefined ? {} : { afterId: query.afterId }),
        ...(pid === undefined ? {} : { pid }),
      }),
    );
  }

  /**
   * Reads one human request.
   * @throws INVALID_ID, NOT_FOUND
   */
  async request(id: string): Promise<HumanRequest> {
    const requestId = parseId('approval', id);
    const found = await this.store.read((r) => r.getRequest(requestId));
    if (found === undefined)
      throw new LibosError('NOT_FOUND', `Reading a request failed: no request ${requestId}`, {
        details: { request: requestId },
      });
    return found;
  }

  /**
   * A request in context: the process that asks, its ancestors (root first), and the effect it
   * would have, e.g. a write as a unified diff against the file as it is now.
   * @throws INVALID_ID, NOT_FOUND
   */
  async approvalContext(
    id: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ApprovalContext> {
    const request = await this.request(id);
    return readApprovalContext(this.store, request, {
      workspace: this.workspace,
      now: this.clock.now(),
      signal: options.signal ?? new AbortController().signal,
    });
  }

  /** Decides a human request and wakes the process waiting on it. */
  async decide(
    id: string,
    answer: { decision?: PermissionDecision | null; answer?: string | null },
  ): Promise<HumanRequest> {
    return decideRequest(this.deps, id, {
      decision: answer.decision ?? null,
      answer: answer.answer ?? null,
    });
  }

  /**
   * Resolves an image reference (`id` for the newest version, `id@N`), registered or built in.
   * @throws NOT_FOUND
   */
  async image(ref: string): Promise<AgentImage> {
    return this.store.read((reader) => resolveImage(reader, ref));
  }

  /**
   * Registered image versions in (id, version) order, keyset-paged after `after` (100 by
   * default); the built-in images (`BUILTIN_IMAGES`) are not stored and not listed.
   */
  async images(
    query: { after?: { id: string; version: number }; limit?: number } = {},
  ): Promise<AgentImage[]> {
    return this.store.read((r) =>
      r.listImages({
        limit: query.limit ?? 100,
        ...(query.after === undefined ? {} : { after: query.after }),
      }),
    );
  }

  /** Registers an agent image version as the operator. */
  async registerImage(image: AgentImage): Promise<AgentImage> {
    return registerImage(this.deps, image, { actor: 'operator' });
  }

  /**
   * Moves `pid` to version `version` of the image it runs, as the operator (`resume
   * --image-version`): the process runs that version from its next quantum; registering a version
   * never does this by itself. Authority and goal stay. Journals `process.image-changed`.
   * @throws INVALID_ID, NOT_FOUND (no such process or version), ILLEGAL_TRANSITION (ended)
   */
  async setImageVersion(pid: string, version: number): Promise<AgentProcess> {
    if (!Number.isSafeInteger(version) || version < 1)
      throw new LibosError(
        'INVALID_INPUT',
        'Changing the image version failed: a version is a whole number from 1',
      );
    return setImageVersion(this.deps, { pid: parseId('process', pid), version });
  }

  /**
   * Remembers `spec` (`openai:<model>`, `scripted:<file>`, …) as the model of `pid` and, as the
   * operator's choice, lets it call that model: grants `model:<provider>/<model> call` (delegable,
   * so its children inherit it) unless a live allow already covers it. The agent loop uses the
   * model from its next call. Journals `process.model-set` (and `capability.granted`).
   * @throws INVALID_ID, INVALID_INPUT (empty or malformed spec), NOT_FOUND, ILLEGAL_TRANSITION
   *   (ended process)
   */
  async setModel(pid: string, spec: string): Promise<void> {
    const id = parseId('process', pid);
    if (spec.trim() === '' || spec.length > 4096)
      throw new LibosError(
        'INVALID_INPUT',
        'Setting a model failed: the model spec is empty or too long',
      );
    modelResource(spec); // a malformed spec changes nothing
    await runCommand(this.deps, { actor: 'operator' }, async (scope) => {
      const process = await scope.load(id, 'Setting a model');
      if (isTerminal(process.state))
        throw new LibosError(
          'ILLEGAL_TRANSITION',
          `Setting a model failed: the process has ${process.state.kind}`,
          { details: { pid: id } },
        );
      await chooseModel(scope, this.deps, { pid: id, spec });
    });
  }

  /**
   * Runs quanta until idle (see Scheduler.run); with `subtree`, only that process and its
   * descendants (children it spawns during the run included) run, the others stay queued. When
   * `signal` fires, the quanta in flight are stopped as at shutdown (each yields, its process
   * runnable again, so nothing is left `running`) and the run returns `stoppedBy: 'signal'` once
   * they have landed.
   * @throws INVALID_ID (subtree), ILLEGAL_TRANSITION (closed, or a run is already going)
   */
  async run(
    options: Omit<RunOptions, 'only'> & { readonly subtree?: string } = {},
  ): Promise<RunReport> {
    if (this.closed)
      throw new LibosError('ILLEGAL_TRANSITION', 'Running failed: the runtime is closed');
    const { subtree, ...rest } = options;
    if (subtree === undefined) return this.scheduler.run(rest);
    const root = parseId('process', subtree);
    return this.scheduler.run({ ...rest, only: (pid) => this.descendsFrom(pid, root) });
  }

  /** Whether `pid` is `root` or one of its descendants. */
  private async descendsFrom(pid: Pid, root: Pid): Promise<boolean> {
    return this.store.read(async (r) => {
      for (let at: Pid | null = pid; at !== null;) {
        if (at === root) return true;
        at = (await r.getProcess(at))?.parentPid ?? null;
      }
      return false;
    });
  }

  /** Stops in-flight quanta, closes the workspace root's descriptor and the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.scheduler.stop();
    await this.mcp.close(); // every MCP server this runtime started ends with it
    await this.workspace.close();
    await this.store.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
