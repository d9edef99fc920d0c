// Opens a runtime whose processes run the agent loop, with the CLI's models and progress display.
import type { IdSource } from '../../base/ids.js';
import { createAgentBody } from '../../runtime/agent/agent-body.js';
import { AGENT_DEFAULTS, type AgentEvent } from '../../runtime/agent/agent-options.js';
import type { StreamModels } from '../../runtime/agent/call-model.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { CliContext } from '../cli-context.js';
import { openWriteRuntime } from '../open-write-runtime.js';
import { inheritParentModel } from './inherit-model.js';
import { createModelSource } from './model-source.js';

/** How the agent runtime is opened. */
export interface AgentRuntimeOptions {
  /** Says what failed in errors, e.g. `Running an agent`. */
  readonly attempted: string;
  /** Create the database when missing (`run`, `spawn`); otherwise NOT_FOUND. */
  readonly isCreating: boolean;
  /** The model of processes that have none and whose parent has none (default: none). */
  readonly defaultModel?: string;
  /** `--base-url` for every provider this runtime builds. */
  readonly baseURL?: string;
  readonly onEvent?: (event: AgentEvent) => void;
  /** Fixed ids (the demo's deterministic tour); random by default. */
  readonly ids?: IdSource;
  /** Most quanta in flight at once (the demo runs one at a time, in a fixed order). */
  readonly maxInFlight?: number;
  /**
   * Most model turns in one quantum (default: the agent loop's slice). `--max-quanta` sets 1, so
   * stepping a run stops after exactly that many turns.
   */
  readonly turnsPerQuantum?: number;
  /** `--unsandboxed-shell`: commands run on the host, not in the bubblewrap sandbox. */
  readonly unsandboxedShell?: boolean;
  /** `--no-stream` sets `never`; by default answers stream while someone watches (`auto`). */
  readonly streamModels?: StreamModels;
}

/**
 * Opens a runtime on the command's database whose quantum body is the agent loop: providers are
 * built from each process's remembered model with the CLI's environment, a child without a model
 * takes its parent's, and `onEvent` sees model calls, tool calls and retries.
 * @throws NOT_FOUND (no database and not creating), STORE_LOCKED
 */
export async function openAgentRuntime(
  context: CliContext,
  options: AgentRuntimeOptions,
): Promise<Runtime> {
  const models = createModelSource({
    env: context.env,
    cwd: context.cwd,
    ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
  });
  const body = inheritParentModel(
    createAgentBody({
      defaultModel: options.defaultModel ?? '',
      ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
      ...(options.turnsPerQuantum === undefined
        ? {}
        : { quantum: { ...AGENT_DEFAULTS.quantum, maxTurns: options.turnsPerQuantum } }),
    }),
  );
  return openWriteRuntime(context, {
    attempted: options.attempted,
    isCreating: options.isCreating,
    extras: {
      body,
      models,
      ...(options.ids === undefined ? {} : { ids: options.ids }),
      ...(options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight }),
      ...(options.unsandboxedShell === true ? { unsandboxedShell: true } : {}),
      ...(options.streamModels === undefined ? {} : { streamModels: options.streamModels }),
    },
  });
}
