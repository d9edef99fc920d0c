// The Anthropic Messages adapter against a loopback server: wire shape and parsing.
import { describe, expect, it } from 'vitest';
import { createAnthropicProvider } from '../../src/models/anthropic/create-anthropic-provider.js';
import { MESSAGES } from './dialects.js';
import {
  DUMMY_ANTHROPIC_KEY,
  READ_FILE_TOOL,
  TRANSCRIPT,
  expectModelError,
  makeRequest,
} from './fixtures.js';
import { startLoopbackServer } from './loopback-server.js';

function message(fields: Record<string, unknown>): unknown {
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-test-20250101',
    stop_sequence: null,
    usage: { input_tokens: 100, output_tokens: 20 },
    ...fields,
  };
}

describe('Anthropic Messages adapter', () => {
  it('has the id anthropic:<model>', () => {
    expect(MESSAGES.create('http://127.0.0.1:1').id).toBe('anthropic:claude-test');
  });

  it('sends system top-level, tool_use blocks, and tool results batched into one user message', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: MESSAGES.toolCallBody(),
    }));
    await MESSAGES.create(server.url).complete(makeRequest({ messages: TRANSCRIPT }));
    const request = server.requests[0]!;
    // SDK v1 sends the key as a bearer token; older ones used x-api-key.
    const sent = request.headers.authorization ?? request.headers['x-api-key'];
    expect([`Bearer ${DUMMY_ANTHROPIC_KEY}`, DUMMY_ANTHROPIC_KEY]).toContain(sent);
    expect(request.headers['anthropic-version']).toBeTypeOf('string');
    expect(request.body).toEqual({
      model: 'claude-test',
      max_tokens: 256,
      system: 'You are a test agent.',
      tools: [
        {
          name: 'read_file',
          description: 'Reads a file.',
          input_schema: READ_FILE_TOOL.parameters,
        },
      ],
      messages: [
        { role: 'user', content: 'Summarize README.md' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Reading it.' },
            { type: 'tool_use', id: 'call_1', name: 'read_file', input: { path: 'README.md' } },
            {
              type: 'tool_use',
              id: 'call_2',
              name: 'list_dir',
              input: { __malformed: '{"path": ' },
            },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: '# Title', is_error: false },
            {
              type: 'tool_result',
              tool_use_id: 'call_2',
              content: '{"code":"INVALID_INPUT","message":"Arguments are not valid JSON"}',
              is_error: true,
            },
            // The user turn after the results joins their message, so roles keep alternating.
            { type: 'text', text: 'Go on' },
          ],
        },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'call_3', name: 'read_file', input: {} }],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'call_3', content: 'x', is_error: false }],
        },
      ],
    });
  });

  it('leaves out system and tools when there are none', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: MESSAGES.toolCallBody(),
    }));
    await MESSAGES.create(server.url).complete(makeRequest({ system: '', tools: [] }));
    const body = server.requests[0]!.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['max_tokens', 'messages', 'model']);
  });

  it('parses text and tool_use blocks, counting cached input tokens as input', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: message({
        content: [
          { type: 'text', text: 'Reading both.' },
          { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'a' } },
          { type: 'tool_use', id: 'toolu_2', name: 'read_file', input: { path: 'b' } },
        ],
        stop_reason: 'tool_use',
        usage: {
          input_tokens: 100,
          output_tokens: 20,
          cache_creation_input_tokens: 5,
          cache_read_input_tokens: 10,
        },
      }),
    }));
    const response = await MESSAGES.create(server.url).complete(makeRequest());
    expect(response).toEqual({
      text: 'Reading both.',
      toolCalls: [
        { id: 'toolu_1', name: 'read_file', arguments: { path: 'a' } },
        { id: 'toolu_2', name: 'read_file', arguments: { path: 'b' } },
      ],
      usage: { inputTokens: 115, outputTokens: 20 },
      stopReason: 'tool_calls',
      model: 'claude-test-20250101',
    });
  });

  it.each([
    ['end_turn', 'end'],
    ['stop_sequence', 'end'],
    ['max_tokens', 'max_tokens'],
  ] as const)('maps stop_reason %s of a text answer to %s', async (stopReason, expected) => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: message({ content: [{ type: 'text', text: 'Done.' }], stop_reason: stopReason }),
    }));
    const response = await MESSAGES.create(server.url).complete(makeRequest());
    expect(response).toMatchObject({ text: 'Done.', toolCalls: [], stopReason: expected });
  });

  it('maps a tool_use block without an id to MODEL_BAD_RESPONSE naming it', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: message({
        content: [{ type: 'tool_use', name: 'read_file', input: {} }],
        stop_reason: 'tool_use',
      }),
    }));
    const error = await expectModelError(
      MESSAGES.create(server.url).complete(makeRequest()),
      'MODEL_BAD_RESPONSE',
    );
    expect(error.message).toContain('content[0].id');
  });

  it('refuses to start without ANTHROPIC_API_KEY, naming the variable', () => {
    expect(() => createAnthropicProvider({ model: 'claude-test', env: {} })).toThrow(
      /ANTHROPIC_API_KEY is not set/,
    );
  });
});
