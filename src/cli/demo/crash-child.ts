// Starts the demo's first half in a child Node process and kills it with SIGKILL at its crash point.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { LibosError } from '../../base/errors.js';
import { findPackageRoot } from '../../base/find-package-root.js';
import { CRASH_POINT_MARKER } from './crash-phase.js';

/** Longest the child may take to reach its crash point. */
const CRASH_DEADLINE_MS = 30_000;

/** What the crash did. */
export interface CrashReport {
  /** The child's OS pid. */
  readonly osPid: number;
  /** The signal that ended it (`SIGKILL`). */
  readonly signal: string;
}

/**
 * Runs `agent-libos demo --phase crash` on `workspace` and `db` in a child Node process (this
 * CLI's own entry: `src/cli/run.ts` through tsx from source, `bin/agent-libos.js` when built), waits
 * until it prints that it reached its crash point, and kills it with SIGKILL.
 * @throws INTERNAL when the child ends or stalls before its crash point; CANCELLED on `signal`
 */
export async function crashChild(options: {
  workspace: string;
  db: string;
  env: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
}): Promise<CrashReport> {
  const args = [
    ...entryArgs(),
    'demo',
    '--phase',
    'crash',
    '--workspace',
    options.workspace,
    '--db',
    options.db,
  ];
  const child = spawn(process.execPath, args, {
    cwd: options.workspace,
    env: { ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = (): void => {
    child.kill('SIGKILL');
  };
  const timer = setTimeout(stop, CRASH_DEADLINE_MS);
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    let seen = '';
    for await (const chunk of child.stdout) {
      seen += (chunk as Buffer).toString();
      if (seen.includes(`${CRASH_POINT_MARKER}\n`)) break;
    }
    const reached = seen.includes(`${CRASH_POINT_MARKER}\n`);
    stop();
    const [code, signal] = await exited;
    if (options.signal?.aborted === true)
      throw new LibosError('CANCELLED', 'Running the demo was cancelled');
    if (!reached || signal !== 'SIGKILL') {
      throw new LibosError(
        'INTERNAL',
        `Running the demo failed: its child runtime ended (${signal ?? `exit ${code ?? '?'}`}) before its crash point`,
        // What the child said is for AGENT_LIBOS_DEBUG only, never the wire form.
        { cause: new Error(stderr.slice(-2_000)) },
      );
    }
    return { osPid: child.pid ?? 0, signal };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
    stop();
  }
}

/**
 * How to start this CLI in another Node process: through tsx from source, else the package's
 * command (`bin/agent-libos.js`, which loads the CLI's bundle), from `dist/` and from the bundle.
 */
function entryArgs(): string[] {
  const here = import.meta.url;
  const root = findPackageRoot(here);
  if (!here.endsWith('.ts')) return [join(root, 'bin', 'agent-libos.js')];
  const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
  return ['--import', tsx, join(root, 'src', 'cli', 'run.ts')];
}
