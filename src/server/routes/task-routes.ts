// Routes for tasks: list, read one with its runs, start one, follow one up.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiContext } from '../api-context.js';
import { followUpBody, idParam, limitQuery, pidParam, taskStartBody } from '../api-schemas.js';
import { createdResponse, defined, jsonBody, jsonResponse } from '../route-parts.js';

const tag = ['tasks'];

/** Adds the task routes to `app`. */
export function addTaskRoutes(app: OpenAPIHono, api: ApiContext): void {
  const { tasks } = api.runtime;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/tasks',
      tags: tag,
      summary: 'List tasks, keyset-paged by id, each with its status and latest run',
      request: {
        query: z.object({ after: z.string().max(64).optional(), limit: limitQuery }),
      },
      responses: jsonResponse('A page of tasks and the cursor of the next'),
    }),
    async (c) => {
      const query = c.req.valid('query');
      const limit = query.limit ?? 100;
      const items = await tasks.list({
        limit,
        ...(query.after === undefined ? {} : { afterId: query.after }),
      });
      return c.json(
        { items, next: items.length === limit ? (items.at(-1)?.id ?? null) : null },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/tasks/{id}',
      tags: tag,
      summary: 'Read a task: its goal, image version, status and every run with its root process',
      request: { params: idParam },
      responses: jsonResponse('The task with its runs'),
    }),
    async (c) => c.json(await tasks.get(c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/processes/{pid}/task',
      tags: tag,
      summary: 'The task run a process is the root of: `{ run }`, null when it roots none',
      request: { params: pidParam },
      responses: jsonResponse('{ run: { taskId, index, pid, followUp, createdAt } | null }'),
    }),
    async (c) => c.json({ run: await tasks.runOf(c.req.valid('param').pid) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/tasks',
      tags: tag,
      summary:
        "Start a task: its first run's root is spawned as the operator, pinned to the image version named now, with its model and records",
      request: { body: jsonBody(taskStartBody) },
      responses: createdResponse('The task with its first run'),
    }),
    async (c) => {
      const { records, budget, ...input } = c.req.valid('json');
      const task = await tasks.start({
        ...defined(input),
        ...(budget === undefined ? {} : { budget: defined(budget) }),
        ...(records === undefined ? {} : { records: records.map((r) => defined(r)) }),
      });
      return c.json(task, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/tasks/{id}/follow-ups',
      tags: tag,
      summary:
        'Follow up a task whose latest run has ended: a continuation with its transcript, memory and the same or narrower authority (409 ILLEGAL_TRANSITION while the latest run is live)',
      request: { params: idParam, body: jsonBody(followUpBody) },
      responses: createdResponse(
        '{ task, run, carried, left, objects }: the task, the new run, what carried over',
      ),
    }),
    async (c) => {
      const { records, ...input } = c.req.valid('json');
      const followed = await tasks.followUp(c.req.valid('param').id, {
        ...defined(input),
        ...(records === undefined ? {} : { records: records.map((r) => defined(r)) }),
      });
      return c.json(followed, 201);
    },
  );
}
