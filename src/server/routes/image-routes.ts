// Routes for agent images: read one (registered or built in), register a version.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { idParam } from '../api-schemas.js';
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
