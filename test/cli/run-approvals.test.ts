// `run` and human requests: pending without a terminal (then decide + resume), prompted with one.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { HumanRequest } from '../../src/kernel/approval/types.js';
import type { ScriptedModelFile } from '../../src/models/scripted/scripted-script.js';
import { runJson, toolOutcomes, writeScript, type RunJson } from './agent-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

/** A writer whose write on REPORT.md needs a human's approval (an ask record). */
const WRITER: ScriptedModelFile = {
  agents: [
    {
      name: 'writer',
      calls: [
        { write_file: { path: 'REPORT.md', content: 'approved text\n' } },
        { ask_human: { question: 'Which title?' } },
        { exit: { result: 'written' } },
      ],
    },
  ],
};

function runArgs(dir: string): string[] {
  return [
    'run',
    '--workspace',
    dir,
    '--image',
    'base',
    '--goal',
    'Write the report',
    '--name',
    'writer',
    '--grant',
    'fs:REPORT.md=write',
    '--ask',
    'fs:REPORT.md=write',
    '--grant',
    'human:owner=ask',
    '--model',
    `scripted:${join(dir, 'model.json')}`,
  ];
}

describe('agent-libos run and human requests', () => {
  it('leaves a permission pending without a terminal and exits 20; decide + resume finish it', async () => {
    await using ws = await createTempWorkspace();
    await writeScript(ws.dir, 'model.json', WRITER);
    const text = await runCli(runArgs(ws.dir));
    expect(text.stderr).toBe('');
    expect(text.code).toBe(20);
    expect(text.stdout).toMatch(/\nwaiting on a human: 1 pending request \(\d+ quanta\)\n/);
    expect(text.stdout).toMatch(/waiting:human\(apr_/);
    expect(text.stdout).toMatch(/^apr_\S+\s+proc_\S+\s+permission\s+write on fs:REPORT\.md/m);
    expect(text.stdout).toContain('agent-libos approvals decide <id> allow_once');

    const listed = await runJson<HumanRequest[]>(['approvals', 'list', '--workspace', ws.dir]);
    const [request] = listed.out;
    expect(listed.out).toHaveLength(1);
    const decided = await runCli([
      'approvals',
      'decide',
      request?.id ?? '',
      'allow_once',
      '--workspace',
      ws.dir,
    ]);
    expect(decided.code).toBe(0);

    // The write now goes through; the question that follows waits on a human in turn.
    const second = await runJson<RunJson>(['resume', '--workspace', ws.dir]);
    expect(second.out.outcome).toBe('waiting-on-human');
    expect(second.out.pending.map((r) => r.body.kind)).toEqual(['question']);
    expect(await readFile(join(ws.dir, 'REPORT.md'), 'utf8')).toBe('approved text\n');
    const question = second.out.pending[0]?.id ?? '';
    await runCli(['approvals', 'decide', question, '--answer', 'Durable', '--workspace', ws.dir]);
    const third = await runJson<RunJson>(['resume', '--workspace', ws.dir]);
    expect(third.out.outcome).toBe('ended');
    expect(third.out.processes[0]?.state).toEqual({ kind: 'exited', result: 'written' });
  });

  it('prompts at a terminal, goes on after each decision, and shows live progress', async () => {
    await using ws = await createTempWorkspace();
    await writeScript(ws.dir, 'model.json', WRITER);
    const input = new PassThrough();
    const output = new PassThrough();
    let prompts = '';
    output.on('data', (chunk: Buffer) => (prompts += chunk.toString()));
    // Line answers (not a raw TTY): allow once, then the answer to the question.
    input.write('a\nDurable runtimes\n');
    const run = await runCli(runArgs(ws.dir), { terminal: { input, output } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(prompts).toMatch(/1 pending request\n\n\[1\/1\] apr_\S+ from proc_\S+: permission\n/);
    expect(prompts).toContain('  allow_once\n');
    expect(prompts).toMatch(/question\n {2}│ Which title\?\n/);
    expect(prompts).toContain('  answered\n');
    expect(run.stdout).toMatch(/^ {2}writer {2}asks scripted:\S+model\.json$/m);
    expect(run.stdout).toMatch(/^ {2}writer {2}write_file: blocked \(waiting\)$/m);
    expect(run.stdout).toMatch(/^ {2}writer {2}write_file: done$/m);
    expect(run.stdout).toMatch(/\nall processes ended \(\d+ quanta\)\n/);
    expect(await readFile(join(ws.dir, 'REPORT.md'), 'utf8')).toBe('approved text\n');
    const [root] = (await runJson<{ pid: string }[]>(['ps', '--workspace', ws.dir])).out;
    expect(await toolOutcomes(ws.dir, root?.pid ?? '')).toEqual(['write_file:ok', 'ask_human:ok']);
  });

  it('leaves a request pending when the terminal skips it, and never prompts under --json', async () => {
    await using ws = await createTempWorkspace();
    await writeScript(ws.dir, 'model.json', WRITER);
    const output = new PassThrough();
    let prompts = '';
    output.on('data', (chunk: Buffer) => (prompts += chunk.toString()));
    const quiet = new PassThrough();
    const json = await runCli([...runArgs(ws.dir), '--json'], {
      terminal: { input: quiet, output },
    });
    expect((JSON.parse(json.stdout) as RunJson).outcome).toBe('waiting-on-human');
    expect(json.code).toBe(20);
    expect(prompts).toBe('');

    const input = new PassThrough();
    input.end('\n\n');
    const skipped = await runCli(runArgs(ws.dir), { terminal: { input, output } });
    expect(skipped.code).toBe(20);
    expect(prompts).toMatch(/^2 pending requests\n/);
    expect(prompts.match(/ {2}skipped\n/g)).toHaveLength(2);
    expect(skipped.stdout).toMatch(/\nwaiting on a human: 1 pending request \(\d+ quanta\)\n/);
  });
});
