// The options of a runtime: its store and body, limits, the models and commands it reaches.
import type { TracerProvider } from '@opentelemetry/api';
import type { WorkspaceRoot } from '../syscalls/fs/workspace-root.js';
import type { LiveChannel } from './live-channel.js';
import type { Tracing } from './telemetry/tracing.js';
import type { LibosError } from '../base/errors.js';
import type { IdSource, Pid } from '../base/ids.js';
import type { Clock } from '../base/clock.js';
import type { Sensitivity } from '../kernel/object/types.js';
import type { CommandRunner } from '../ports/command-runner.js';
import type { HostResolver } from '../ports/host-resolver.js';
import type { McpClients } from '../ports/mcp-client.js';
import type { Store } from '../ports/store.js';
import type { OperatorMcp } from './mcp/operator-mcp.js';
import type { AnySyscall } from '../syscalls/define-syscall.js';
import type { SAFETY_HOOKS, SafetyHooks } from './syscall-pipeline.js';
import type { ModelResolver, StreamModels } from './agent/call-model.js';
import type { QuantumBody } from './quantum-context.js';
import type { LabelRuleInput } from './flow/operator-flow.js';

/** Options for creating a runtime over an open store. */
export interface RuntimeOptions {
  readonly store: Store;
  /** The quantum body; the agent loop plugs in here. Defaults to exiting with `null`. */
  readonly body?: QuantumBody;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  /** Most quanta in flight at once (default 64). */
  readonly maxInFlight?: number;
  /** Lease length per quantum (default 60 s). */
  readonly leaseMs?: number;
  /** Called for errors no process could be told about. */
  readonly onError?: (error: LibosError, pid: Pid) => void;
  /** Absolute path of the workspace agents act on (default: the current directory). */
  readonly workspace?: string;
  /**
   * The directory holding the runtime's database, WAL, lock and anchor log (default: the
   * directory of `store.location`). When it lies in the workspace, no syscall may reach it (nor
   * `.agent-libos`, reserved always).
   */
  readonly stateDirectory?: string | null;
  /** Deadline for requests raised by `ask` records (default: none); unanswered, the call is denied. */
  readonly approvalDeadlineMs?: number;
  /** The syscall table (default: every built-in syscall). */
  readonly syscalls?: readonly AnySyscall[];
  /** Largest Object Memory payload in bytes (default 16 MiB). */
  readonly maxObjectBytes?: number;
  /** The model providers `model.call` reaches, by `provider:model` spec (default: none). */
  readonly models?: ModelResolver;
  /**
   * When model calls stream their answers as `model.delta` events on `Runtime.live`: `auto`
   * (default) only while a subscriber there watches the calling process, `always`, or `never`
   * (for an OpenAI-compatible server that cannot stream, or sends no usage when it does).
   */
  readonly streamModels?: StreamModels;
  /**
   * The most sensitive label an object may carry and still be materialized into a model's context
   * (default `internal`: nothing confidential or secret); an image may only lower it.
   */
  readonly modelClearance?: Sensitivity;
  /**
   * Label rules to store on open (`kind:glob` → sensitivity, `onExceed` ask or deny), replacing
   * stored rules with the same pattern; what is read from a matching resource carries the label,
   * and a matching exit is cleared for it. See ARCHITECTURE "Labels and exits".
   */
  readonly labelRules?: readonly LabelRuleInput[];
  /**
   * Runs `shell.run` commands: the bubblewrap sandbox planned from each process's grants, or the
   * host when the operator chose `--unsandboxed-shell` (`src/sandbox/shell/`). Absent: every
   * command is refused.
   */
  readonly commands?: CommandRunner;
  /**
   * Resolves host names for `net.fetch` (default: the system resolver). Tests inject one to play
   * DNS answers (rebinding) without touching the host's DNS.
   */
  readonly resolveHost?: HostResolver;
  /**
   * Reaches the MCP servers the operator registered (`mcp.listTools`, `mcp.call`); absent, those
   * calls are refused. The runtime closes it (and every server it started) when it closes.
   */
  readonly mcp?: McpClients;
  /**
   * Where the runtime's spans go (default: the global provider of `@opentelemetry/api`, a no-op
   * until the host app installs an SDK; the library never installs one). See
   * `src/runtime/telemetry/README.md`.
   */
  readonly tracerProvider?: TracerProvider;
  /** Test-only: the safety benchmark's hooks (`src/testing/safety-hooks.ts`); never configured. */
  readonly [SAFETY_HOOKS]?: SafetyHooks;
}

/** What `Runtime.create` builds for the runtime it returns (its constructor's parts). */
export interface RuntimeParts {
  readonly maxObjectBytes: number;
  readonly workspace: WorkspaceRoot;
  readonly live: LiveChannel;
  /** The runtime's spans; a root spawned by the operator starts its trace. */
  readonly tracing: Tracing;
  /** The MCP servers the operator registered. */
  readonly mcp: OperatorMcp;
}
