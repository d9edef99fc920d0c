// Streaming through every HTTP adapter over a real loopback server: the streamed answer equals the
// unstreamed one, bodies split at any byte, and cut, garbled or failing streams are model errors.
import { describe, expect, it } from 'vitest';
import type { ModelDelta, ModelResponse } from '../../src/ports/model-provider.js';
import { chatEvents, sseText, splitBytes, type SseEvent, type WireAnswer } from './answer-wire.js';
import { CHAT, DIALECTS, MESSAGES, RESPONSES, type Dialect } from './dialects.js';
import { expectModelError, makeRequest } from './fixtures.js';
import { startLoopbackServer, type LoopbackReply, type StreamStep } from './loopback-server.js';

const TEXT_ONLY: WireAnswer = {
  text: 'Héllo — the file says 日本語 and 🎉 twice: 🎉.',
  calls: [],
  stop: 'end',
  usage: { input: 321, output: 45 },
  model: 'model-2025-01-01',
};

const TEXT_AND_CALLS: WireAnswer = {
  text: 'Reading both files.',
  calls: [
    { id: 'call_a', name: 'read_file', args: '{"path":"README.md","note":"ünïcode ✓"}' },
    { id: 'call_b', name: 'list_dir', args: '{"path":"src/models","depth":2}' },
  ],
  stop: 'tool_calls',
  usage: { input: 1200, output: 80 },
  model: 'model-2025-01-01',
};

const CALL_ONLY: WireAnswer = {
  text: null,
  calls: [{ id: 'call_c', name: 'exit', args: '{"result":"done"}' }],
  stop: 'tool_calls',
  usage: { input: 10, output: 5 },
  model: 'model-2025-01-01',
};

const TRUNCATED: WireAnswer = {
  text: 'This answer was cut off at the tok',
  calls: [],
  stop: 'max_tokens',
  usage: { input: 50, output: 256 },
  model: 'model-2025-01-01',
};

const ANSWERS = [TEXT_ONLY, TEXT_AND_CALLS, CALL_ONLY, TRUNCATED];

/** Calls `dialect` streamed against `reply` and returns the answer and the deltas it reported. */
async function streamed(
  dialect: Dialect,
  reply: LoopbackReply,
): Promise<{ response: ModelResponse; deltas: ModelDelta[]; body: unknown }> {
  await using server = await startLoopbackServer(() => reply);
  const deltas: ModelDelta[] = [];
  const response = await dialect
    .create(server.url)
    .complete(makeRequest({ onDelta: (d) => deltas.push(d) }));
  return { response, deltas, body: server.requests[0]?.body };
}

async function unstreamed(dialect: Dialect, answer: WireAnswer): Promise<ModelResponse> {
  await using server = await startLoopbackServer(() => ({
    status: 200,
    json: dialect.answerBody(answer),
  }));
  return await dialect.create(server.url).complete(makeRequest());
}

/** The text and each tool call's argument text the deltas add up to. */
function joinDeltas(deltas: readonly ModelDelta[]): { text: string; calls: [string, string][] } {
  let text = '';
  const calls: [string, string][] = [];
  for (const d of deltas) {
    if (d.kind === 'text') text += d.text;
    else {
      const call = (calls[d.index] ??= ['', '']);
      if (d.name !== null) call[0] = d.name;
      call[1] += d.arguments;
    }
  }
  return { text, calls };
}

/** The events as stream steps, each event its own chunk. */
const eventSteps = (events: readonly SseEvent[]): StreamStep[] => events.map((e) => sseText([e]));

