// The OpenAI Chat Completions adapter against a loopback server: wire shape and parsing.
import { describe, expect, it } from 'vitest';
import { createOpenAIProvider } from '../../src/models/openai/create-openai-provider.js';
import { CHAT } from './dialects.js';
import { READ_FILE_TOOL, TRANSCRIPT, expectModelError, makeRequest } from './fixtures.js';
import { startLoopbackServer } from './loopback-server.js';

function completion(message: Record<string, unknown>, finishReason: string): unknown {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'llama-test',
    choices: [
      { index: 0, finish_reason: finishReason, message: { role: 'assistant', ...message } },
    ],
    usage: { prompt_tokens: 80, completion_tokens: 12, total_tokens: 92 },
  };
}

describe('OpenAI Chat Completions adapter', () => {
  it('has the id openai-chat:<model>', () => {
    expect(CHAT.create('http://127.0.0.1:1').id).toBe('openai-chat:llama-test');
  });

  it('sends system, user, assistant tool_calls and role tool messages with tool_call_id', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: CHAT.toolCallBody(),
    }));
    await CHAT.create(server.url).complete(makeRequest({ messages: TRANSCRIPT }));
    const call = (id: string, name: string, args: string): unknown => ({
      id,
      type: 'function',
      function: { name, arguments: args },
    });
    expect(server.requests[0]!.body).toEqual({
      model: 'llama-test',
      // A custom base URL means a compatible server, which knows max_tokens.
      max_tokens: 256,
      tools: [
        {
          type: 'function',
          function: {
            name: 'read_file',
            description: 'Reads a file.',
            parameters: READ_FILE_TOOL.parameters,
          },
        },
      ],
      messages: [
        { role: 'system', content: 'You are a test agent.' },
        { role: 'user', content: 'Summarize README.md' },
        {
          role: 'assistant',
          content: 'Reading it.',
          tool_calls: [
            call('call_1', 'read_file', '{"path":"README.md"}'),
            call('call_2', 'list_dir', '{"path": '),
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '# Title' },
        {
          role: 'tool',
          tool_call_id: 'call_2',
          content: '{"code":"INVALID_INPUT","message":"Arguments are not valid JSON"}',
        },
        { role: 'user', content: 'Go on' },
        { role: 'assistant', content: null, tool_calls: [call('call_3', 'read_file', '{}')] },
        { role: 'tool', tool_call_id: 'call_3', content: 'x' },
      ],
    });
  });

  it('sends max_completion_tokens when told to, and no tools or system when there are none', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: CHAT.toolCallBody(),
    }));
    const provider = createOpenAIProvider({
      model: 'gpt-test',
      api: 'chat',
      env: {},
      baseURL: `${server.url}/v1`,
      maxTokensField: 'max_completion_tokens',
    });
    await provider.complete(makeRequest({ system: '', tools: [] }));
    expect(server.requests[0]!.body).toEqual({
      model: 'gpt-test',
      max_completion_tokens: 256,
      messages: [{ role: 'user', content: 'Summarize README.md' }],
    });
    // No key in the env and a custom base URL: a placeholder, never a real key.
    expect(server.requests[0]!.headers.authorization).toBe('Bearer no-key');
  });

  it('parses several tool calls, with malformed arguments kept raw', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: completion(
        {
          content: 'Reading both.',
          tool_calls: [
            {
              id: 'call_a',
              type: 'function',
              function: { name: 'read_file', arguments: '{"path":"a"}' },
            },
            {
              id: 'call_b',
              type: 'function',
              function: { name: 'read_file', arguments: '{path: b}' },
            },
          ],
        },
        'tool_calls',
      ),
    }));
    const response = await CHAT.create(server.url).complete(makeRequest());
    expect(response).toEqual({
      text: 'Reading both.',
      toolCalls: [
        { id: 'call_a', name: 'read_file', arguments: { path: 'a' } },
        { id: 'call_b', name: 'read_file', arguments: { __malformed: '{path: b}' } },
      ],
      usage: { inputTokens: 80, outputTokens: 12 },
      stopReason: 'tool_calls',
      model: 'llama-test',
    });
  });

  it('accepts Ollama-style object arguments next to finish_reason stop', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: completion(
        {
          content: '',
          tool_calls: [
            {
              id: 'call_x',
              type: 'function',
              function: { name: 'read_file', arguments: { path: 'a' } },
            },
          ],
        },
        'stop',
      ),
    }));
    const response = await CHAT.create(server.url).complete(makeRequest());
    expect(response).toMatchObject({
      text: null,
      toolCalls: [{ id: 'call_x', name: 'read_file', arguments: { path: 'a' } }],
      stopReason: 'tool_calls',
    });
  });

  it('parses a plain final answer, and length as max_tokens', async () => {
    await using server = await startLoopbackServer((request) => {
      const messages = (request.body as { messages: unknown[] }).messages;
      return {
        status: 200,
        json: completion({ content: 'All done.' }, messages.length > 2 ? 'length' : 'stop'),
      };
    });
    const provider = CHAT.create(server.url);
    expect(await provider.complete(makeRequest())).toMatchObject({
      text: 'All done.',
      toolCalls: [],
      stopReason: 'end',
    });
    expect(await provider.complete(makeRequest({ messages: TRANSCRIPT }))).toMatchObject({
      stopReason: 'max_tokens',
    });
  });

  it('maps a completion with no choices to MODEL_BAD_RESPONSE', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: {
        id: 'c',
        model: 'llama-test',
        choices: [],
        usage: { prompt_tokens: 1, completion_tokens: 0 },
      },
    }));
    const error = await expectModelError(
      CHAT.create(server.url).complete(makeRequest()),
      'MODEL_BAD_RESPONSE',
    );
    expect(error.message).toContain('choices');
  });

  it("maps llama.cpp's exceed_context_size_error to CONTEXT_OVERFLOW", async () => {
    await using server = await startLoopbackServer(() => ({
      status: 400,
      json: {
        error: {
          code: 400,
          type: 'exceed_context_size_error',
          message: 'the request exceeds the available context size, try increasing it',
        },
      },
    }));
    await expectModelError(CHAT.create(server.url).complete(makeRequest()), 'CONTEXT_OVERFLOW');
  });
});
