// `agent-libos images list|register`: what --image can name, and registering a new image from a file.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentImage } from '../../src/kernel/agent/types.js';
import { openRuntime } from '../../src/open-runtime.js';
import { runJson, writeScript, type RunJson } from './agent-fixture.js';
import { countRows, createTempWorkspace, runCli } from './cli-harness.js';

const IMAGE_YAML = `id: reviewer
version: 1
description: Reads files and reports.
systemPrompt: You review. When done, call exit.
tools: [read_file, list_dir, exit]
requirements:
  - { resource: 'fs:**', rights: [read], why: reads the code }
defaultBudget: { quanta: 20 }
defaultModel: null
`;

describe('agent-libos images', () => {
  it('registers an image from YAML, lists it after the built-ins, and runs it with --image', async () => {
    await using ws = await createTempWorkspace();
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    await writeFile(join(ws.dir, 'reviewer.yaml'), IMAGE_YAML);
    const registered = await runCli(['images', 'register', 'reviewer.yaml'], { cwd: ws.dir });
    expect(registered).toEqual({
      code: 0,
      stdout: 'registered reviewer@1; run it with --image reviewer\n',
      stderr: '',
    });
    const table = await runCli(['images', 'list'], { cwd: ws.dir });
    expect(table.stdout.split('\n')[0]).toMatch(
      /^ID\s+VERSION\s+SOURCE\s+TOOLS\s+MODEL\s+DESCRIPTION$/,
    );
    expect(table.stdout).toMatch(/\nbase\s+1\s+built-in\s+\d+\s+-\s+General agent/);
    expect(table.stdout).toMatch(
      /\nreviewer\s+1\s+registered\s+3\s+-\s+Reads files and reports\.\n$/,
    );
    const { out } = await runJson<(AgentImage & { source: string })[]>(['images', 'list'], {
      cwd: ws.dir,
    });
    expect(out.at(-1)).toMatchObject({ id: 'reviewer', version: 1, source: 'registered' });
    const script = await writeScript(ws.dir, 'model.json', {
      agents: [{ goal: 'Review', calls: [{ exit: { result: 'looks fine' } }] }],
    });
    const { out: run } = await runJson<RunJson>(
      ['run', '--image', 'reviewer', '--goal', 'Review', '--model', `scripted:${script}`],
      { cwd: ws.dir },
    );
    expect(run.processes[0]).toMatchObject({
      imageId: 'reviewer',
      state: { kind: 'exited', result: 'looks fine' },
    });
  });

  it('refuses a file that is not an image with INVALID_INPUT naming the field, changing nothing', async () => {
    await using ws = await createTempWorkspace();
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    const before = countRows(ws.dbPath);
    const bad = join(ws.dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ id: 'x', version: 0 }));
    const run = await runCli(['images', 'register', bad, '--json'], { cwd: ws.dir });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: { code: 'INVALID_INPUT', details: { field: 'version' } },
    });
    await writeFile(
      bad,
      IMAGE_YAML.replace('[read_file, list_dir, exit]', '[read_file, teleport]'),
    );
    const tool = await runCli(['images', 'register', bad], { cwd: ws.dir });
    expect(tool.stderr).toMatch(
      /^error INVALID_INPUT: Registering an image failed: unknown tools teleport/,
    );
    await writeFile(bad, 'id: [unclosed');
    const yaml = await runCli(['images', 'register', bad], { cwd: ws.dir });
    expect(yaml.stderr).toMatch(
      /^error INVALID_INPUT: Reading image file ".*bad.json" failed: not valid YAML/,
    );
    const missing = await runCli(['images', 'register', 'nope.yaml'], { cwd: ws.dir });
    expect(missing.code).toBe(3);
    await writeFile(bad, IMAGE_YAML.replace('id: reviewer', 'id: base'));
    const builtin = await runCli(['images', 'register', bad], { cwd: ws.dir });
    expect(builtin.stderr).toMatch(/^error ALREADY_EXISTS: .*base is a built-in image/);
    expect(countRows(ws.dbPath)).toEqual(before);
  });

  it('lists images while a runtime holds the writer lock', async () => {
    await using ws = await createTempWorkspace();
    const rt = await openRuntime({ workspace: ws.dir });
    try {
      const run = await runCli(['images', 'list'], { cwd: ws.dir });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/\norchestrator\s+1\s+built-in/);
    } finally {
      await rt.close();
    }
  });
});
