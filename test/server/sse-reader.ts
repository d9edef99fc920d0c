// Test helper: reads Server-Sent Events from a fetch response, one parsed event at a time.

/** One event as received. */
export interface ReceivedEvent {
  readonly id: string | null;
  readonly event: string;
  readonly data: unknown;
}

/** Reads events from `response.body` until `stop` says so (or the stream ends). */
export async function readEvents(
  response: Response,
  stop: (received: readonly ReceivedEvent[]) => boolean,
): Promise<ReceivedEvent[]> {
  const received: ReceivedEvent[] = [];
  if (response.body === null) return received;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    while (!stop(received)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseBlock(block);
        if (event !== null) received.push(event);
        if (stop(received)) break;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return received;
}

function parseBlock(block: string): ReceivedEvent | null {
  let id: string | null = null;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  return { id, event, data: JSON.parse(data.join('\n')) as unknown };
}
