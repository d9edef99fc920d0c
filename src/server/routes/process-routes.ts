// Routes for processes: list, get, spawn, signal, kill, message, set model, set image version.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { LibosError } from '../../base/errors.js';
import type { Json } from '../../base/canonical-json.js';
import { parseId } from '../../base/ids.js';
import type { ApiContext } from '../api-context.js';
import { limitQuery, pidParam, spawnBody, stateQuery } from '../api-schemas.js';
import { createdResponse, defined, jsonBody, jsonResponse } from '../route-parts.js';

const tag = ['processes'];

/** Adds the process routes to `app`. */
export function addProcessRoutes(app: OpenAPIHono, api: ApiContext): void {
  const { runtime } = api;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/processes',
      tags: tag,
      summary: 'List processes, keyset-paged by pid',
      request: {
        query: z.object({
          state: stateQuery,
          after: z.string().max(64).optional(),
          limit: limitQuery,
        }),
      },
      responses: jsonResponse('A page of processes and the cursor of the next'),
    }),
    async (c) => {
      const query = c.req.valid('query');
      const limit = query.limit ?? 100;
      const items = await runtime.list({
        limit,
        ...(query.state.length === 0 ? {} : { states: query.state }),
        ...(query.after === undefined ? {} : { afterPid: parseId('process', query.after) }),
      });
      return c.json(
        { items, next: items.length === limit ? (items.at(-1)?.pid ?? null) : null },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/processes/{pid}',
      tags: tag,
      summary: 'Read one process',
      request: { params: pidParam },
      responses: jsonResponse('The process'),
    }),
    async (c) => c.json(await runtime.get(c.req.valid('param').pid), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/processes/{pid}/transcript',
      tags: tag,
      summary:
        "A process's durable transcript (model turns, tool calls, results, inputs, summaries) after a seq",
      request: {
        params: pidParam,
        query: z.object({ after: z.coerce.number().int().min(0).optional(), limit: limitQuery }),
      },
      responses: jsonResponse('A page of transcript entries and the seq to continue after'),
    }),
    async (c) => {
      const query = c.req.valid('query');
      const limit = query.limit ?? 100;
      const items = await runtime.transcript(c.req.valid('param').pid, {
        limit,
        ...(query.after === undefined ? {} : { afterSeq: query.after }),
      });
      return c.json(
        { items, next: items.length === limit ? (items.at(-1)?.seq ?? null) : null },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/processes/{pid}/model',
      tags: tag,
      summary: 'The model a process runs on (`provider:model`), or null',
      request: { params: pidParam },
      responses: jsonResponse('{ spec }'),
    }),
    async (c) => c.json({ spec: await runtime.modelOf(c.req.valid('param').pid) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/processes',
      tags: tag,
      summary:
        'Spawn a process (a root, or a child of parentPid) as the operator, with its model and capability records in the same step',
      request: { body: jsonBody(spawnBody) },
      responses: createdResponse('The spawned process'),
    }),
    async (c) => {
      const { records, budget, ...input } = c.req.valid('json');
      const process = await runtime.spawn({
        ...defined(input),
        ...(budget === undefined ? {} : { budget: defined(budget) }),
        ...(records === undefined ? {} : { records: records.map((r) => defined(r)) }),
      });
      return c.json(process, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/processes/{pid}/signal',
      tags: tag,
      summary: 'Send pause, resume, interrupt or terminate; returns the process after it',
      request: {
        params: pidParam,
        body: jsonBody(
          z.object({ signal: z.enum(['pause', 'resume', 'interrupt', 'terminate']) }).strict(),
        ),
      },
      responses: jsonResponse('The process after the signal'),
    }),
    async (c) => {
      const { pid } = c.req.valid('param');
      await runtime.signal(pid, c.req.valid('json').signal);
      return c.json(await runtime.get(pid), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/processes/{pid}/kill',
      tags: tag,
      summary: 'Kill a process and its subtree',
      request: { params: pidParam },
      responses: jsonResponse('The process after the kill'),
    }),
    async (c) => {
      const { pid } = c.req.valid('param');
      await runtime.kill(pid);
      return c.json(await runtime.get(pid), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/processes/{pid}/messages',
      tags: tag,
      summary: "Post a message to a process's mailbox as the operator",
      request: {
        params: pidParam,
        body: jsonBody(
          z
            .object({
              body: z.unknown().openapi({ description: 'Any JSON value' }),
              interrupt: z.boolean().optional(),
            })
            .strict(),
        ),
      },
      responses: createdResponse('The message id'),
    }),
    async (c) => {
      const { pid } = c.req.valid('param');
      const { body, interrupt } = c.req.valid('json');
      if (body === undefined)
        throw new LibosError('INVALID_INPUT', 'Posting a message failed: body is required');
      const id = await runtime.send(pid, body as Json, { interrupt: interrupt ?? false });
      return c.json({ id }, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/processes/{pid}/model',
      tags: tag,
      summary: 'Set the model a process runs on from its next call (and let it call it)',
      request: {
        params: pidParam,
        body: jsonBody(z.object({ spec: z.string().min(1).max(4096) }).strict()),
      },
      responses: jsonResponse('The process after the change'),
    }),
    async (c) => {
      const { pid } = c.req.valid('param');
      await runtime.setModel(pid, c.req.valid('json').spec);
      return c.json(await runtime.get(pid), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/processes/{pid}/image-version',
      tags: tag,
      summary:
        'Move a process to another version of its image from its next quantum (authority and goal stay)',
      request: {
        params: pidParam,
        body: jsonBody(
          z.object({ version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }).strict(),
        ),
      },
      responses: jsonResponse('The process after the change'),
    }),
    async (c) =>
      c.json(
        await runtime.setImageVersion(c.req.valid('param').pid, c.req.valid('json').version),
        200,
      ),
  );
}
