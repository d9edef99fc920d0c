// Routes for human requests: list, read, decide.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { parseId } from '../../base/ids.js';
import type { ApiContext } from '../api-context.js';
import { listedRequest } from '../listed-request.js';
import { decisionBody, idParam, limitQuery, listQuery } from '../api-schemas.js';
import { jsonBody, jsonResponse } from '../route-parts.js';

const tag = ['approvals'];

/** Adds the approval routes to `app`. */
export function addApprovalRoutes(app: OpenAPIHono, api: ApiContext): void {
  const { runtime } = api;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/approvals',
      tags: tag,
      summary: 'List human requests (pending by default), keyset-paged by id',
      request: {
        query: z.object({
          state: listQuery(['pending', 'answered', 'expired', 'cancelled']),
          pid: z.string().max(64).optional(),
          after: z.string().max(64).optional(),
          limit: limitQuery,
        }),
      },
      responses: jsonResponse('A page of requests and the cursor of the next'),
    }),
    async (c) => {
      const query = c.req.valid('query');
      const limit = query.limit ?? 100;
      const items = await runtime.requests({
        limit,
        ...(query.state.length === 0 ? {} : { states: query.state }),
        ...(query.pid === undefined ? {} : { pid: query.pid }),
        ...(query.after === undefined ? {} : { afterId: parseId('approval', query.after) }),
      });
      return c.json(
        {
          items: items.map(listedRequest),
          next: items.length === limit ? (items.at(-1)?.id ?? null) : null,
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/approvals/{id}',
      tags: tag,
      summary: 'Read one human request',
      request: { params: idParam },
      responses: jsonResponse('The request'),
    }),
    async (c) => c.json(await runtime.request(c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/approvals/{id}/context',
      tags: tag,
      summary:
        'A request in context: the process that asks, its ancestors (root first) and the effect (a write as a unified diff against the current file, a delete or move as its paths, a command as its argv, a network request as its method, URL and body, a grant as what the process has now)',
      request: { params: idParam },
      responses: jsonResponse('{ request, process, lineage, effect }'),
    }),
    async (c) =>
      c.json(
        await runtime.approvalContext(c.req.valid('param').id, { signal: c.req.raw.signal }),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/approvals/{id}/decision',
      tags: tag,
      summary:
        'Decide a request: a permission with a decision, a question with an answer, a notification with neither; the waiting process resumes at once',
      request: { params: idParam, body: jsonBody(decisionBody) },
      responses: jsonResponse('The decided request'),
    }),
    async (c) => {
      const { decision, answer } = c.req.valid('json');
      const decided = await runtime.decide(c.req.valid('param').id, {
        decision: decision ?? null,
        answer: answer ?? null,
      });
      return c.json(decided, 200);
    },
  );
}
