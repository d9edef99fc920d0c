// Live progress at a terminal: colour and a spinner on a TTY, plain text with NO_COLOR or a pipe.
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliTerminal } from '../../src/cli/cli-io.js';
import { writeScript } from './agent-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

/** The start of an escape sequence: colour, cursor or erase. */
const ESCAPE = new RegExp(String.fromCharCode(0x1b));

/** A terminal whose output says it is a TTY (as process.stdout does on one); keeps what it got. */
function ttyTerminal(): { terminal: CliTerminal; written: () => string } {
  const input = new PassThrough();
  input.end();
  const output = Object.assign(new PassThrough(), { isTTY: true });
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString()));
  return { terminal: { input, output }, written: () => written };
}

async function runReader(
  dir: string,
  options: { terminal?: CliTerminal; env?: Record<string, string> },
): Promise<{ stdout: string; code: number }> {
  await writeScript(dir, 'model.json', {
    agents: [
      {
        name: 'reader',
        calls: [{ read_file: { path: 'secret.txt' } }, { exit: { result: 'done' } }],
      },
    ],
  });
  return runCli(
    [
      'run',
      '--image',
      'base',
      '--goal',
      'Read',
      '--name',
      'reader',
      '--model',
      `scripted:${join(dir, 'model.json')}`,
    ],
    { cwd: dir, ...options },
  );
}

describe('live progress', () => {
  it('colours outcomes and spins while waiting when the terminal is a TTY', async () => {
    await using ws = await createTempWorkspace();
    const tty = ttyTerminal();
    const run = await runReader(ws.dir, { terminal: tty.terminal });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\u001b[31mdenied NOT_PERMITTED\u001b[39m');
    expect(run.stdout).toContain('\u001b[36mreader\u001b[39m');
    expect(tty.written()).toContain('\r\u001b[2K⠋ ');
    // The spinner is erased when the run stops, before the prompt and the summary.
    expect(tty.written().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('prints plain lines and no spinner with NO_COLOR set', async () => {
    await using ws = await createTempWorkspace();
    const tty = ttyTerminal();
    const run = await runReader(ws.dir, { terminal: tty.terminal, env: { NO_COLOR: '1' } });
    expect(run.stdout).toMatch(/^ {2}reader {2}read_file: denied NOT_PERMITTED$/m);
    expect(run.stdout).not.toMatch(ESCAPE);
    expect(tty.written()).not.toMatch(ESCAPE);
    expect(tty.written()).not.toContain('⠋');
  });

  it('prints no escape codes when the output is not a TTY or is piped', async () => {
    await using ws = await createTempWorkspace();
    const input = new PassThrough();
    input.end();
    const output = new PassThrough();
    let written = '';
    output.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const notTty = await runReader(ws.dir, { terminal: { input, output } });
    expect(notTty.stdout).toMatch(/reader {2}read_file: denied NOT_PERMITTED/);
    expect(notTty.stdout).not.toMatch(ESCAPE);
    expect(written).not.toMatch(ESCAPE);
    const piped = await runReader(ws.dir, {});
    expect(piped.stdout).not.toMatch(ESCAPE);
  });
});
