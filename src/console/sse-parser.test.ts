// The event-stream parser: events split across chunks, CRLF, comments and ids.
import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from './sse-parser.js';

function parse(chunks: readonly string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const push = createSseParser((e) => events.push(e));
  for (const chunk of chunks) push(chunk);
  return events;
}

describe('createSseParser', () => {
  it('dispatches an event at the blank line with its name, data and id', () => {
    expect(parse(['id: 7\nevent: journal\ndata: {"seq":7}\n\n'])).toEqual([
      { event: 'journal', data: '{"seq":7}', id: '7' },
    ]);
  });

  it('joins events split across chunks, even inside a CRLF', () => {
    expect(parse(['id: 1\r', '\nevent: pro', 'cess\r\ndata: {}\r\n\r\n'])).toEqual([
      { event: 'process', data: '{}', id: '1' },
    ]);
  });

  it('skips comment lines and keeps the last id for later events', () => {
    expect(parse([': keep-alive\n\nid: 3\ndata: a\n\ndata: b\ndata: c\n\n'])).toEqual([
      { event: 'message', data: 'a', id: '3' },
      { event: 'message', data: 'b\nc', id: '3' },
    ]);
  });
});
