// The composition root: opens the embedded SQLite store and builds a runtime over it.
import { join, resolve } from 'node:path';
import { prepareStateDirectory, resolveDbPath } from './state-directory.js';
import { createSystemClock } from './base/clock.js';
import { Runtime, type RuntimeOptions } from './runtime/runtime.js';
import { openSqliteStore } from './store/sqlite/open-sqlite-store.js';
import { createAgentBody } from './runtime/agent/agent-body.js';
import type { AgentLoopOptions } from './runtime/agent/agent-options.js';
import { createModelProvider } from './models/create-provider.js';
import { createCommandSandbox } from './sandbox/shell/command-sandbox.js';
import { createMcpClients } from './mcp/mcp-clients.js';
import type { ModelProvider } from './ports/model-provider.js';
import { createDenoRunner } from './sandbox/deno-runner.js';

/** One provider per spec for the life of the runtime (a scripted file is read once). */
function modelCache(options: {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}): (spec: string) => Promise<ModelProvider> {
  const cache = new Map<string, Promise<ModelProvider>>();
  return (spec) => {
    let provider = cache.get(spec);
    if (provider === undefined) {
      provider = createModelProvider(spec, options);
      // A failed load (missing key, bad file) is not cached, so fixing it needs no restart.
      provider.catch(() => cache.delete(spec));
      cache.set(spec, provider);
    }
    return provider;
  };
}

/** Options for `openRuntime`. */
export interface OpenRuntimeOptions extends Omit<RuntimeOptions, 'store'> {
  /** The workspace the agents act on (default: the current directory). */
  readonly workspace?: string;
  /**
   * SQLite file (default: `defaultDbPath`, in the per-user state home, outside the workspace).
   * Inside the workspace it must have a directory of its own, which no syscall may then reach.
   */
  readonly db?: string;
  /** `fsync` survives power loss (synchronous=FULL); `normal` survives any process crash. */
  readonly durability?: 'normal' | 'fsync';
  /** Default model for agents (`scripted:<file>`, `openai:<model>`, …) when `body` is not given. */
  readonly model?: string;
  /** Where API keys are read from (default: `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Agent loop settings (context budget, retries, progress events) when `body` is not given. */
  readonly agent?: Omit<AgentLoopOptions, 'defaultModel'>;
  /**
   * Run `shell.run` commands on the host without a sandbox (the CLI's `--unsandboxed-shell`):
   * only for a host without bubblewrap, by an operator who accepts that a command can reach
   * whatever the runtime's user can. Journaled when the runtime opens. Default false.
   */
  readonly unsandboxedShell?: boolean;
}

/**
 * Opens (creating if needed) the embedded store and returns a runtime that has recovered it.
 * @throws STORE_LOCKED when another runtime is writing to the same database.
 * @example
 * await using rt = await openRuntime({ workspace: '.' });
 * const root = await rt.spawn({ imageId: 'base', goal: 'Summarize README.md' });
 * await rt.run();
 */
export async function openRuntime(options: OpenRuntimeOptions = {}): Promise<Runtime> {
  const clock = options.clock ?? createSystemClock();
  const env = options.env ?? process.env;
  const workspace = resolve(options.workspace ?? '.');
  const path = resolveDbPath({
    workspace,
    env,
    ...(options.db === undefined ? {} : { db: options.db }),
  });
  const stateDirectory = prepareStateDirectory(path, { workspace, env });
  const store = await openSqliteStore({
    path,
    clock,
    ...(options.durability === undefined ? {} : { durability: options.durability }),
  });
  // JIT tools run in Deno with no permissions; its cache lives in the private state directory.
  const jit = options.agent?.jit ?? createDenoRunner({ denoDir: join(stateDirectory, 'deno') });
  const body =
    options.body ?? createAgentBody({ ...options.agent, jit, defaultModel: options.model ?? '' });
  const models = options.models ?? modelCache({ env, cwd: workspace });
  const commands =
    options.commands ??
    createCommandSandbox({ workspace, unsandboxed: options.unsandboxedShell === true });
  try {
    return await Runtime.create({
      ...options,
      workspace,
      stateDirectory,
      body,
      store,
      clock,
      models,
      commands,
      // Connections open lazily (nothing starts until an agent lists or calls a tool).
      mcp: options.mcp ?? createMcpClients(),
    });
  } catch (error) {
    await store.close();
    throw error;
  }
}
