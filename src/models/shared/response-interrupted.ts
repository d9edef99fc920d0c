// Recognises a model response that stopped half-way: a stream that ended early or a cut connection.

/**
 * Thrown by a streaming adapter whose stream ended (cleanly, as far as HTTP goes) before the
 * event that completes the answer: the server or a proxy dropped the rest.
 */
export class StreamEndedEarly extends Error {
  constructor(providerId: string) {
    super(`The response stream of ${providerId} ended before the answer was complete`);
    this.name = 'StreamEndedEarly';
  }
}

// What Node's fetch (undici) reports when the peer closes or resets the socket while the body is
// still being read: `TypeError: terminated` caused by a socket error.
const SOCKET_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);

/**
 * Whether `error` means the response stopped before it was complete: a stream that ended early,
 * or the connection lost while the body (streamed or not) was being read. Such a call is worth
 * asking again, unlike a body that arrived whole but garbled.
 */
export function isResponseInterrupted(error: unknown): boolean {
  if (error instanceof StreamEndedEarly) return true;
  let cause: unknown = error;
  for (let depth = 0; depth < 5 && typeof cause === 'object' && cause !== null; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return error instanceof TypeError && error.message === 'terminated';
}
