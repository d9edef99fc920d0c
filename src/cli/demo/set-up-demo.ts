// The demo's first stage: a fresh workspace, its files and scripted model, and the operator's root.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LibosError } from '../../base/errors.js';
import { DB_FILE_NAME } from '../../state-directory.js';
import type { CliContext } from '../cli-context.js';
import { openAgentRuntime } from '../run/open-agent-runtime.js';
import { planRoot, spawnRoot } from '../run/spawn-root.js';
import { createDemoIdSource, demoId } from './demo-ids.js';
import { DEMO_DIRS, DEMO_FILES, DEMO_ROOT, demoScript, type DemoCast } from './demo-script.js';

/** Where the tour runs and who is in it. */
export interface DemoSetup {
  /** The context of the demo's own workspace and database. */
  readonly context: CliContext;
  readonly cast: DemoCast;
  /** `scripted:<absolute path of the model file>`. */
  readonly model: string;
}

/** The scripted model file, inside the demo workspace. */
const MODEL_FILE = 'demo-model.json';

/**
 * Makes a temporary workspace with the tour's files and scripted model, then spawns the
 * orchestrator as `agent-libos run` would (its grant, deny and ask records, its model), with the
 * setup stage's ids. Nothing runs yet.
 * @throws INTERNAL when the orchestrator did not get the pid the script names
 */
export async function setUpDemo(context: CliContext): Promise<DemoSetup> {
  // One temporary directory holds the tour: its workspace, and beside it (never inside) its state.
  const root = await mkdtemp(join(tmpdir(), 'agent-libos-demo-'));
  const workspace = join(root, 'workspace');
  await mkdir(workspace);
  const demo: CliContext = {
    ...context,
    workspace,
    cwd: workspace,
    dbPath: join(root, 'state', DB_FILE_NAME),
    isDbGiven: false,
    isWorkspaceGiven: true,
  };
  for (const dir of DEMO_DIRS) await mkdir(join(workspace, dir), { recursive: true });
  for (const [path, content] of Object.entries(DEMO_FILES)) {
    await mkdir(dirname(join(workspace, path)), { recursive: true });
    await writeFile(join(workspace, path), content);
  }
  const cast: DemoCast = {
    orchestrator: demoId('process', { stage: 'a', n: 1 }),
    researcher: demoId('process', { stage: 'b', n: 1 }),
    writer: demoId('process', { stage: 'b', n: 2 }),
  };
  await writeFile(join(workspace, MODEL_FILE), `${JSON.stringify(demoScript(cast), null, 2)}\n`);
  const plan = await planRoot(demo, { ...DEMO_ROOT, model: `scripted:${MODEL_FILE}` });
  const runtime = await openAgentRuntime(demo, {
    attempted: 'Setting up the demo',
    isCreating: true,
    ids: createDemoIdSource('a'),
  });
  try {
    const { root, model } = await spawnRoot(runtime, plan, { context: demo });
    if (root.pid !== cast.orchestrator)
      throw new LibosError('INTERNAL', 'Setting up the demo failed: unexpected orchestrator pid');
    return { context: demo, cast, model };
  } finally {
    await runtime.close();
  }
}
