// Routes for agent images: list, read one (registered or built in), register a version.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { LibosError } from '../../base/errors.js';
import { BUILTIN_IMAGES } from '../../kernel/agent/builtin-images.js';
import { idParam, limitQuery } from '../api-schemas.js';
import type { AgentImage } from '../../kernel/agent/types.js';
import { imageRegister } from '../../syscalls/image/register.js';
import type { ApiContext } from '../api-context.js';
import { createdResponse, jsonBody, jsonResponse } from '../route-parts.js';

const tag = ['images'];

/** Adds the image routes to `app`. */
export function addImageRoutes(app: OpenAPIHono, api: ApiContext): void {
  const { runtime } = api;
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/images',
      tags: tag,
      summary: 'Register an agent image version (tools, prompt, budget, declared requirements)',
      request: { body: jsonBody(imageRegister.input) },
      responses: createdResponse('The registered image'),
    }),
    async (c) => c.json(await runtime.registerImage(c.req.valid('json') as AgentImage), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/images',
      tags: tag,
      summary: 'The built-in images, then the registered versions (keyset-paged by id@version)',
      request: {
        query: z.object({
          after: z.string().max(80).optional().openapi({ example: 'my-image@2' }),
          limit: limitQuery,
        }),
      },
      responses: jsonResponse('Built-in images and a page of registered ones'),
    }),
    async (c) => {
      const query = c.req.valid('query');
      const limit = query.limit ?? 100;
      const at = query.after?.lastIndexOf('@') ?? -1;
      const after =
        query.after === undefined || at <= 0
          ? undefined
          : { id: query.after.slice(0, at), version: Number(query.after.slice(at + 1)) };
      if (after !== undefined && !Number.isSafeInteger(after.version))
        throw new LibosError('INVALID_INPUT', 'Listing images failed: after is id@version');
      const registered = await runtime.images({ limit, ...(after === undefined ? {} : { after }) });
      const last = registered.at(-1);
      return c.json(
        {
          builtin: BUILTIN_IMAGES,
          items: registered,
          next:
            registered.length === limit && last !== undefined ? `${last.id}@${last.version}` : null,
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/images/{id}',
      tags: tag,
      summary:
        'Read an image: id for its newest version, id@N for version N (built-in or registered)',
      request: { params: idParam },
      responses: jsonResponse('The image'),
    }),
    async (c) => c.json(await runtime.image(c.req.valid('param').id), 200),
  );
}
