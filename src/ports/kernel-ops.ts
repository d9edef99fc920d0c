// The kernel operations a syscall body may call, bound to the calling process and its lease.
import type { Json } from '../base/canonical-json.js';
import type { MessageId, Pid } from '../base/ids.js';
import type { Right } from '../kernel/capability/catalog.js';
import type { ResourcePattern } from '../kernel/capability/resource.js';
import type { Capability, CapabilityId } from '../kernel/capability/types.js';
import type { Budget } from '../kernel/budget/types.js';
import type { AgentImage } from '../kernel/agent/types.js';
import type { JitToolEntry } from '../kernel/agent/jit-tool.js';
import type { PermissionDecision, RequestBody, RequestId } from '../kernel/approval/types.js';
import type { Message } from '../kernel/mailbox/types.js';
import type { AgentProcess, MessageFilter, ProcessState, Signal } from '../kernel/process/types.js';
import type { CommandAuthority, CommandRunner } from './command-runner.js';
import type { McpClients, McpToolInfo } from './mcp-client.js';
import type { McpTool } from '../kernel/mcp/types.js';
import type { ObjectOps } from './object-ops.js';
import type { CheckpointOps } from './checkpoint-ops.js';
import type { StoreTx } from './store.js';
import type { ModelRequest, ModelResponse } from './model-provider.js';
import type { Skill, SkillFile } from '../kernel/skill/types.js';
import type { Decision } from '../kernel/capability/decide.js';
import type { ConcreteResource } from '../kernel/capability/types.js';
import type { ResolvedAddress } from './host-resolver.js';

/** What the agent loop sends: a model request without its caller, turn and signal. */
export type ModelRequestBody = Pick<
  ModelRequest,
  'system' | 'messages' | 'tools' | 'maxOutputTokens'
>;

/** A call that either produced a value or parked the process (the quantum should then end). */
export type Blocking<T> =
  { readonly blocked: false; readonly value: T } | { readonly blocked: true };

/** How a child ended. */
export interface ChildEnding {
  readonly pid: Pid;
  readonly state: Extract<ProcessState, { kind: 'exited' | 'failed' | 'killed' }>;
}

/** Parameters of spawn and fork. */
export interface ChildSpec {
  /** `id` or `id@N`; the child is pinned to the version found at spawn. */
  readonly imageId?: string;
  /** The version to pin; default the newest (a fork: its parent's, when it names no image). */
  readonly imageVersion?: number;
  readonly goal?: string;
  readonly name?: string;
  readonly cwd?: string;
  readonly budget?: Budget;
  /** Names of the caller's JIT tools a spawned child gets (a fork gets them all). */
  readonly tools?: readonly string[];
  /** Capabilities of the caller to delegate to the child (only these pass on). */
  readonly grants?: readonly {
    /** The caller's record to delegate from; when omitted the runtime picks one that covers it. */
    readonly from?: CapabilityId;
    readonly resource: ResourcePattern;
    readonly rights: readonly Right[];
  }[];
}

/** What an exec asks for. */
export interface ExecRequest {
  /** The image id; the version is `imageVersion`, else the newest one at the exec. */
  readonly imageId: string;
  readonly imageVersion?: number;
  /** The new goal; absent: the goal stays. */
  readonly goal?: string;
  /**
   * The caller's capability records that stay; every other allow record is revoked with what was
   * delegated from it (restrictions, lineage and model records always stay).
   */
  readonly keep?: readonly CapabilityId[];
}

/** What an exec did: the image version now run, the records named, the records dropped. */
export interface ExecResult {
  readonly imageId: string;
  readonly imageVersion: number;
  readonly kept: readonly CapabilityId[];
  readonly dropped: readonly CapabilityId[];
}

/** What a human said, as the asking process sees it. */
export interface HumanAnswer {
  readonly request: RequestId;
  /** `expired`: the deadline passed; its outcome is a denial. */
  readonly state: 'answered' | 'expired';
  readonly decision: PermissionDecision | null;
  readonly answer: string | null;
  /** The capability record a permission decision created, if any. */
  readonly capabilityId: CapabilityId | null;
}

/**
 * The pipeline's settlement of the call an operation is made for, written inside the command that
 * operation writes anyway (a model call's answer): the call's intent committed and its one
 * `syscall.completed`, in the same transaction as what it produced.
 */
export interface CallCompletion {
  /** Settles the call in `tx` with its `output`; returns the completion entry to journal. */
  settle(
    tx: StoreTx,
    output: unknown,
    at: number,
  ): Promise<{ readonly type: string; readonly data: { readonly [key: string]: Json } }>;
  /** The transaction that settled it committed: the pipeline writes no second outcome. */
  committed(): void;
}

/** One file of a registered Skill's snapshot, with the version it came from. */
export interface SkillFileRead {
  readonly skill: Skill;
  readonly file: SkillFile;
  readonly bytes: Uint8Array;
}

