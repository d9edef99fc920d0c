// Routes for capability records: list, grant, revoke, explain.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { parseId } from '../../base/ids.js';
import { formatResource } from '../../kernel/capability/resource.js';
import type { Capability } from '../../kernel/capability/types.js';
import type { ApiContext } from '../api-context.js';
import { grantBody, idParam, limitQuery } from '../api-schemas.js';
import { createdResponse, defined, jsonBody, jsonResponse } from '../route-parts.js';

const tag = ['capabilities'];

/** A record as the API shows it: with its resource also as the `kind:pattern` text flags use. */
function shown(record: Capability): Capability & { readonly resourceText: string } {
  return { ...record, resourceText: formatResource(record.resource) };
}

/** Adds the capability routes to `app`. */
export function addCapabilityRoutes(app: OpenAPIHono, api: ApiContext): void {
  const { runtime } = api;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/capabilities',
      tags: tag,
      summary: 'List capability records, keyset-paged by id',
      request: {
        query: z.object({
          pid: z.string().max(64).optional(),
          all: z.enum(['true', 'false']).optional(),
          after: z.string().max(64).optional(),
          limit: limitQuery,
        }),
      },
      responses: jsonResponse('A page of records and the cursor of the next'),
    }),
    async (c) => {
      const query = c.req.valid('query');
      const limit = query.limit ?? 100;
      const items = await runtime.capabilities({
        limit,
        includeRevoked: query.all === 'true',
        ...(query.pid === undefined ? {} : { subject: query.pid }),
        ...(query.after === undefined ? {} : { afterId: parseId('capability', query.after) }),
      });
      return c.json(
        {
          items: items.map(shown),
          next: items.length === limit ? (items.at(-1)?.id ?? null) : null,
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/capabilities',
      tags: tag,
      summary: 'Grant a capability record to a process as the operator',
      request: { body: jsonBody(grantBody) },
      responses: createdResponse('The new record'),
    }),
    async (c) => c.json(shown(await runtime.grant(defined(c.req.valid('json')))), 201),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/capabilities/batch',
      tags: tag,
      summary: 'Grant several records as the operator in one transaction: all of them or none',
      request: {
        body: jsonBody(z.object({ records: z.array(grantBody).min(1).max(64) }).strict()),
      },
      responses: createdResponse('The new records, in order'),
    }),
    async (c) => {
      const granted = await runtime.grantAll(c.req.valid('json').records.map((r) => defined(r)));
      return c.json(granted.map(shown), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/capabilities/{id}',
      tags: tag,
      summary: 'Revoke a record and everything delegated from it',
      request: { params: idParam },
      responses: jsonResponse('How many records were revoked'),
    }),
    async (c) => c.json({ revoked: await runtime.revoke(c.req.valid('param').id) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/capabilities/{id}/cascade',
      tags: tag,
      summary:
        'What revoking the record would revoke now (it and every live record delegated from it); changes nothing',
      request: { params: idParam },
      responses: jsonResponse('{ records }'),
    }),
    async (c) =>
      c.json({ records: (await runtime.revokePreview(c.req.valid('param').id)).map(shown) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/capabilities/explain',
      tags: tag,
      summary: 'The decision for a process doing a right on one concrete resource, and why',
      request: {
        query: z.object({
          pid: z.string().min(1).max(64),
          resource: z.string().min(3).max(4200),
          right: z.string().min(1).max(32),
        }),
      },
      responses: jsonResponse('The decision and the records that bear on it'),
    }),
    async (c) => {
      const { pid, resource, right } = c.req.valid('query');
      return c.json(await runtime.explain(pid, resource, right), 200);
    },
  );
}
