// createModelProvider: spec parsing, keys only from the env option, base URLs, scripted files.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelProvider } from '../../src/models/create-provider.js';
import { MESSAGES, RESPONSES } from './dialects.js';
import {
  DUMMY_ANTHROPIC_KEY,
  DUMMY_OPENAI_KEY,
  expectModelError,
  makeRequest,
} from './fixtures.js';
import { startLoopbackServer } from './loopback-server.js';

describe('createModelProvider', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'libos-create-provider-'));
    await writeFile(join(dir, 'demo.yaml'), 'agents:\n  - goal: g\n    calls:\n      - exit: {}\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['openai:gpt-4.1-mini', { OPENAI_API_KEY: DUMMY_OPENAI_KEY }, 'openai:gpt-4.1-mini'],
    ['openai-chat:gpt-4.1-mini', { OPENAI_API_KEY: DUMMY_OPENAI_KEY }, 'openai-chat:gpt-4.1-mini'],
    [
      'anthropic:claude-sonnet-4-5',
      { ANTHROPIC_API_KEY: DUMMY_ANTHROPIC_KEY },
      'anthropic:claude-sonnet-4-5',
    ],
    ['scripted:demo.yaml', {}, 'scripted:demo.yaml'],
  ])('builds %s', async (spec, env, id) => {
    const provider = await createModelProvider(spec, { env, cwd: dir });
    expect(provider.id).toBe(id);
  });

  it.each(['', 'gpt-4', 'openai:', 'mistral:large', 'scripted:  '])(
    'rejects the spec %j with INVALID_INPUT',
    async (spec) => {
      const error = await expectModelError(
        createModelProvider(spec, { env: {}, cwd: dir }),
        'INVALID_INPUT',
      );
      expect(error.message).toContain('openai:<model>');
    },
  );

  it.each([
    ['openai:gpt-4.1-mini', 'OPENAI_API_KEY'],
    ['openai-chat:gpt-4.1-mini', 'OPENAI_API_KEY'],
    ['anthropic:claude-sonnet-4-5', 'ANTHROPIC_API_KEY'],
  ])('refuses %s without %s, naming the variable', async (spec, variable) => {
    // The other provider's key is set, to show keys are not mixed up or echoed.
    const env = { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: undefined, OTHER: DUMMY_OPENAI_KEY };
    const error = await expectModelError(
      createModelProvider(spec, { env, cwd: dir }),
      'INVALID_INPUT',
    );
    expect(error.message).toContain(variable);
    expect(error.details).toEqual({ variable });
    expect(error.message).not.toContain(DUMMY_OPENAI_KEY);
  });

  it('reports a missing scripted file as NOT_FOUND', async () => {
    await expectModelError(
      createModelProvider('scripted:missing.yaml', { env: {}, cwd: dir }),
      'NOT_FOUND',
    );
  });

  it('uses the baseURL option, with no key needed for a custom server', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: RESPONSES.toolCallBody(),
    }));
    const provider = await createModelProvider('openai:gpt-test', {
      env: {},
      cwd: dir,
      baseURL: `${server.url}/v1`,
    });
    const response = await provider.complete(makeRequest());
    expect(response.toolCalls[0]!.name).toBe('read_file');
    expect(server.requests[0]!.path).toBe('/v1/responses');
  });

  it('falls back to ANTHROPIC_BASE_URL from the env option, and the key from it too', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: MESSAGES.toolCallBody(),
    }));
    const provider = await createModelProvider('anthropic:claude-test', {
      env: { ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: DUMMY_ANTHROPIC_KEY },
      cwd: dir,
    });
    await provider.complete(makeRequest());
    const headers = server.requests[0]!.headers;
    expect(headers.authorization ?? headers['x-api-key']).toContain(DUMMY_ANTHROPIC_KEY);
  });
});
