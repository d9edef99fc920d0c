// `run` and `resume` never report a refused call as done: live progress and the end-of-run summary
// show every denied, failed and blocked call with its code, the summary read from the journal.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { FlaggedCall } from '../../src/cli/run/read-flagged-calls.js';
import type { ScriptedModelFile } from '../../src/models/scripted/scripted-script.js';
import {
  expectToolsOf,
  runJson,
  scriptedTools,
  writeScript,
  type RunJson,
} from './agent-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

/** A reader that is denied the secret, finds no missing file, asks a question, then is denied again. */
const READER: ScriptedModelFile = {
  agents: [
    {
      name: 'reader',
      calls: [
        { read_file: { path: 'notes/secret.txt' } },
        { read_file: { path: 'notes/missing.txt' } },
        { ask_human: { question: 'Which source?' } },
        { read_file: { path: 'notes/secret.txt' } },
        { exit: { result: 'read' } },
      ],
    },
  ],
};

async function setUp(dir: string): Promise<string[]> {
  await mkdir(join(dir, 'notes'));
  await writeFile(join(dir, 'notes', 'a.md'), 'a source\n');
  await writeFile(join(dir, 'notes', 'secret.txt'), 'secret\n');
  expectToolsOf('base', scriptedTools(READER, 0));
  await writeScript(dir, 'model.json', READER);
  return [
    'run',
    '--workspace',
    dir,
    '--image',
    'base',
    '--goal',
    'Read the notes',
    '--name',
    'reader',
    '--grant',
    'fs:notes/**=read',
    '--deny',
    'fs:notes/secret.txt=read',
    '--grant',
    'human:owner=ask',
    '--model',
    `scripted:${join(dir, 'model.json')}`,
  ];
}

/** What the summary says of each flagged call: outcome, code, syscall. */
function flags(summary: { flagged: readonly FlaggedCall[] }): string[] {
  return summary.flagged.map((c) => `${c.outcome} ${c.code ?? '-'} ${c.syscall ?? '-'}`);
}

describe('refused, failed and blocked calls in run progress and summaries', () => {
  it('prints denied and failed calls with their code, not done, and lists them in the summary', async () => {
    await using ws = await createTempWorkspace();
    const args = await setUp(ws.dir);
    const input = new PassThrough();
    const output = new PassThrough();
    input.end(); // nobody answers: the run stops where the reader waits on a human
    const run = await runCli(args, { terminal: { input, output } });
    expect(run).toMatchObject({ code: 20, stderr: '' }); // waiting on a human
    const progress = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('  reader  read_file'));
    expect(progress).toEqual([
      '  reader  read_file: denied NOT_PERMITTED',
      '  reader  read_file: failed NOT_FOUND',
    ]);
    expect(run.stdout).toMatch(/^ {2}reader {2}ask_human: blocked \(waiting\)$/m);
    expect(run.stdout).not.toMatch(/read_file: done/);
    const summary = run.stdout.slice(run.stdout.indexOf('calls denied, failed or blocked\n'));
    expect(summary).toMatch(
      /^calls denied, failed or blocked\nPID\s+NAME\s+OUTCOME\s+CODE\s+SYSCALL\s+DETAIL\n/,
    );
    expect(summary).toMatch(
      /^proc_\S+\s+reader\s+denied\s+NOT_PERMITTED\s+fs\.read\s+read on fs:notes\/secret\.txt$/m,
    );
    expect(summary).toMatch(
      /^proc_\S+\s+reader\s+failed\s+NOT_FOUND\s+fs\.read\s+read on fs:notes\/missing\.txt$/m,
    );
    expect(summary).toMatch(
      /^proc_\S+\s+reader\s+blocked\s+-\s+-\s+asks a human: question \(apr_\S+\)$/m,
    );
  });

  it('lists them from the journal without a terminal, and a resumed run lists its own', async () => {
    await using ws = await createTempWorkspace();
    const args = await setUp(ws.dir);
    const first = await runJson<RunJson>(args);
    expect(first.out.outcome).toBe('waiting-on-human');
    expect(flags(first.out)).toEqual([
      'denied NOT_PERMITTED fs.read',
      'failed NOT_FOUND fs.read',
      'blocked - -',
    ]);
    expect(first.out.flagged[2]?.request).toBe(first.out.pending[0]?.id);

    const question = first.out.pending[0]?.id ?? '';
    const answered = await runCli([
      'approvals',
      'decide',
      question,
      '--answer',
      'a.md',
      '--workspace',
      ws.dir,
    ]);
    expect(answered.code).toBe(0);
    const resumed = await runJson<RunJson>(['resume', '--workspace', ws.dir]);
    expect(resumed.out.outcome).toBe('ended');
    // Only what this run did: the second denied read, not the first run's calls.
    expect(flags(resumed.out)).toEqual(['denied NOT_PERMITTED fs.read']);
    expect(resumed.out.flagged[0]?.detail).toBe('read on fs:notes/secret.txt');
  });
});
