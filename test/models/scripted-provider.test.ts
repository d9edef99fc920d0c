// The scripted provider: matching by goal and name, exhaustion, restart safety, validation.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScriptedProvider } from '../../src/models/scripted/create-scripted-provider.js';
import { loadScriptedProvider } from '../../src/models/scripted/load-scripted-provider.js';
import type { ScriptedModelFile } from '../../src/models/scripted/scripted-script.js';
import type { ModelMessage, ModelRequest, ModelResponse } from '../../src/ports/model-provider.js';
import { expectModelError, makeRequest } from './fixtures.js';

const SCRIPT: ScriptedModelFile = {
  agents: [
    {
      goal: 'Summarize README.md',
      calls: [{ read_file: { path: 'README.md' } }, { exit: { result: 'summary' } }],
    },
    { name: 'worker', calls: [{ list_dir: { path: 'src' } }] },
    { goal: 'Shared goal', name: 'other', calls: [{ read_file: { path: 'by-goal' } }] },
  ],
};

function request(caller: Partial<ModelRequest['caller']>, messages: readonly ModelMessage[] = []) {
  return makeRequest({
    caller: { pid: 'proc_00000007', goal: 'Summarize README.md', name: null, ...caller },
    messages: [{ role: 'user', content: 'start' }, ...messages],
  });
}

/** The transcript an agent loop would keep after `response`, with a tool result appended. */
function after(messages: readonly ModelMessage[], response: ModelResponse): ModelMessage[] {
  const call = response.toolCalls[0]!;
  return [
    ...messages,
    { role: 'assistant', content: response.text, toolCalls: response.toolCalls },
    { role: 'tool', toolCallId: call.id, name: call.name, content: 'ok', isError: false },
  ];
}

describe('scripted provider', () => {
  const provider = createScriptedProvider(SCRIPT, { id: 'scripted:test' });

  it('replays the calls of the entry whose goal matches, one per turn, with deterministic ids', async () => {
    const first = await provider.complete(request({}));
    expect(first).toMatchObject({
      text: null,
      toolCalls: [
        { id: 'call_proc_00000007_0', name: 'read_file', arguments: { path: 'README.md' } },
      ],
      stopReason: 'tool_calls',
      model: 'scripted',
    });
    const second = await provider.complete(request({}, after([], first)));
    expect(second.toolCalls).toEqual([
      { id: 'call_proc_00000007_1', name: 'exit', arguments: { result: 'summary' } },
    ]);
  });

  it('matches by name, and prefers a name match over a goal match', async () => {
    const byName = await provider.complete(request({ goal: 'anything', name: 'worker' }));
    expect(byName.toolCalls[0]).toMatchObject({ name: 'list_dir', arguments: { path: 'src' } });
    const both = await provider.complete(request({ goal: 'Summarize README.md', name: 'worker' }));
    expect(both.toolCalls[0]!.name).toBe('list_dir');
    const goalOnly = await provider.complete(request({ goal: 'Shared goal', name: 'unlisted' }));
    expect(goalOnly.toolCalls[0]!.arguments).toEqual({ path: 'by-goal' });
  });

  it('calls exit with result "done" once a list is exhausted, and at once for no match', async () => {
    const first = await provider.complete(request({ name: 'worker' }));
    const second = await provider.complete(request({ name: 'worker' }, after([], first)));
    expect(second.toolCalls).toEqual([
      { id: 'call_proc_00000007_1', name: 'exit', arguments: { result: 'done' } },
    ]);
    const stranger = await provider.complete(request({ goal: 'Not in the script' }));
    expect(stranger.toolCalls).toEqual([
      { id: 'call_proc_00000007_0', name: 'exit', arguments: { result: 'done' } },
    ]);
  });

  it('continues from the transcript alone: a fresh provider resumes exactly (restart safety)', async () => {
    const first = await provider.complete(request({}));
    const transcript = after([], first);
    // A new provider object has no memory: the position comes from the assistant turns.
    const restarted = createScriptedProvider(SCRIPT, { id: 'scripted:test' });
    const resumed = await restarted.complete(request({}, transcript));
    const original = await provider.complete(request({}, transcript));
    expect(resumed).toEqual(original);
    expect(resumed.toolCalls[0]).toMatchObject({ id: 'call_proc_00000007_1', name: 'exit' });
    // Asking twice for the same turn (a retried call) gives the same answer.
    expect(await restarted.complete(request({}, transcript))).toEqual(resumed);
  });

  it('estimates usage at about four characters a token', async () => {
    const small = await provider.complete(request({}));
    const big = await provider.complete(request({}, [{ role: 'user', content: 'x'.repeat(4000) }]));
    expect(small.usage.inputTokens).toBeGreaterThan(0);
    expect(small.usage.outputTokens).toBeGreaterThan(0);
    expect(big.usage.inputTokens - small.usage.inputTokens).toBeGreaterThanOrEqual(1000);
  });

  it('honours a cancelled signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expectModelError(
      provider.complete({ ...request({}), signal: controller.signal }),
      'CANCELLED',
    );
  });
});

