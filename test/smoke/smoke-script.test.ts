// The smoke script end to end against a loopback server speaking each wire protocol, with a fake
// key: the server plays a model that does the three tasks (streaming, since the smoke watches),
// so the script's runtime, checks and report are proven without a real provider.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPackageRoot } from '../../src/base/find-package-root.js';
import { runSmoke } from '../../smoke/run-smoke.js';
import { sseText, type WireAnswer } from '../models/answer-wire.js';
import { CHAT, DIALECTS, MESSAGES, RESPONSES, type Dialect } from '../models/dialects.js';
import { startLoopbackServer, type RecordedRequest } from '../models/loopback-server.js';
import { useChildGuard } from '../support/child-guard.js';

const guard = useChildGuard();

/** What the model sees in a request: the goal, how many turns it had, the last tool result. */
interface Seen {
  readonly goal: string;
  readonly turns: number;
  readonly lastResult: string;
}

type Item = Record<string, unknown>;

/** A field that must be text (a goal, a tool result) as text. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function read(dialect: Dialect, body: Item): Seen {
  if (dialect === RESPONSES) {
    const input = body.input as Item[];
    return {
      goal: text(input.find((i) => i.role === 'user')?.content),
      turns: input.filter((i) => i.type === 'function_call').length,
      lastResult: text(input.findLast((i) => i.type === 'function_call_output')?.output),
    };
  }
  const messages = body.messages as Item[];
  const user = messages.find((m) => m.role === 'user');
  if (dialect === CHAT)
    return {
      goal: text(user?.content),
      turns: messages.filter((m) => m.role === 'assistant').length,
      lastResult: text(messages.findLast((m) => m.role === 'tool')?.content),
    };
  const results = messages.flatMap((m) =>
    Array.isArray(m.content) ? (m.content as Item[]).filter((c) => c.type === 'tool_result') : [],
  );
  return {
    goal: text(user?.content),
    turns: messages.filter((m) => m.role === 'assistant').length,
    lastResult: text(results.at(-1)?.content),
  };
}

/** The model's next move for `seen`: one tool call per turn, with a sentence of text. */
function nextCall(seen: Seen): { name: string; args: unknown } {
  const { goal, turns, lastResult } = seen;
  const plan: { name: string; args: unknown }[] = goal.includes('notes.md')
    ? [
        { name: 'read_file', args: { path: 'notes.md' } },
        {
          name: 'exit',
          args: { result: 'Version 3.2 improves CSV import, atomic exports and adds --dry-run.' },
        },
      ]
    : goal.includes('protected/greeting.txt')
      ? [
          { name: 'write_file', args: { path: 'protected/greeting.txt', content: 'hello' } },
          { name: 'write_file', args: { path: 'out/greeting.txt', content: 'hello' } },
          { name: 'exit', args: { result: 'out/greeting.txt' } },
        ]
      : goal.startsWith('Read data.txt')
        ? [
            { name: 'read_file', args: { path: 'data.txt' } },
            { name: 'exit', args: { result: /\d+/.exec(lastResult)?.[0] ?? 'no number' } },
          ]
        : [
            {
              name: 'spawn_agent',
              args: {
                image: 'base',
                goal: 'Read data.txt and exit with the number it contains as your result',
                grants: [{ resource: 'fs:data.txt', rights: ['read'] }],
              },
            },
            { name: 'wait_agent', args: { pid: /proc_[0-9a-z]+/.exec(lastResult)?.[0] ?? '' } },
            { name: 'exit', args: { result: /\b\d{4}\b/.exec(lastResult)?.[0] ?? 'no number' } },
          ];
  return plan[turns] ?? { name: 'exit', args: { result: 'out of plan' } };
}

function answer(dialect: Dialect, request: RecordedRequest) {
  const body = request.body as Item;
  const call = nextCall(read(dialect, body));
  const wire: WireAnswer = {
    text: `Next I call ${call.name}.`,
    calls: [
      { id: `call_${read(dialect, body).turns}`, name: call.name, args: JSON.stringify(call.args) },
    ],
    stop: 'tool_calls',
    usage: { input: 500, output: 40 },
    model: 'smoke-model',
  };
  return body.stream === true
    ? { stream: dialect.answerEvents(wire).map((e) => sseText([e])) }
    : { status: 200, json: dialect.answerBody(wire) };
}

