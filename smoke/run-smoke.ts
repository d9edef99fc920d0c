// The smoke run: three short real tasks against a real model, or one skip line without its key.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createModelProvider } from '../src/models/create-provider.js';
import { runTask } from './run-task.js';
import { SMOKE_TASKS } from './smoke-tasks.js';

const USAGE =
  'usage: npm run smoke -- --model openai:<model> | openai-chat:<model> | anthropic:<model> ' +
  '[--base-url URL] [--only summarise|denied-write|delegate] [--timeout SECONDS] [--no-stream] [--keep]';

/** The variable each provider's key is read from. */
const KEY_VARIABLES: Readonly<Record<string, string>> = {
  openai: 'OPENAI_API_KEY',
  'openai-chat': 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
};

/**
 * Runs the smoke tasks for `argv` (the arguments after the script) and returns the exit code: 0
 * when every task did what it is about, or when the provider's key is not set (one skip line: a
 * smoke run needs a real provider); 1 when a task did not; 2 for bad arguments. With `--base-url`
 * the tasks run without a key (a local server may need none). Each task gets its own workspace
 * and database in a temporary directory, removed afterwards unless `--keep`.
 */
export async function runSmoke(
  argv: readonly string[],
  options: { env: Readonly<Record<string, string | undefined>>; out: (text: string) => void },
): Promise<number> {
  const { out, env } = options;
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        model: { type: 'string' },
        'base-url': { type: 'string' },
        only: { type: 'string', multiple: true },
        timeout: { type: 'string', default: '300' },
        'no-stream': { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    out(`smoke: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const spec = values.model ?? '';
  const kind = /^([a-z-]+):./.exec(spec)?.[1] ?? '';
  const variable = KEY_VARIABLES[kind];
  const timeoutS = Number(values.timeout);
  const tasks = SMOKE_TASKS.filter((t) => values.only?.includes(t.key) ?? true);
  if (variable === undefined || !(timeoutS > 0) || tasks.length === 0) {
    out(
      `smoke: ${variable === undefined ? 'a real model is needed' : 'bad --timeout or --only'}\n${USAGE}\n`,
    );
    return 2;
  }
  const baseURL = values['base-url'];
  const key = env[variable];
  if ((key === undefined || key === '') && baseURL === undefined) {
    out(`smoke: skipped: ${variable} is not set (a smoke run calls ${spec} for real)\n`);
    return 0;
  }
  const provider = await createModelProvider(spec, {
    env,
    cwd: process.cwd(),
    ...(baseURL === undefined ? {} : { baseURL }),
  });
  const dir = await mkdtemp(join(tmpdir(), 'agent-libos-smoke-'));
  const started = performance.now();
  let passed = 0;
  out(
    `smoke: ${provider.id}${baseURL === undefined ? '' : ` at ${baseURL}`}, ${tasks.length} task(s) in ${dir}\n`,
  );
  try {
    for (const [i, task] of tasks.entries()) {
      out(`\n[${i + 1}/${tasks.length}] ${task.key}: ${task.about}\n`);
      const report = await runTask(task, {
        dir,
        provider,
        stream: !values['no-stream'],
        timeoutMs: timeoutS * 1000,
        out,
      });
      for (const line of report.lines) out(`  ${line}\n`);
      out(`  ${report.verdict.ok ? 'ok' : 'NOT OK'}: ${report.verdict.why}\n`);
      if (report.verdict.ok) passed += 1;
    }
  } finally {
    if (!values.keep) await rm(dir, { recursive: true, force: true });
  }
  const seconds = Math.round((performance.now() - started) / 1000);
  out(
    `\nsmoke: ${passed} of ${tasks.length} task(s) ok (${seconds} s)${values.keep ? `; kept ${dir}` : ''}\n`,
  );
  return passed === tasks.length ? 0 : 1;
}
