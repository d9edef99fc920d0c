// The pipeline host a runtime's options describe: what every syscall of every quantum runs with.
import type { AnySyscall } from '../syscalls/define-syscall.js';
import type { WorkspaceRoot } from '../syscalls/fs/workspace-root.js';
import type { RuntimeDeps } from './deps.js';
import type { LiveChannel } from './live-channel.js';
import { reservedPaths } from './reserved-paths.js';
import type { RuntimeOptions } from './runtime-options.js';
import { SAFETY_HOOKS, type PipelineHost } from './syscall-pipeline.js';
import type { Tracing } from './telemetry/tracing.js';

/** The host `Runtime.create` attaches to its scheduler, from its options and the parts it built. */
export function pipelineHost(
  options: RuntimeOptions,
  parts: {
    deps: RuntimeDeps;
    syscalls: ReadonlyMap<string, AnySyscall>;
    workspace: WorkspaceRoot;
    workspacePath: string;
    stateDirectory: string | null;
    maxObjectBytes: number;
    live: LiveChannel;
    tracing: Tracing;
  },
): PipelineHost {
  const { workspacePath, stateDirectory, ...rest } = parts;
  return {
    ...rest,
    // The store's own directory is reserved even when a caller builds the runtime by hand.
    reserved: reservedPaths({ workspace: workspacePath, stateDirectory }),
    stateDirectory,
    askDeadlineMs: options.approvalDeadlineMs ?? null,
    modelClearance: options.modelClearance ?? 'internal',
    ...(options.models === undefined ? {} : { models: options.models }),
    ...(options.streamModels === undefined ? {} : { streamModels: options.streamModels }),
    ...(options.commands === undefined ? {} : { commands: options.commands }),
    ...(options.resolveHost === undefined ? {} : { resolveHost: options.resolveHost }),
    ...(options.mcp === undefined ? {} : { mcp: options.mcp }),
    ...(options[SAFETY_HOOKS] === undefined ? {} : { hooks: options[SAFETY_HOOKS] }),
  };
}
