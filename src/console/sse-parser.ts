// An incremental Server-Sent Events parser: feed it text chunks, it calls back per event.

/** One dispatched event. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
  readonly id: string | null;
}

/**
 * Returns a `push(chunk)` that parses the text/event-stream format (fields `event`, `data`, `id`;
 * comment lines; any line ending) and calls `onEvent` at each blank line that ends an event.
 */
export function createSseParser(onEvent: (event: SseEvent) => void): (chunk: string) => void {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | null = null;
  const line = (text: string): void => {
    if (text === '') {
      if (data.length > 0)
        onEvent({ event: event === '' ? 'message' : event, data: data.join('\n'), id });
      event = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) id = value;
  };
  return (chunk) => {
    buffer += chunk;
    for (;;) {
      const end = /\r\n|\r|\n/.exec(buffer);
      // A lone \r at the very end may be the first half of \r\n: wait for the next chunk.
      if (end === null || (end[0] === '\r' && end.index === buffer.length - 1)) return;
      line(buffer.slice(0, end.index));
      buffer = buffer.slice(end.index + end[0].length);
    }
  };
}
