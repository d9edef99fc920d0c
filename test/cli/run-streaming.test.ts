// `run` on a terminal shows the model's text as it streams, before the turn completes (a real
// OpenAI Chat Completions wire on a loopback server); `--no-stream`, pipes and `--json` never stream.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliTerminal } from '../../src/cli/cli-io.js';
import { main } from '../../src/cli/main.js';
import { sseText, type WireAnswer } from '../models/answer-wire.js';
import { CHAT } from '../models/dialects.js';
import { startLoopbackServer, type LoopbackReply } from '../models/loopback-server.js';
import { createTempWorkspace } from './cli-harness.js';

const KEY = 'sk-cli-streaming-test-0123456789';
const ESC = String.fromCharCode(0x1b);

const ANSWER: WireAnswer = {
  text: `Hello from the stream.\nSecond line, with a sneaky ${ESC}[31mred${ESC}[0m escape.`,
  calls: [{ id: 'call_1', name: 'exit', args: '{"result":"streamed"}' }],
  stop: 'tool_calls',
  usage: { input: 100, output: 20 },
  model: 'llama-test',
};

/** A terminal whose output says it is a TTY. */
function ttyTerminal(): CliTerminal {
  const input = new PassThrough();
  input.end();
  const output = Object.assign(new PassThrough(), { isTTY: true });
  output.resume();
  return { input, output };
}

/**
 * Runs `agent-libos run` on the loopback model in-process, with stdout watched as it is written;
 * `reply` gets a promise that settles once stdout shows `watchFor`.
 */
async function runAgainst(
  reply: (shown: Promise<void>) => LoopbackReply,
  options: { args?: string[]; terminal?: CliTerminal | null; watchFor: string },
): Promise<{ code: number; stdout: string; streamed: boolean[] }> {
  await using ws = await createTempWorkspace();
  let stdout = '';
  let show!: () => void;
  const shown = new Promise<void>((resolve) => (show = resolve));
  await using server = await startLoopbackServer((request) =>
    (request.body as { stream?: boolean }).stream === true
      ? reply(shown)
      : { status: 200, json: CHAT.answerBody(ANSWER) },
  );
  const code = await main(
    [
      'node',
      'agent-libos',
      'run',
      '--image',
      'base',
      '--goal',
      'Say hello',
      '--name',
      'greeter',
      '--model',
      'openai-chat:llama-test',
      '--base-url',
      `${server.url}/v1`,
      ...(options.args ?? []),
    ],
    {
      io: {
        stdout: (text) => {
          stdout += text;
          if (stdout.includes(options.watchFor)) show();
        },
        stderr: () => undefined,
      },
      env: {
        AGENT_LIBOS_STATE_HOME: process.env.AGENT_LIBOS_STATE_HOME,
        OPENAI_API_KEY: KEY,
        NO_COLOR: '1',
      },
      cwd: ws.dir,
      terminal: options.terminal === undefined ? ttyTerminal() : options.terminal,
    },
  );
  return {
    code,
    stdout,
    streamed: server.requests.map((r) => (r.body as { stream?: boolean }).stream === true),
  };
}

const events = CHAT.answerEvents(ANSWER).map((e) => sseText([e]));
/** The stream up to the first line's text, a wait until the terminal showed it, then the rest. */
const gated = (shown: Promise<void>): LoopbackReply => ({
  stream: [...events.slice(0, 8), { wait: shown }, ...events.slice(8)],
});

describe('run streams the model text to a terminal', () => {
  it('shows streamed text before the turn completes, escaped, on lines of its own', async () => {
    const run = await runAgainst(gated, { watchFor: 'Hello from the' });
    // The server held back the rest of the answer until the terminal showed its start: the
    // text reached the person while the turn was still being written.
    expect(run.code).toBe(0);
    expect(run.streamed).toStrictEqual([true]);
    expect(run.stdout).toContain('  greeter  │ Hello from the stream.\n');
    expect(run.stdout).toContain(
      '  greeter  │ Second line, with a sneaky \\x1b[31mred\\x1b[0m escape.\n',
    );
    expect(run.stdout).not.toContain(ESC);
    // The streamed lines come between the model call and the tool call it made.
    const asks = run.stdout.indexOf('greeter  asks openai-chat:llama-test');
    const text = run.stdout.indexOf('greeter  │ Hello');
    const exit = run.stdout.indexOf('greeter  exit: done');
    expect(asks).toBeGreaterThanOrEqual(0);
    expect(asks).toBeLessThan(text);
    expect(text).toBeLessThan(exit);
  });

  it('does not stream with --no-stream, without a TTY, or with --json', async () => {
    const plain = { watchFor: 'never shown' };
    const noStream = await runAgainst(gated, { ...plain, args: ['--no-stream'] });
    expect(noStream.code).toBe(0);
    expect(noStream.streamed).toStrictEqual([false]);
    expect(noStream.stdout).not.toContain('│');

    const input = new PassThrough();
    input.end();
    const piped = await runAgainst(gated, {
      ...plain,
      terminal: { input, output: new PassThrough().resume() },
    });
    expect(piped.streamed).toStrictEqual([false]);

    const json = await runAgainst(gated, { ...plain, args: ['--json'] });
    expect(json.code).toBe(0);
    expect(json.streamed).toStrictEqual([false]);
  });
});
