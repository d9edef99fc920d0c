// `--notify-cmd`: a program (argv, never a shell) run for each new request, the request on stdin.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNotifyCommand } from '../../src/cli/live/parse-notify-command.js';
import type { HumanRequest } from '../../src/kernel/approval/types.js';
import { runJson, writeScript } from './agent-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

describe('--notify-cmd', () => {
  it('takes a program path or a JSON argv array, and refuses anything a shell would parse', () => {
    expect(parseNotifyCommand('/usr/bin/notify')).toEqual(['/usr/bin/notify']);
    expect(parseNotifyCommand('["notify-send","agent libos", "a;b"]')).toEqual([
      'notify-send',
      'agent libos',
      'a;b',
    ]);
    for (const bad of [
      'notify-send hi',
      'rm -rf /',
      '',
      '  ',
      '[]',
      '[1]',
      '[""]',
      '["a",2]',
      '["a"',
      'a\0b',
    ])
      expect(() => parseNotifyCommand(bad), bad).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT' }) as Error,
      );
  });

  it('runs the command for a request a run raises, with the request as JSON on its stdin', async () => {
    await using ws = await createTempWorkspace();
    const script = await writeScript(ws.dir, 'model.json', {
      agents: [
        {
          goal: 'Write the report',
          calls: [{ write_file: { path: 'REPORT.md', content: 'x\n' } }, { exit: { result: 1 } }],
        },
      ],
    });
    const out = join(ws.dir, 'notified.json');
    const catcher = join(ws.dir, 'catch.mjs');
    // Writes what it reads on stdin to the file named by its argument.
    await writeFile(
      catcher,
      "import { writeFileSync } from 'node:fs';\nlet s = '';\nprocess.stdin.on('data', (c) => (s += c)).on('end', () => writeFileSync(process.argv[2], s));\n",
    );
    const run = await runCli([
      'run',
      '--workspace',
      ws.dir,
      '--image',
      'base',
      '--goal',
      'Write the report',
      '--grant',
      'fs:REPORT.md=write',
      '--ask',
      'fs:REPORT.md=write',
      '--model',
      `scripted:${script}`,
      '--notify-cmd',
      JSON.stringify([process.execPath, catcher, out]),
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(20);
    const [pending] = (await runJson<HumanRequest[]>(['approvals', 'list', '--workspace', ws.dir]))
      .out;
    const notified = JSON.parse(await readFile(out, 'utf8')) as HumanRequest;
    expect(notified).toEqual(pending);
    expect(notified.body).toMatchObject({ kind: 'permission', resource: 'fs:REPORT.md' });
  });
});
