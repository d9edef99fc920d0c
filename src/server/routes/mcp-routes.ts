// Routes for the MCP servers the operator registers: add, list, read one with its tools, remove.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { mcpAddSchema, type McpAddInput } from '../../runtime/mcp/operator-mcp.js';
import { limitQuery } from '../api-schemas.js';
import type { ApiContext } from '../api-context.js';
import { createdResponse, jsonBody, jsonResponse } from '../route-parts.js';

const tag = ['mcp'];
const serverParam = z.object({
  id: z
    .string()
    .max(40)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'files' }),
});

/** Adds the MCP registry routes to `app` (the operator's only: no process reaches them). */
export function addMcpRoutes(app: OpenAPIHono, api: ApiContext): void {
  const { runtime } = api;
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/mcp/servers',
      tags: tag,
      summary:
        'Register an MCP server: stdio (argv, env, cwd, read-only binds, unsandboxed) or http (url)',
      request: { body: jsonBody(mcpAddSchema) },
      responses: createdResponse('The registered server'),
    }),
    async (c) => c.json(await runtime.mcp.add(c.req.valid('json') as McpAddInput), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/mcp/servers',
      tags: tag,
      summary: 'Registered MCP servers, keyset-paged by id',
      request: {
        query: z.object({ after: z.string().max(40).optional(), limit: limitQuery }),
      },
      responses: jsonResponse('A page of servers'),
    }),
    async (c) => {
      const query = c.req.valid('query');
      const limit = query.limit ?? 100;
      const items = await runtime.mcp.list({
        limit,
        ...(query.after === undefined ? {} : { afterId: query.after }),
      });
      const last = items.at(-1);
      return c.json(
        { items, next: items.length === limit && last !== undefined ? last.id : null },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/mcp/servers/{id}',
      tags: tag,
      summary:
        'A server and its recorded tools with their input schema hashes and pinned resources; refresh=true asks the server first',
      request: {
        params: serverParam,
        query: z.object({ refresh: z.enum(['true', 'false']).optional() }),
      },
      responses: jsonResponse('{ server, tools }'),
    }),
    async (c) =>
      c.json(
        await runtime.mcp.show(c.req.valid('param').id, {
          refresh: c.req.valid('query').refresh === 'true',
          signal: c.req.raw.signal,
        }),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/mcp/servers/{id}',
      tags: tag,
      summary: 'Remove a server and its recorded tools',
      request: { params: serverParam },
      responses: jsonResponse('{ id }'),
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await runtime.mcp.remove(id);
      return c.json({ id }, 200);
    },
  );
}
