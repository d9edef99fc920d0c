// Runs one smoke task in its own workspace and database against the chosen model, and reports it.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { printable } from '../src/cli/format/printable.js';
import { createProgressPrinter } from '../src/cli/run/progress-printer.js';
import type { ProcessState } from '../src/kernel/process/types.js';
import { openRuntime } from '../src/open-runtime.js';
import type { ModelProvider } from '../src/ports/model-provider.js';
import { createAgentBody } from '../src/runtime/agent/agent-body.js';
import { describeJournal } from './describe-journal.js';
import type { SmokeTask, TaskVerdict } from './smoke-tasks.js';

/** What one task did. */
export interface TaskReport {
  readonly verdict: TaskVerdict;
  readonly lines: readonly string[];
}

/** Budget of every root (its child's is carved from it): enough for a short task, no more. */
const BUDGET = { quanta: 30, toolCalls: 30, children: 2, tokens: 300_000 };

/**
 * Sets up `task` under `dir`, spawns its root on `provider`, runs until everything settled (timers
 * waited for) or `timeoutMs` passed, and judges it. Progress (tool calls, the streamed text) is
 * printed as it happens through `out`.
 */
export async function runTask(
  task: SmokeTask,
  options: {
    dir: string;
    provider: ModelProvider;
    stream: boolean;
    timeoutMs: number;
    out: (text: string) => void;
  },
): Promise<TaskReport> {
  const workspace = join(options.dir, task.key, 'workspace');
  await mkdir(workspace, { recursive: true });
  await task.setup(workspace);
  const names = new Map<string, string>();
  const printer = createProgressPrinter({ stdout: options.out, stderr: options.out }, { names });
  const runtime = await openRuntime({
    workspace,
    db: join(options.dir, task.key, 'state', 'runtime.db'),
    env: {},
    body: createAgentBody({ defaultModel: options.provider.id, onEvent: printer }),
    models: () => options.provider,
    streamModels: options.stream ? 'auto' : 'never',
  });
  let deltas = 0;
  const unsubscribe = runtime.live.subscribe((event) => {
    deltas += 1;
    printer(event);
  });
  try {
    const root = await runtime.spawn({ ...task.root, model: options.provider.id, budget: BUDGET });
    if (root.name !== null) names.set(root.pid, root.name);
    const report = await runtime.run({
      waitForTimers: true,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const lines: string[] = [];
    if (report.stoppedBy === 'signal')
      lines.push(`stopped after ${Math.round(options.timeoutMs / 1000)} s (--timeout)`);
    for (const process of await runtime.list({ limit: 100 }))
      lines.push(
        `${process.pid === root.pid ? 'root' : 'child'} ${process.name ?? process.pid}: ${describeState(process.state)}`,
      );
    lines.push(...(await describeJournal(runtime, { deltas })));
    return { verdict: await task.check(workspace, runtime, root.pid), lines };
  } finally {
    unsubscribe();
    await runtime.close();
  }
}

function describeState(state: ProcessState): string {
  switch (state.kind) {
    case 'exited':
      return `exited with ${clip(JSON.stringify(state.result))}`;
    case 'failed':
      return `failed ${state.code}: ${clip(state.message)}`;
    case 'waiting':
      return `waiting on ${state.wait.on}`;
    case 'paused':
      return `paused (${state.reason})`;
    case 'killed':
      return `killed (${state.signal} by ${state.by})`;
    case 'runnable':
    case 'running':
      return `${state.kind} (not finished)`;
  }
}

/** One line of at most 200 characters, with anything that could act on a terminal escaped. */
function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return printable(flat.length > 200 ? `${flat.slice(0, 200)}…` : flat);
}