describe.each(DIALECTS)('$name streaming', (dialect) => {
  it.each(ANSWERS.map((answer) => [answer.stop, answer.text ?? '(no text)', answer] as const))(
    'gives exactly the unstreamed answer (%s: %s)',
    async (_stop, _text, answer) => {
      const expected = await unstreamed(dialect, answer);
      const { response, deltas, body } = await streamed(dialect, {
        stream: eventSteps(dialect.answerEvents(answer)),
      });
      expect(response).toStrictEqual(expected);
      // The deltas add up to the answer's text and each call's name and argument text.
      const joined = joinDeltas(deltas);
      expect(joined.text).toBe(answer.text ?? '');
      expect(joined.calls).toStrictEqual(answer.calls.map((c) => [c.name, c.args]));
      expect(body).toMatchObject({ stream: true });
    },
  );

  it('sends no stream flag and reports no delta when nobody watches', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 200,
      json: dialect.answerBody(TEXT_ONLY),
    }));
    await dialect.create(server.url).complete(makeRequest());
    expect(server.requests[0]?.body).not.toHaveProperty('stream');
  });

  it.each([1, 2, 3, 5, 7, 13])(
    'reads a body cut every %i bytes, through multi-byte characters',
    async (size) => {
      const expected = await unstreamed(dialect, TEXT_AND_CALLS);
      const text = sseText(dialect.answerEvents(TEXT_AND_CALLS));
      const { response } = await streamed(dialect, { stream: splitBytes(text, size) });
      expect(response).toStrictEqual(expected);
      const emoji = await streamed(dialect, {
        stream: splitBytes(sseText(dialect.answerEvents(TEXT_ONLY)), size),
      });
      expect(emoji.response.text).toBe(TEXT_ONLY.text);
    },
  );

  it('reads events split across lines ending in CRLF', async () => {
    const expected = await unstreamed(dialect, TEXT_AND_CALLS);
    const text = sseText(dialect.answerEvents(TEXT_AND_CALLS)).replaceAll('\n', '\r\n');
    const { response } = await streamed(dialect, { stream: splitBytes(text, 4) });
    expect(response).toStrictEqual(expected);
  });

  it('maps a connection cut mid-stream to retryable MODEL_UNAVAILABLE (interrupted), after the deltas so far', async () => {
    const events = dialect.answerEvents(TEXT_AND_CALLS);
    await using server = await startLoopbackServer(() => ({
      stream: [...eventSteps(events.slice(0, 5)), { cut: true }],
    }));
    const deltas: ModelDelta[] = [];
    const error = await expectModelError(
      dialect.create(server.url).complete(makeRequest({ onDelta: (d) => deltas.push(d) })),
      'MODEL_UNAVAILABLE',
    );
    expect(error.retryable).toBe(true);
    expect(error.details).toMatchObject({ reason: 'interrupted' });
    expect(deltas.length).toBeGreaterThan(0);
  });

  it('maps a stream that ends before the answer is complete to MODEL_UNAVAILABLE (interrupted)', async () => {
    const events = dialect.answerEvents(TEXT_AND_CALLS);
    // Everything but the events that complete the answer, then a clean end of the body.
    const cut = dialect === CHAT ? events.length - 3 : events.length - 1;
    await using server = await startLoopbackServer(() => ({
      stream: eventSteps(events.slice(0, cut)),
    }));
    const error = await expectModelError(
      dialect.create(server.url).complete(makeRequest({ onDelta: () => undefined })),
      'MODEL_UNAVAILABLE',
    );
    expect(error.details).toMatchObject({ reason: 'interrupted' });
  });

  it('maps a chunk that is not JSON to MODEL_BAD_RESPONSE, not retryable', async () => {
    const events = dialect.answerEvents(TEXT_ONLY);
    await using server = await startLoopbackServer(() => ({
      stream: [
        ...eventSteps(events.slice(0, 3)),
        sseText([{ ...events[3], data: '{"type": "content_block_delta", "delta": {' }]),
        ...eventSteps(events.slice(3)),
      ],
    }));
    const error = await expectModelError(
      dialect.create(server.url).complete(makeRequest({ onDelta: () => undefined })),
      'MODEL_BAD_RESPONSE',
    );
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain('content_block_delta');
  });

  it('maps a chunk of the wrong shape to MODEL_BAD_RESPONSE naming the field', async () => {
    const events = dialect.answerEvents(TEXT_ONLY);
    const wrong: SseEvent =
      dialect === CHAT
        ? { data: { id: 'x', choices: [{ index: 0, delta: { content: 42 } }] } }
        : dialect === RESPONSES
          ? { event: 'response.output_text.delta', data: { type: 'response.output_text.delta' } }
          : { event: 'content_block_delta', data: { type: 'content_block_delta', index: 'x' } };
    await using server = await startLoopbackServer(() => ({
      stream: eventSteps([...events.slice(0, 3), wrong, ...events.slice(3)]),
    }));
    const error = await expectModelError(
      dialect.create(server.url).complete(makeRequest({ onDelta: () => undefined })),
      'MODEL_BAD_RESPONSE',
    );
    expect(error.message).toMatch(
      /events\[\d\]\.(choices\[0\]\.delta\.content|delta|index) is missing/,
    );
  });

  it.each([
    ['overloaded_error', 'server_error', 'MODEL_UNAVAILABLE', true],
    ['rate_limit_error', 'rate_limit_exceeded', 'MODEL_RATE_LIMITED', true],
    ['invalid_request_error', 'context_length_exceeded', 'CONTEXT_OVERFLOW', false],
  ] as const)(
    'classifies an error event mid-stream (%s) as the same error with a status',
    async (type, code, expected, retryable) => {
      const events = dialect.answerEvents(TEXT_ONLY);
      const message =
        expected === 'CONTEXT_OVERFLOW' ? 'prompt is too long: 210000 tokens' : 'Try later';
      await using server = await startLoopbackServer(() => ({
        stream: eventSteps([...events.slice(0, 3), dialect.errorEvent({ type, code, message })]),
      }));
      const error = await expectModelError(
        dialect.create(server.url).complete(makeRequest({ onDelta: () => undefined })),
        expected,
      );
      expect(error.retryable).toBe(retryable);
    },
  );

  it('classifies an HTTP error before the stream began as unstreamed (429 with retry-after)', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 429,
      headers: { 'retry-after': '4' },
      json: dialect.errorBody({ type: 'rate_limit_error', message: 'Slow down' }),
    }));
    const error = await expectModelError(
      dialect.create(server.url).complete(makeRequest({ onDelta: () => undefined })),
      'MODEL_RATE_LIMITED',
    );
    expect(error.details).toMatchObject({ status: 429, retryAfterMs: 4000 });
  });

  it('gives up on a stream that stalls half-way: MODEL_UNAVAILABLE with reason timeout', async () => {
    const events = dialect.answerEvents(TEXT_ONLY);
    const never = new Promise(() => undefined);
    await using server = await startLoopbackServer(() => ({
      stream: [...eventSteps(events.slice(0, 3)), { wait: never }],
    }));
    const error = await expectModelError(
      dialect
        .create(server.url, { timeoutMs: 300 })
        .complete(makeRequest({ onDelta: () => undefined })),
      'MODEL_UNAVAILABLE',
    );
    expect(error.details.reason).toBe('timeout');
  });

  it('maps the caller aborting mid-stream to CANCELLED', async () => {
    const events = dialect.answerEvents(TEXT_ONLY);
    const controller = new AbortController();
    let sawDelta!: () => void;
    const delta = new Promise<void>((resolve) => (sawDelta = resolve));
    await using server = await startLoopbackServer(() => ({
      stream: [...eventSteps(events.slice(0, 4)), { wait: new Promise(() => undefined) }],
    }));
    const call = dialect.create(server.url).complete(
      makeRequest({
        signal: controller.signal,
        onDelta: () => {
          sawDelta();
        },
      }),
    );
    await delta;
    controller.abort();
    await expectModelError(call, 'CANCELLED');
  });
});

