// Helpers for the agent commands' tests: scripted model files, JSON runs, tool outcomes.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { FlaggedCall } from '../../src/cli/run/read-flagged-calls.js';
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
  readonly outcome: 'ended' | 'waiting-on-human' | 'max-quanta' | 'idle';
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

/** Runs the CLI with `--json` and parses stdout; fails with stderr when the exit code is not 0. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the JSON shape
export async function runJson<T>(
  args: readonly string[],
  options: Parameters<typeof runCli>[1] = {},
): Promise<{ run: CliRun; out: T }> {
  const run = await runCli([...args, '--json'], options);
  expect(run.stderr).toBe('');
  expect(run.code, run.stdout).toBe(0);
  return { run, out: JSON.parse(run.stdout) as T };
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
