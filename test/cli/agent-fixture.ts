// Helpers for the agent commands' tests: scripted model files, JSON runs, tool outcomes.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { FlaggedCall } from '../../src/cli/run/read-flagged-calls.js';
import { RUN_EXIT_CODES, type RunStop } from '../../src/cli/run/run-exit-codes.js';
import type { HumanRequest } from '../../src/kernel/approval/types.js';
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import { BUILTIN_IMAGES } from '../../src/kernel/agent/builtin-images.js';
import type { ScriptedModelFile } from '../../src/models/scripted/scripted-script.js';
import { runCli, type CliRun } from './cli-harness.js';

/** The `--json` summary of `run` and `resume`. */
export interface RunJson {
  readonly root?: string;
  readonly model?: string;
  readonly outcome: RunStop;
  readonly message: string;
  readonly quanta: number;
  readonly processes: AgentProcess[];
  readonly pending: HumanRequest[];
  readonly flagged: FlaggedCall[];
}

/** Writes `script` as JSON to `<dir>/<name>` and returns the path. */
export async function writeScript(
  dir: string,
  name: string,
  script: ScriptedModelFile,
): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${JSON.stringify(script, null, 2)}\n`);
  return path;
}

/** The tool names a script's entry calls, in order. */
export function scriptedTools(script: ScriptedModelFile, entry: number): string[] {
  return (script.agents[entry]?.calls ?? []).flatMap((call) => Object.keys(call));
}

/** Fails unless every tool is in the built-in image's exact tool table. */
export function expectToolsOf(imageId: string, tools: readonly string[]): void {
  const image = BUILTIN_IMAGES.find((i) => i.id === imageId);
  expect(image, imageId).toBeDefined();
  for (const tool of tools) expect(image?.tools, `${imageId} lists ${tool}`).toContain(tool);
}

/**
 * Runs the CLI with `--json` and parses stdout; fails with stderr unless the exit code is 0, or
 * for `run`/`resume` the code of the `outcome` the JSON states (`RUN_EXIT_CODES`), so every
 * run in these tests checks that the two agree.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the JSON shape
export async function runJson<T>(
  args: readonly string[],
  options: Parameters<typeof runCli>[1] = {},
): Promise<{ run: CliRun; out: T }> {
  const run = await runCli([...args, '--json'], options);
  expect(run.stderr).toBe('');
  const out: unknown = JSON.parse(run.stdout);
  expect(run.code, run.stdout).toBe(expectedExit(out));
  return { run, out: out as T };
}

/** The exit code a `--json` document implies: its run outcome's code, else 0. */
function expectedExit(out: unknown): number {
  if (typeof out !== 'object' || out === null || !('outcome' in out)) return 0;
  const { outcome } = out;
  if (typeof outcome === 'string' && Object.hasOwn(RUN_EXIT_CODES, outcome))
    return RUN_EXIT_CODES[outcome as RunStop].exitCode;
  return 0;
}

/** The `tool.completed` entries of `pid` as `tool:ok|error`, in order. */
export async function toolOutcomes(workspace: string, pid: string): Promise<string[]> {
  const { out } = await runJson<JournalEntry[]>([
    'journal',
    'list',
    '--workspace',
    workspace,
    '--pid',
    pid,
    '--type',
    'tool.completed',
  ]);
  return out.map((e) => {
    const tool = typeof e.data.tool === 'string' ? e.data.tool : '?';
    return `${tool}:${e.data.isError === true ? 'error' : 'ok'}`;
  });
}