const SPECS = new Map<Dialect, { spec: string; key: string; path: string }>([
  [RESPONSES, { spec: 'openai:smoke-model', key: 'OPENAI_API_KEY', path: '/v1' }],
  [CHAT, { spec: 'openai-chat:smoke-model', key: 'OPENAI_API_KEY', path: '/v1' }],
  [MESSAGES, { spec: 'anthropic:smoke-model', key: 'ANTHROPIC_API_KEY', path: '' }],
]);

describe.each(DIALECTS)('the smoke script over $name', (dialect) => {
  it('runs the three tasks, streams, and reports each ok', async () => {
    const { spec, key, path } = SPECS.get(dialect)!;
    await using server = await startLoopbackServer((request) => answer(dialect, request));
    let out = '';
    const code = await runSmoke(['--model', spec, '--base-url', `${server.url}${path}`], {
      env: { [key]: 'sk-smoke-fake-key-0123456789' },
      out: (text) => {
        out += text;
      },
    });
    expect(out).toContain('[1/3] summarise');
    expect(out).toContain('[2/3] denied-write');
    expect(out).toContain('[3/3] delegate');
    expect(out).toMatch(/syscalls: .*fs\.write denied NOT_PERMITTED ×1/);
    expect(out).toContain('hash chain verified');
    expect(out).toMatch(/child proc_\w+: exited with "4217"/);
    expect(out).toContain('smoke: 3 of 3 task(s) ok');
    expect(out).not.toContain('sk-smoke-fake-key');
    expect(code).toBe(0);
    // Every call streamed (the smoke watches), and the streamed text reached the report.
    expect(server.requests.every((r) => (r.body as Item).stream === true)).toBe(true);
    expect(out).toContain('│ Next I call read_file.');
    expect(out).not.toMatch(/ 0 delta\(s\) streamed/);
  });
});

describe('the smoke script', () => {
  it('reports a task the model got wrong as NOT OK and exits 1', async () => {
    // A model that exits at once: no summary read, no write, no child.
    await using server = await startLoopbackServer((request) => {
      const wire: WireAnswer = {
        text: null,
        calls: [{ id: 'call_0', name: 'exit', args: '{"result":"x"}' }],
        stop: 'tool_calls',
        usage: { input: 5, output: 5 },
        model: 'lazy',
      };
      return (request.body as Item).stream === true
        ? { stream: CHAT.answerEvents(wire).map((e) => sseText([e])) }
        : { status: 200, json: CHAT.answerBody(wire) };
    });
    let out = '';
    const code = await runSmoke(
      ['--model', 'openai-chat:lazy', '--base-url', `${server.url}/v1`, '--only', 'denied-write'],
      { env: { OPENAI_API_KEY: 'sk-fake' }, out: (text) => (out += text) },
    );
    expect(code).toBe(1);
    expect(out).toContain('NOT OK: it never tried the protected path');
    expect(out).toContain('smoke: 0 of 1 task(s) ok');
  });

  it('prints one skip line and exits 0 through npm run smoke without a key', async () => {
    const root = findPackageRoot(import.meta.url);
    const child = guard.track(
      spawn(
        process.execPath,
        ['--import', 'tsx', join(root, 'smoke', 'run.ts'), '--model', 'anthropic:claude-x'],
        {
          cwd: root,
          env: { PATH: process.env.PATH, HOME: process.env.HOME },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ),
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const [exitCode] = (await once(child, 'exit')) as [number];
    expect(exitCode).toBe(0);
    expect(stdout).toBe(
      'smoke: skipped: ANTHROPIC_API_KEY is not set (a smoke run calls anthropic:claude-x for real)\n',
    );
    const script = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(script.scripts.smoke).toBe('node --import tsx smoke/run.ts');
    expect(script.scripts.test).not.toContain('smoke');
  });
});
