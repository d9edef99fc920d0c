// The OpenAI Responses adapter against a loopback server: request wire shape and answer parsing.
import { describe, expect, it } from 'vitest';
import { RESPONSES } from './dialects.js';
import { READ_FILE_TOOL, TRANSCRIPT, expectModelError, makeRequest } from './fixtures.js';
import { startLoopbackServer } from './loopback-server.js';

const usage = { input_tokens: 10, output_tokens: 5, total_tokens: 15 };

function responseBody(fields: Record<string, unknown>): unknown {
  return {
    id: 'resp_1',
    object: 'response',
    created_at: 1_700_000_000,
    status: 'completed',
    model: 'gpt-test-2025-01-01',
    usage,
    ...fields,
  };
}

describe('OpenAI Responses adapter', () => {
  it('has the id openai:<model>', () => {
    expect(RESPONSES.create('http://127.0.0.1:1').id).toBe('openai:gpt-test');
  });

  it('sends the transcript as message, function_call and function_call_output items', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: RESPONSES.toolCallBody(),
    }));
    await RESPONSES.create(server.url).complete(makeRequest({ messages: TRANSCRIPT }));
    expect(server.requests[0]!.body).toEqual({
      model: 'gpt-test',
      instructions: 'You are a test agent.',
      max_output_tokens: 256,
      store: false,
      tools: [
        {
          type: 'function',
          name: 'read_file',
          description: 'Reads a file.',
          parameters: READ_FILE_TOOL.parameters,
          strict: false,
        },
      ],
      input: [
        { type: 'message', role: 'user', content: 'Summarize README.md' },
        { type: 'message', role: 'assistant', content: 'Reading it.' },
        {
          type: 'function_call',
          call_id: 'call_1',
          name: 'read_file',
          arguments: '{"path":"README.md"}',
        },
        // Malformed arguments go back exactly as the model wrote them.
        { type: 'function_call', call_id: 'call_2', name: 'list_dir', arguments: '{"path": ' },
        { type: 'function_call_output', call_id: 'call_1', output: '# Title' },
        {
          type: 'function_call_output',
          call_id: 'call_2',
          output: '{"code":"INVALID_INPUT","message":"Arguments are not valid JSON"}',
        },
        { type: 'message', role: 'user', content: 'Go on' },
        { type: 'function_call', call_id: 'call_3', name: 'read_file', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_3', output: 'x' },
      ],
    });
  });

  it('leaves out instructions and tools when there are none', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: RESPONSES.toolCallBody(),
    }));
    await RESPONSES.create(server.url).complete(makeRequest({ system: '', tools: [] }));
    const body = server.requests[0]!.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['input', 'max_output_tokens', 'model', 'store']);
  });

  it('parses text, several function calls and malformed arguments, skipping reasoning items', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: responseBody({
        output: [
          { type: 'reasoning', id: 'rs_1', summary: [] },
          {
            type: 'message',
            id: 'msg_1',
            role: 'assistant',
            status: 'completed',
            content: [{ type: 'output_text', text: 'Let me look.', annotations: [] }],
          },
          {
            type: 'function_call',
            id: 'fc_1',
            call_id: 'call_a',
            name: 'read_file',
            arguments: '{"path":"a.md"}',
          },
          {
            type: 'function_call',
            id: 'fc_2',
            call_id: 'call_b',
            name: 'read_file',
            arguments: '{"path": "b.md"',
          },
        ],
      }),
    }));
    const response = await RESPONSES.create(server.url).complete(makeRequest());
    expect(response).toEqual({
      text: 'Let me look.',
      toolCalls: [
        { id: 'call_a', name: 'read_file', arguments: { path: 'a.md' } },
        { id: 'call_b', name: 'read_file', arguments: { __malformed: '{"path": "b.md"' } },
      ],
      usage: { inputTokens: 10, outputTokens: 5 },
      stopReason: 'tool_calls',
      model: 'gpt-test-2025-01-01',
    });
  });

  it('parses a plain final answer', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: responseBody({
        output: [
          {
            type: 'message',
            id: 'msg_1',
            role: 'assistant',
            status: 'completed',
            content: [
              { type: 'output_text', text: 'The README ', annotations: [] },
              { type: 'output_text', text: 'says hello.', annotations: [] },
            ],
          },
        ],
      }),
    }));
    const response = await RESPONSES.create(server.url).complete(makeRequest());
    expect(response).toMatchObject({
      text: 'The README says hello.',
      toolCalls: [],
      stopReason: 'end',
    });
  });

  it('reports an output cut off by max_output_tokens as max_tokens', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: responseBody({
        status: 'incomplete',
        incomplete_details: { reason: 'max_output_tokens' },
        output: [],
      }),
    }));
    const response = await RESPONSES.create(server.url).complete(makeRequest());
    expect(response).toMatchObject({ text: null, stopReason: 'max_tokens' });
  });

  it('maps a 200 whose status is failed with server_error to MODEL_UNAVAILABLE', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: responseBody({
        status: 'failed',
        error: { code: 'server_error', message: 'boom' },
        output: [],
      }),
    }));
    await expectModelError(
      RESPONSES.create(server.url).complete(makeRequest()),
      'MODEL_UNAVAILABLE',
    );
  });

  it('maps a function_call item without call_id to MODEL_BAD_RESPONSE naming it', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: responseBody({
        output: [{ type: 'function_call', id: 'fc_1', name: 'read_file', arguments: '{}' }],
      }),
    }));
    const error = await expectModelError(
      RESPONSES.create(server.url).complete(makeRequest()),
      'MODEL_BAD_RESPONSE',
    );
    expect(error.message).toContain('output[0].call_id');
  });
});
