// One answer in each wire format, unstreamed (a JSON body) and streamed (Server-Sent Events).

/** A provider-neutral answer to put on the wire. */
export interface WireAnswer {
  readonly text: string | null;
  /** Tool calls with their argument text exactly as the model wrote it (maybe not JSON). */
  readonly calls: readonly { readonly id: string; readonly name: string; readonly args: string }[];
  readonly stop: 'end' | 'tool_calls' | 'max_tokens';
  readonly usage: { readonly input: number; readonly output: number };
  readonly model: string;
}

/** One server-sent event: an optional event name and its data (JSON, or raw text as given). */
export interface SseEvent {
  readonly event?: string;
  readonly data: unknown;
}

/** The text/event-stream form of `events` (`data` that is a string is sent as it is). */
export function sseText(events: readonly SseEvent[]): string {
  return events
    .map((e) => {
      const data = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
      return `${e.event === undefined ? '' : `event: ${e.event}\n`}data: ${data}\n\n`;
    })
    .join('');
}

/** `text` as UTF-8 bytes cut every `size` bytes (so multi-byte characters are split too). */
export function splitBytes(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

/** `text` in pieces of at most 3 characters (code points), as a model streams tokens. */
export function pieces(text: string): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let at = 0; at < chars.length; at += 3) out.push(chars.slice(at, at + 3).join(''));
  return out;
}

// ---- OpenAI Responses ----------------------------------------------------------------------

/** The Responses body of `answer`. */
export function responsesBody(answer: WireAnswer): unknown {
  const output: unknown[] = [];
  if (answer.text !== null)
    output.push({
      type: 'message',
      id: 'msg_1',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: answer.text, annotations: [] }],
    });
  answer.calls.forEach((call, i) =>
    output.push({
      type: 'function_call',
      id: `fc_${i}`,
      call_id: call.id,
      name: call.name,
      arguments: call.args,
      status: 'completed',
    }),
  );
  const truncated = answer.stop === 'max_tokens';
  return {
    id: 'resp_1',
    object: 'response',
    created_at: 1_700_000_000,
    status: truncated ? 'incomplete' : 'completed',
    incomplete_details: truncated ? { reason: 'max_output_tokens' } : null,
    model: answer.model,
    output,
    usage: {
      input_tokens: answer.usage.input,
      output_tokens: answer.usage.output,
      total_tokens: answer.usage.input + answer.usage.output,
    },
  };
}

/** The Responses stream of `answer`, ending with the terminal event carrying the whole body. */
export function responsesEvents(answer: WireAnswer): SseEvent[] {
  let seq = 0;
  const ev = (type: string, data: Record<string, unknown>): SseEvent => ({
    event: type,
    data: { type, sequence_number: seq++, ...data },
  });
  const body = responsesBody(answer) as { status: string };
  const events: SseEvent[] = [
    ev('response.created', { response: { ...body, status: 'in_progress', output: [] } }),
  ];
  let index = 0;
  if (answer.text !== null) {
    const item = { type: 'message', id: 'msg_1', role: 'assistant', content: [] };
    events.push(ev('response.output_item.added', { output_index: index, item }));
    for (const delta of pieces(answer.text))
      events.push(
        ev('response.output_text.delta', {
          item_id: 'msg_1',
          output_index: index,
          content_index: 0,
          delta,
        }),
      );
    events.push(ev('response.output_text.done', { output_index: index, text: answer.text }));
    index += 1;
  }
  answer.calls.forEach((call, i) => {
    const item = { type: 'function_call', id: `fc_${i}`, call_id: call.id, name: call.name };
    events.push(
      ev('response.output_item.added', { output_index: index, item: { ...item, arguments: '' } }),
    );
    for (const delta of pieces(call.args))
      events.push(
        ev('response.function_call_arguments.delta', {
          item_id: `fc_${i}`,
          output_index: index,
          delta,
        }),
      );
    events.push(ev('response.output_item.done', { output_index: index, item }));
    index += 1;
  });
  const terminal = body.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
  events.push(ev(terminal, { response: body }));
  return events;
}

// ---- OpenAI Chat Completions ---------------------------------------------------------------

const FINISH = { end: 'stop', tool_calls: 'tool_calls', max_tokens: 'length' } as const;

