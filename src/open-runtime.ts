// The composition root: opens the embedded SQLite store and builds a runtime over it.
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { sha256Hex } from './base/hash.js';
import { reservedPaths, stateDirectoryOf } from './runtime/reserved-paths.js';
import { createSystemClock } from './base/clock.js';
import { Runtime, type RuntimeOptions } from './runtime/runtime.js';
import { openSqliteStore } from './store/sqlite/open-sqlite-store.js';
import { createAgentBody } from './runtime/agent/agent-body.js';
import type { AgentLoopOptions } from './runtime/agent/agent-options.js';
import { createModelProvider } from './models/create-provider.js';
import type { ModelProvider } from './ports/model-provider.js';

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

/** The database's file name in its state directory. */
export const DB_FILE_NAME = 'runtime.db';

/**
 * Where the runtime keeps state for all workspaces: `AGENT_LIBOS_STATE_HOME`, else
 * `$XDG_STATE_HOME/agent-libos`, else `~/.local/state/agent-libos`.
 */
export function stateHome(env: Readonly<Record<string, string | undefined>>): string {
  const given = env.AGENT_LIBOS_STATE_HOME?.trim();
  if (given !== undefined && given !== '') return resolve(given);
  const xdg = env.XDG_STATE_HOME?.trim();
  if (xdg !== undefined && xdg !== '') return join(resolve(xdg), 'agent-libos');
  return join(env.HOME?.trim() || homedir(), '.local', 'state', 'agent-libos');
}

/**
 * The default database of `workspace`: `<state home>/workspaces/<name>-<hash>/runtime.db`, keyed
 * by the workspace's real path, so the runtime's state is never a workspace file (no syscall,
 * shell or sandbox view built from the workspace can reach it) and each workspace has its own.
 */
export function defaultDbPath(
  workspace: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const real = realWorkspace(workspace);
  const name =
    basename(real)
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 40) || 'root';
  return join(
    stateHome(env),
    'workspaces',
    `${name}-${sha256Hex(real).slice(0, 16)}`,
    DB_FILE_NAME,
  );
}

function realWorkspace(workspace: string): string {
  const absolute = resolve(workspace);
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
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
}

/** Resolves the database path the same way for the library and the CLI. */
export function resolveDbPath(options: {
  workspace?: string;
  db?: string;
  env: Readonly<Record<string, string | undefined>>;
}): string {
  const workspace = resolve(options.workspace ?? '.');
  return options.db === undefined
    ? defaultDbPath(workspace, options.env)
    : resolve(workspace, options.db);
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
  const body =
    options.body ?? createAgentBody({ ...options.agent, defaultModel: options.model ?? '' });
  const models = options.models ?? modelCache({ env, cwd: workspace });
  try {
    return await Runtime.create({
      ...options,
      workspace,
      stateDirectory,
      body,
      store,
      clock,
      models,
    });
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * Checks where the database of `workspace` may go and creates its directory, private to the
 * user (0700); a default one also gets a `workspace` note saying whose it is. Returns the state
 * directory.
 * @throws INVALID_INPUT for a database directly in the workspace (before anything is created)
 */
export function prepareStateDirectory(
  dbPath: string,
  options: { workspace: string; env: Readonly<Record<string, string | undefined>> },
): string {
  const directory = stateDirectoryOf(dbPath);
  reservedPaths({ workspace: options.workspace, stateDirectory: directory });
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const note = join(directory, 'workspace');
  if (resolve(dbPath) === defaultDbPath(options.workspace, options.env) && !existsSync(note))
    writeFileSync(note, `${realWorkspace(options.workspace)}\n`, { mode: 0o600 });
  return directory;
}
