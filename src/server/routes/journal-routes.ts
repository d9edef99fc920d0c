// Routes for the journal: list with filters, verify the chain and its anchors.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { parseId } from '../../base/ids.js';
import { verifyJournal } from '../../runtime/verify-journal.js';
import { anchorLogPath, anchorLogSize, readAnchorLog } from '../../store/anchor-log.js';
import type { ApiContext } from '../api-context.js';
import { limitQuery } from '../api-schemas.js';
import { jsonResponse } from '../route-parts.js';

const tag = ['journal'];

/** Adds the journal routes to `app`. */
export function addJournalRoutes(app: OpenAPIHono, api: ApiContext): void {
  const { runtime } = api;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/journal',
      tags: tag,
      summary: 'List journal entries in seq order, optionally of one process and one type',
      request: {
        query: z.object({
          pid: z.string().max(64).optional(),
          type: z.string().min(1).max(200).optional(),
          after: z.coerce.number().int().min(0).optional(),
          limit: limitQuery,
        }),
      },
      responses: jsonResponse('A page of entries and the seq to continue after'),
    }),
    async (c) => {
      const query = c.req.valid('query');
      const limit = query.limit ?? 100;
      const items = await runtime.journal({
        limit,
        ...(query.after === undefined ? {} : { afterSeq: query.after }),
        ...(query.pid === undefined ? {} : { pid: parseId('process', query.pid) }),
        ...(query.type === undefined ? {} : { type: query.type }),
      });
      return c.json(
        { items, next: items.length === limit ? (items.at(-1)?.seq ?? null) : null },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/journal/verify',
      tags: tag,
      summary: 'Check the hash chain, the recorded heads and the anchor log, in one snapshot',
      responses: jsonResponse('The verification: ok with counts, or the first broken seq'),
    }),
    async (c) => {
      const log = api.dbPath === null ? null : anchorLogPath(api.dbPath);
      // Measured before the snapshot: anchors of commits made meanwhile are left out with them.
      const bytes = log === null ? 0 : anchorLogSize(log);
      const result = await runtime.store.read((reader) =>
        verifyJournal(reader, log === null ? {} : { anchors: readAnchorLog(log, { bytes }) }),
      );
      return c.json(result, 200);
    },
  );
}
