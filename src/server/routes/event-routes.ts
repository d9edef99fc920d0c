// The live event stream: Server-Sent Events of journal entries and the records they changed.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { LibosError } from '../../base/errors.js';
import { parseId } from '../../base/ids.js';
import type { ApiContext } from '../api-context.js';
import { followEvents } from '../event-stream.js';

const HEARTBEAT_MS = 15_000;

/** Adds `GET /api/events` to `app`; every stream ends when `closing` fires. */
export function addEventRoutes(app: OpenAPIHono, api: ApiContext, closing: AbortSignal): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/events',
      tags: ['events'],
      summary:
        'Live events as Server-Sent Events: `journal` (every entry, id = its seq), then `process` or `request` (the record it changed). Reconnect with Last-Event-ID (or ?after=seq) to get exactly the entries after it; without either the stream starts at the current head. With `model.delta` (or `model.*`) in `type`, also the live pieces of model answers while they stream, without an id (never journaled, never resent); such a subscriber makes the model calls it watches stream.',
      request: {
        query: z.object({
          pid: z.string().max(64).optional(),
          type: z.string().max(2000).optional(),
          after: z.coerce.number().int().min(0).optional(),
        }),
        headers: z.object({ 'last-event-id': z.string().max(20).optional() }),
      },
      responses: {
        200: {
          description:
            'text/event-stream of journal, process and request events (and model.delta when asked for)',
          content: { 'text/event-stream': { schema: z.string() } },
        },
      },
    }),
    (c) => {
      const query = c.req.valid('query');
      const lastId = c.req.valid('header')['last-event-id'];
      const afterSeq = lastId === undefined ? (query.after ?? api.follower.head) : parseSeq(lastId);
      const filter = {
        ...(query.pid === undefined ? {} : { pid: parseId('process', query.pid) }),
        types: (query.type ?? '')
          .split(',')
          .map((t) => t.trim())
          .filter((t) => t !== ''),
      };
      return streamSSE(c, async (stream) => {
        const stop = new AbortController();
        const end = (): void => {
          stop.abort();
        };
        stream.onAbort(end);
        closing.addEventListener('abort', end, { once: true });
        const heartbeat = setInterval(() => {
          void stream.write(': keep-alive\n\n');
        }, HEARTBEAT_MS);
        try {
          for await (const event of followEvents(api.runtime, api.follower, {
            afterSeq,
            filter,
            signal: stop.signal,
          }))
            await stream.writeSSE({
              ...(event.id === null ? {} : { id: String(event.id) }),
              event: event.event,
              data: JSON.stringify(event.data),
            });
        } finally {
          clearInterval(heartbeat);
          closing.removeEventListener('abort', end);
        }
      });
    },
  );
}

function parseSeq(text: string): number {
  const seq = Number(text);
  if (!/^\d{1,16}$/.test(text) || !Number.isSafeInteger(seq))
    throw new LibosError(
      'INVALID_INPUT',
      'Following events failed: Last-Event-ID must be a journal seq',
    );
  return seq;
}
