// Routes for Object Memory as the operator: list a namespace, show a version.
import { decodeUtf8 } from '../../base/decode-utf8.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { LibosError } from '../../base/errors.js';
import { parseId } from '../../base/ids.js';
import { privateNamespace } from '../../kernel/object/types.js';
import type { ApiContext } from '../api-context.js';
import { idParam, limitQuery } from '../api-schemas.js';
import { jsonResponse } from '../route-parts.js';

const tag = ['objects'];

/** Adds the Object Memory routes to `app`. */
export function addObjectRoutes(app: OpenAPIHono, api: ApiContext): void {
  const { runtime } = api;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/objects',
      tags: tag,
      summary: "List the live objects of a namespace (ns), or of a process's private one (pid)",
      request: {
        query: z.object({
          ns: z.string().min(1).max(200).optional(),
          pid: z.string().max(64).optional(),
          after: z.string().max(400).optional(),
          limit: limitQuery,
        }),
      },
      responses: jsonResponse('A page of objects with their latest versions'),
    }),
    async (c) => {
      const query = c.req.valid('query');
      if ((query.ns === undefined) === (query.pid === undefined))
        throw new LibosError('INVALID_INPUT', 'Listing objects failed: give ns or pid, not both');
      const namespace = query.ns ?? privateNamespace(parseId('process', query.pid));
      const page = await runtime.objects.list({
        namespace,
        limit: query.limit ?? 100,
        ...(query.after === undefined ? {} : { afterName: query.after }),
      });
      return c.json(page, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/namespaces',
      tags: tag,
      summary: 'List Object Memory namespaces (private and shared), keyset-paged by name',
      request: {
        query: z.object({ after: z.string().max(400).optional(), limit: limitQuery }),
      },
      responses: jsonResponse('A page of namespaces and the name to continue after'),
    }),
    async (c) => {
      const query = c.req.valid('query');
      const limit = query.limit ?? 100;
      const items = await runtime.objects.namespaces({
        limit,
        ...(query.after === undefined ? {} : { afterName: query.after }),
      });
      return c.json(
        { items, next: items.length === limit ? (items.at(-1)?.name ?? null) : null },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/objects/{id}/versions',
      tags: tag,
      summary: 'Every version of an object, oldest first, with its labels (kept after deletion)',
      request: { params: idParam },
      responses: jsonResponse('{ items }'),
    }),
    async (c) => c.json({ items: await runtime.objects.versions(c.req.valid('param').id) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/objects/{id}',
      tags: tag,
      summary: 'Show a version of an object: obj_… for the latest, obj_…@N for version N',
      request: { params: idParam },
      responses: jsonResponse('The version with its content (utf8, or base64 when not text)'),
    }),
    async (c) => {
      const ref = c.req.valid('param').id;
      const at = ref.indexOf('@');
      const version = at < 0 ? undefined : Number(ref.slice(at + 1));
      if (version !== undefined && (!Number.isSafeInteger(version) || version < 1))
        throw new LibosError(
          'INVALID_INPUT',
          'Showing an object failed: @N must be a version number',
        );
      const payload = await runtime.objects.read(
        at < 0 ? ref : ref.slice(0, at),
        version === undefined ? {} : { version },
      );
      const text = decodeUtf8(payload.bytes);
      const { bytes: _bytes, ...snapshot } = payload;
      return c.json(
        {
          ...snapshot,
          encoding: text === null ? 'base64' : 'utf8',
          content: text ?? Buffer.from(payload.bytes).toString('base64'),
        },
        200,
      );
    },
  );
}