describe('streaming, protocol details', () => {
  it('Chat: asks for the usage chunk, and a server that sends none fails as a body without usage', async () => {
    const { body } = await streamed(CHAT, { stream: eventSteps(chatEvents(TEXT_ONLY)) });
    expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    await using server = await startLoopbackServer(() => ({
      stream: eventSteps(chatEvents(TEXT_ONLY, { usage: false })),
    }));
    const error = await expectModelError(
      CHAT.create(server.url).complete(makeRequest({ onDelta: () => undefined })),
      'MODEL_BAD_RESPONSE',
    );
    expect(error.message).toContain('usage');
  });

  it('Chat: joins tool-call pieces by index even when calls interleave', async () => {
    const chunk = (toolCalls: unknown[]): SseEvent => ({
      data: { model: 'm', choices: [{ index: 0, delta: { tool_calls: toolCalls } }] },
    });
    const events: SseEvent[] = [
      chunk([{ index: 0, id: 'c0', function: { name: 'read_file', arguments: '{"pa' } }]),
      chunk([{ index: 1, id: 'c1', function: { name: 'list_dir', arguments: '{"path"' } }]),
      chunk([{ index: 0, function: { arguments: 'th":"a"}' } }]),
      chunk([{ index: 1, function: { arguments: ':"b"}' } }]),
      { data: { model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] } },
      { data: { model: 'm', choices: [], usage: { prompt_tokens: 3, completion_tokens: 4 } } },
      { data: '[DONE]' },
    ];
    const { response } = await streamed(CHAT, { stream: eventSteps(events) });
    expect(response.toolCalls).toStrictEqual([
      { id: 'c0', name: 'read_file', arguments: { path: 'a' } },
      { id: 'c1', name: 'list_dir', arguments: { path: 'b' } },
    ]);
    expect(response.usage).toStrictEqual({ inputTokens: 3, outputTokens: 4 });
  });

  it('malformed tool-call arguments arrive as __malformed, exactly as unstreamed', async () => {
    const answer: WireAnswer = {
      ...CALL_ONLY,
      calls: [{ id: 'call_m', name: 'read_file', args: '{"path": "a.md"' }],
    };
    for (const dialect of [RESPONSES, CHAT]) {
      const expected = await unstreamed(dialect, answer);
      const { response } = await streamed(dialect, {
        stream: eventSteps(dialect.answerEvents(answer)),
      });
      expect(response).toStrictEqual(expected);
      expect(response.toolCalls[0]?.arguments).toStrictEqual({ __malformed: '{"path": "a.md"' });
    }
    // Anthropic's unstreamed body always carries an object; streamed, the text is parsed alike.
    const { response } = await streamed(MESSAGES, {
      stream: eventSteps(MESSAGES.answerEvents(answer)),
    });
    expect(response.toolCalls[0]?.arguments).toStrictEqual({ __malformed: '{"path": "a.md"' });
  });

  it('Anthropic: usage counts message_start input (with cache) and message_delta output', async () => {
    const events = MESSAGES.answerEvents(TEXT_ONLY).map((e) =>
      (e.data as { type: string }).type === 'message_start'
        ? {
            ...e,
            data: {
              type: 'message_start',
              message: {
                model: 'claude-x',
                content: [],
                usage: {
                  input_tokens: 10,
                  output_tokens: 1,
                  cache_creation_input_tokens: 100,
                  cache_read_input_tokens: 1000,
                },
              },
            },
          }
        : e,
    );
    const { response } = await streamed(MESSAGES, { stream: eventSteps(events) });
    expect(response.usage).toStrictEqual({ inputTokens: 1110, outputTokens: 45 });
  });

  it('Responses: a response.failed event is the same error as a failed response body', async () => {
    const failed = {
      id: 'resp_1',
      status: 'failed',
      error: { code: 'rate_limit_exceeded', message: 'slow down' },
      output: [],
      usage: { input_tokens: 1, output_tokens: 0 },
    };
    await using server = await startLoopbackServer(() => ({
      stream: eventSteps([
        { event: 'response.created', data: { type: 'response.created', response: failed } },
        { event: 'response.failed', data: { type: 'response.failed', response: failed } },
      ]),
    }));
    await expectModelError(
      RESPONSES.create(server.url).complete(makeRequest({ onDelta: () => undefined })),
      'MODEL_RATE_LIMITED',
    );
  });

  it('an unstreamed body cut half-way is MODEL_UNAVAILABLE (interrupted), like a cut stream', async () => {
    for (const dialect of DIALECTS) {
      const text = JSON.stringify(dialect.toolCallBody());
      await using server = await startLoopbackServer(() => ({
        stream: [text.slice(0, 40), { cut: true }],
        contentType: 'application/json',
      }));
      const error = await expectModelError(
        dialect.create(server.url).complete(makeRequest()),
        'MODEL_UNAVAILABLE',
      );
      expect(error.details.reason).toBe('interrupted');
    }
  });
});
