// Routes for checkpoints: take, list, show, diff, restore, fork, remove, and commit to an image.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiContext } from '../api-context.js';
import {
  checkpointActionBody,
  checkpointPruneBody,
  checkpointRestoreBody,
  checkpointBody,
  commitImageBody,
  idParam,
  limitQuery,
} from '../api-schemas.js';
import { createdResponse, defined, jsonBody, jsonResponse } from '../route-parts.js';

const tag = ['checkpoints'];

/** Adds the checkpoint routes to `app`. */
export function addCheckpointRoutes(app: OpenAPIHono, api: ApiContext): void {
  const { checkpoints } = api.runtime;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/checkpoints',
      tags: tag,
      summary: 'List checkpoints, keyset-paged by id; `root` keeps those of one root process',
      request: {
        query: z.object({
          root: z.string().max(64).optional(),
          after: z.string().max(64).optional(),
          limit: limitQuery,
        }),
      },
      responses: jsonResponse('A page of checkpoints and the cursor of the next'),
    }),
    async (c) => {
      const query = c.req.valid('query');
      const limit = query.limit ?? 100;
      const items = await checkpoints.list({
        limit,
        ...(query.root === undefined ? {} : { rootPid: query.root }),
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
      method: 'post',
      path: '/api/checkpoints',
      tags: tag,
      summary: "Take a checkpoint of a process's subtree, in one transaction",
      request: { body: jsonBody(checkpointBody) },
      responses: createdResponse('The checkpoint'),
    }),
    async (c) => {
      const { pid, ...options } = c.req.valid('json');
      return c.json(await checkpoints.create(pid, defined(options)), 201);
    },
  );
  // Before `/api/checkpoints/{id}`, so `prune` is never read as an id.
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/checkpoints/prune',
      tags: tag,
      summary:
        'Retention: remove the checkpoints taken more than `olderThanMs` ago and release the pre-images no remaining checkpoint needs',
      request: { body: jsonBody(checkpointPruneBody) },
      responses: jsonResponse('The checkpoints removed and the file changes released'),
    }),
    async (c) => c.json(await checkpoints.prune(c.req.valid('json')), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/checkpoints/{id}',
      tags: tag,
      summary: 'Read a checkpoint with a summary of what it holds: processes, records, requests',
      request: { params: idParam },
      responses: jsonResponse('The checkpoint and its summary'),
    }),
    async (c) => c.json(await checkpoints.get(c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/checkpoints/{id}/diff',
      tags: tag,
      summary:
        'What differs from the checkpoint to checkpoint `to` of the same root, or to the subtree now',
      request: { params: idParam, query: z.object({ to: z.string().max(64).optional() }) },
      responses: jsonResponse('Processes, records, objects and requests added, removed, changed'),
    }),
    async (c) => {
      const { to } = c.req.valid('query');
      return c.json(await checkpoints.diff(c.req.valid('param').id, to), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/checkpoints/{id}/restore',
      tags: tag,
      summary:
        'Restore the subtree in place at a safe point (409 ILLEGAL_TRANSITION while a quantum of it runs); the report lists the external effects it cannot undo',
      request: { params: idParam, body: jsonBody(checkpointRestoreBody) },
      responses: jsonResponse(
        'What was restored, killed, revoked, cancelled and superseded, what was external, and (files) the file rollback; 409 ILLEGAL_TRANSITION lists files someone else changed',
      ),
    }),
    async (c) =>
      c.json(await checkpoints.restore(c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/checkpoints/{id}/files',
      tags: tag,
      summary: 'The workspace files the subtree changed since the checkpoint, as unified diffs',
      request: { params: idParam },
      responses: jsonResponse('One entry per path: status and unified diff'),
    }),
    async (c) => c.json({ items: await checkpoints.fileDiff(c.req.valid('param').id) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/checkpoints/{id}/fork',
      tags: tag,
      summary: 'Fork the checkpoint into a new, isolated subtree; the original is untouched',
      request: { params: idParam, body: jsonBody(checkpointActionBody) },
      responses: createdResponse('The new root, the pid map, the records and objects carried'),
    }),
    async (c) => c.json(await checkpoints.fork(c.req.valid('param').id), 201),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/checkpoints/{id}',
      tags: tag,
      summary: 'Remove a checkpoint (the state it captured stays where it is)',
      request: { params: idParam },
      responses: jsonResponse('{ removed }: the checkpoint removed'),
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await checkpoints.remove(id);
      return c.json({ removed: id }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/checkpoints/{id}/image',
      tags: tag,
      summary:
        "Commit the checkpoint's root to a new image version `as` (id@N): prompt, tools, JIT tools, objects; held authority becomes declared requirements",
      request: { params: idParam, body: jsonBody(commitImageBody) },
      responses: createdResponse('The image version registered'),
    }),
    async (c) =>
      c.json(
        await checkpoints.commitImage(c.req.valid('param').id, { as: c.req.valid('json').as }),
        201,
      ),
  );
}