/** The Chat Completions body of `answer`. */
export function chatBody(answer: WireAnswer): unknown {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: answer.model,
    choices: [
      {
        index: 0,
        finish_reason: FINISH[answer.stop],
        logprobs: null,
        message: {
          role: 'assistant',
          content: answer.text,
          ...(answer.calls.length === 0
            ? {}
            : {
                tool_calls: answer.calls.map((call) => ({
                  id: call.id,
                  type: 'function',
                  function: { name: call.name, arguments: call.args },
                })),
              }),
        },
      },
    ],
    usage: {
      prompt_tokens: answer.usage.input,
      completion_tokens: answer.usage.output,
      total_tokens: answer.usage.input + answer.usage.output,
    },
  };
}

/** The Chat Completions chunks of `answer`: text, tool calls, finish, usage, `[DONE]`. */
export function chatEvents(answer: WireAnswer, options: { usage?: boolean } = {}): SseEvent[] {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): SseEvent => ({
    data: {
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: answer.model,
      choices,
      ...extra,
    },
  });
  const delta = (d: Record<string, unknown>, finish: string | null = null): unknown => ({
    index: 0,
    delta: d,
    finish_reason: finish,
  });
  const events: SseEvent[] = [chunk([delta({ role: 'assistant', content: '' })])];
  for (const text of pieces(answer.text ?? '')) events.push(chunk([delta({ content: text })]));
  answer.calls.forEach((call, i) => {
    const start = { index: i, id: call.id, type: 'function', function: { name: call.name } };
    events.push(
      chunk([
        delta({ tool_calls: [{ ...start, function: { ...start.function, arguments: '' } }] }),
      ]),
    );
    for (const args of pieces(call.args))
      events.push(chunk([delta({ tool_calls: [{ index: i, function: { arguments: args } }] })]));
  });
  events.push(chunk([delta({}, FINISH[answer.stop])]));
  if (options.usage !== false)
    events.push(
      chunk([], {
        usage: {
          prompt_tokens: answer.usage.input,
          completion_tokens: answer.usage.output,
          total_tokens: answer.usage.input + answer.usage.output,
        },
      }),
    );
  events.push({ data: '[DONE]' });
  return events;
}

// ---- Anthropic Messages --------------------------------------------------------------------

const STOP = { end: 'end_turn', tool_calls: 'tool_use', max_tokens: 'max_tokens' } as const;

/** The Messages body of `answer` (tool inputs must then be JSON objects). */
export function messagesBody(answer: WireAnswer): unknown {
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: answer.model,
    content: [
      ...(answer.text === null ? [] : [{ type: 'text', text: answer.text }]),
      ...answer.calls.map((call) => ({
        type: 'tool_use',
        id: call.id,
        name: call.name,
        input: call.args === '' ? {} : (JSON.parse(call.args) as unknown),
      })),
    ],
    stop_reason: STOP[answer.stop],
    stop_sequence: null,
    usage: { input_tokens: answer.usage.input, output_tokens: answer.usage.output },
  };
}

/** The Messages stream of `answer`: start, blocks with their deltas, a ping, delta, stop. */
export function messagesEvents(answer: WireAnswer): SseEvent[] {
  const ev = (type: string, data: Record<string, unknown>): SseEvent => ({
    event: type,
    data: { type, ...data },
  });
  const events: SseEvent[] = [
    ev('message_start', {
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: answer.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: answer.usage.input, output_tokens: 1 },
      },
    }),
    ev('ping', {}),
  ];
  let index = 0;
  if (answer.text !== null) {
    events.push(ev('content_block_start', { index, content_block: { type: 'text', text: '' } }));
    for (const text of pieces(answer.text))
      events.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text } }));
    events.push(ev('content_block_stop', { index }));
    index += 1;
  }
  for (const call of answer.calls) {
    events.push(
      ev('content_block_start', {
        index,
        content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} },
      }),
    );
    for (const partial of pieces(call.args))
      events.push(
        ev('content_block_delta', {
          index,
          delta: { type: 'input_json_delta', partial_json: partial },
        }),
      );
    events.push(ev('content_block_stop', { index }));
    index += 1;
  }
  events.push(
    ev('message_delta', {
      delta: { stop_reason: STOP[answer.stop], stop_sequence: null },
      usage: { output_tokens: answer.usage.output },
    }),
    ev('message_stop', {}),
  );
  return events;
}