describe('scripted model validation', () => {
  const invalid = (script: unknown): unknown => {
    try {
      createScriptedProvider(script as ScriptedModelFile);
    } catch (error) {
      return error;
    }
    return null;
  };

  it.each([
    [
      'an unknown key on an entry',
      { agents: [{ goal: 'g', calls: [], tools: [] }] },
      'agents[0]',
      /Unrecognized key: "tools"/,
    ],
    ['an unknown top-level key', { agents: [], model: 'x' }, '(root)', /Unrecognized key/],
    [
      'a call naming two tools',
      { agents: [{ goal: 'g', calls: [{ read_file: { path: 'a' }, exit: {} }] }] },
      'agents[0].calls[0]',
      /must name exactly one tool, found 2 \(read_file, exit\)/,
    ],
    [
      'a call naming no tool',
      { agents: [{ goal: 'g', calls: [{}] }] },
      'agents[0].calls[0]',
      /must name exactly one tool, found none/,
    ],
    [
      'an entry with neither goal nor name',
      { agents: [{ calls: [] }] },
      'agents[0]',
      /needs a goal or a name/,
    ],
    [
      'arguments that are not an object',
      { agents: [{ goal: 'g', calls: [{ read_file: 'README.md' }] }] },
      'agents[0].calls[0].read_file',
      /arguments must be an object/,
    ],
    ['a missing agents list', {}, 'agents', /agents must be a list/],
  ])('rejects %s with INVALID_INPUT and the path', (_label, script, field, message) => {
    const error = invalid(script) as { code: string; message: string; details: unknown };
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.details).toEqual({ field });
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`${field}:`);
  });

  it('accepts an empty (null) arguments value as no arguments', async () => {
    const provider = createScriptedProvider({
      agents: [{ goal: 'g', calls: [{ list_dir: null }] }],
    });
    const response = await provider.complete(
      makeRequest({ caller: { pid: 'p', goal: 'g', name: null } }),
    );
    expect(response.toolCalls[0]!.arguments).toEqual({});
  });
});

describe('loadScriptedProvider', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'libos-scripted-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the YAML format of ARCHITECTURE §9 and names itself after the path given', async () => {
    await writeFile(
      join(dir, 'demo.yaml'),
      [
        'agents:',
        '  - goal: "Summarize README.md"',
        '    calls:',
        '      - read_file: { path: README.md }',
        '      - exit: { result: "done" }',
      ].join('\n'),
    );
    const provider = await loadScriptedProvider('demo.yaml', { cwd: dir });
    expect(provider.id).toBe('scripted:demo.yaml');
    const response = await provider.complete(makeRequest());
    expect(response.toolCalls[0]).toMatchObject({
      name: 'read_file',
      arguments: { path: 'README.md' },
    });
  });

  it('reads the example in src/models/README.md as documented', async () => {
    const readme = await readFile(new URL('../../src/models/README.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    await writeFile(join(dir, 'readme.yaml'), example);
    const provider = await loadScriptedProvider('readme.yaml', { cwd: dir });
    const reviewer = await provider.complete(
      makeRequest({ caller: { pid: 'p', goal: 'Summarize README.md', name: 'reviewer' } }),
    );
    expect(reviewer.toolCalls[0]).toMatchObject({ name: 'list_dir', arguments: {} });
    const summarizer = await provider.complete(makeRequest());
    expect(summarizer.toolCalls[0]).toMatchObject({ name: 'read_file' });
  });

  it('reads JSON too', async () => {
    await writeFile(
      join(dir, 'demo.json'),
      JSON.stringify({ agents: [{ name: 'n', calls: [{ exit: { result: 42 } }] }] }),
    );
    const provider = await loadScriptedProvider('demo.json', { cwd: dir });
    const response = await provider.complete(
      makeRequest({ caller: { pid: 'p', goal: 'x', name: 'n' } }),
    );
    expect(response.toolCalls[0]).toMatchObject({ name: 'exit', arguments: { result: 42 } });
  });

  it('reports a missing file as NOT_FOUND without the host path', async () => {
    const error = await expectModelError(
      loadScriptedProvider('nope.yaml', { cwd: dir }),
      'NOT_FOUND',
    );
    expect(error.message).toContain('nope.yaml');
    expect(error.message).not.toContain(dir);
  });

  it('reports broken YAML as INVALID_INPUT with the line', async () => {
    await writeFile(join(dir, 'broken.yaml'), 'agents:\n  - goal: g\n    calls: [\n');
    const error = await expectModelError(
      loadScriptedProvider('broken.yaml', { cwd: dir }),
      'INVALID_INPUT',
    );
    expect(error.details.line).toBeTypeOf('number');
    expect(error.message).toContain('not valid YAML');
  });

  it('reports an invalid script in a file with the field path', async () => {
    await writeFile(join(dir, 'bad.yaml'), 'agents:\n  - goal: g\n    calls:\n      - {}\n');
    const error = await expectModelError(
      loadScriptedProvider('bad.yaml', { cwd: dir }),
      'INVALID_INPUT',
    );
    expect(error.message).toContain('scripted:bad.yaml');
    expect(error.details.field).toBe('agents[0].calls[0]');
  });
});