/** Kernel operations available to syscall bodies. */
export interface KernelOps {
  /** Object Memory as the calling process (writes fenced by its lease). */
  readonly objects: ObjectOps;
  /** Checkpoints as the calling process (changes fenced by its lease). */
  readonly checkpoints: CheckpointOps;
  /**
   * These operations on behalf of the call `key` (sha256 of pid and call id): every state change
   * stores its outcome under the key in its own transaction, and the same call re-issued after a
   * crash gets the stored outcome instead of changing state twice. With `completion`, an
   * operation that persists the call's result (a model call) settles the call in that command.
   */
  forCall(key: string, completion?: CallCompletion): KernelOps;
  spawn(spec: ChildSpec & { imageId: string; goal: string }): Promise<AgentProcess>;
  fork(spec: ChildSpec): Promise<AgentProcess>;
  /** Replaces the caller's image (same pid) and shrinks its authority to what it keeps. */
  exec(input: ExecRequest): Promise<ExecResult>;
  signalChild(pid: Pid, signal: Signal): Promise<void>;
  send(to: Pid, body: Json, options: { interrupt: boolean }): Promise<MessageId>;
  /** Takes messages; a call re-issued with the same `key` gets the messages it took before. */
  receive(options: {
    wait: boolean;
    filter: MessageFilter;
    limit: number;
    key?: string;
  }): Promise<Blocking<Message[]>>;
  wait(pids: readonly Pid[], options: { wait: boolean }): Promise<Blocking<ChildEnding[]>>;
  sleep(ms: number): Promise<{ wakeAt: number }>;
  exit(result: Json): Promise<void>;
  chdir(path: string): Promise<string>;
  /** Delegates a narrowed copy of the caller's capability `from` to `to` (a direct child). */
  delegate(input: {
    from: CapabilityId;
    to: Pid;
    resource: ResourcePattern;
    rights: readonly Right[];
    expiresAt: number | null;
    delegable: boolean;
  }): Promise<Capability>;
  /** Revokes a capability the caller issued, with everything delegated from it. */
  revoke(id: CapabilityId): Promise<number>;
  /**
   * Asks a human (question or grant request) on behalf of the exact call `callHash`: returns the
   * answer once decided (used once), else parks the process in `waiting: human`.
   */
  askHuman(input: {
    body: RequestBody;
    callHash: string;
    deadline: number | null;
  }): Promise<Blocking<HumanAnswer>>;
  /** Registers an agent image version (authority was checked by the pipeline). */
  registerImage(image: AgentImage): Promise<AgentImage>;
  /**
   * Adds the caller's proposal `tool-proposal.<name>` to its JIT tool table (authority was
   * checked by the pipeline).
   */
  registerTool(input: { name: string }): Promise<JitToolEntry>;
  /**
   * Reads the file `path` (normalised) of the newest live version of the Skill `name` from its
   * registered snapshot (authority was checked by the pipeline).
   * @throws NOT_FOUND (no such Skill or file), STORE_CORRUPT
   */
  readSkill(input: { name: string; path: string }): Promise<SkillFileRead>;
  /** Leaves a notification for a human; never blocks. */
  notifyHuman(input: { message: string; callHash: string }): Promise<RequestId>;
  /**
   * How the caller's records decide `right` on `resource` now (deny > call-bound allow > ask >
   * allow, delegators' vetoes included), read without asking, reserving a use or journaling:
   * for a check a body makes in the middle of a call (`net.fetch` on each redirect hop).
   */
  decideNeed(
    need: { readonly resource: ConcreteResource; readonly right: Right },
    options: { readonly callHash: string },
  ): Promise<Decision>;
  /**
   * Resolves a DNS name with the runtime's resolver (see `HostResolver`).
   * @throws NETWORK_FAILED, CANCELLED
   */
  resolveHost(
    name: string,
    options: { readonly signal: AbortSignal },
  ): Promise<readonly ResolvedAddress[]>;
  /** The runtime's command runner (`shell.run`); null when the runtime has none. */
  commandRunner(): CommandRunner | null;
  /** What the calling process's command sandbox is planned from (see CommandAuthority). */
  commandAuthority(): Promise<CommandAuthority>;
  /** The runtime's MCP clients (`mcp.*`); null when the runtime reaches no MCP server. */
  mcpClients(): McpClients | null;
  /**
   * Records what MCP server `server` offers now, with each input schema's hash (journaled when
   * it changed); returns the tools as recorded, by name.
   */
  recordMcpTools(server: string, tools: readonly McpToolInfo[]): Promise<readonly McpTool[]>;
  /**
   * Calls the model `spec` for the calling process and persists its answer (transcript, tokens
   * charged, and the call's completion when bound to one: `forCall`) before returning it.
   * @throws BUDGET_EXCEEDED when the estimated prompt would exceed a token budget; the model
   *   errors of the provider (MODEL_*, CONTEXT_OVERFLOW)
   */
  callModel(input: {
    spec: string;
    turn: number;
    request: ModelRequestBody;
    /** Called right before the request leaves for the provider (the effect begins). */
    onSend: () => void;
  }): Promise<{ response: ModelResponse; requestSha256: string }>;
}
