// Routes for information flow: the operator's label rules, and a process's taint (read, clear).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { EXCEED_ACTIONS, MAX_RULE_PATTERN } from '../../kernel/flow/label-rule.js';
import { SENSITIVITIES } from '../../kernel/object/types.js';
import { pidParam } from '../api-schemas.js';
import type { ApiContext } from '../api-context.js';
import { jsonBody, jsonResponse } from '../route-parts.js';

const tag = ['labels'];

const ruleBody = z
  .object({
    pattern: z.string().min(1).max(MAX_RULE_PATTERN).openapi({ example: 'fs:public/**' }),
    sensitivity: z.enum(SENSITIVITIES),
    onExceed: z.enum(EXCEED_ACTIONS).optional(),
  })
  .strict();

const patternQuery = z.object({
  pattern: z.string().min(1).max(MAX_RULE_PATTERN).openapi({ example: 'fs:public/**' }),
});

/** Adds the label and taint routes to `app`. */
export function addFlowRoutes(app: OpenAPIHono, api: ApiContext): void {
  const { runtime } = api;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/labels',
      tags: tag,
      summary: "The operator's label rules, then the built-in defaults",
      responses: jsonResponse('{ rules, defaults }'),
    }),
    async (c) =>
      c.json({ rules: await runtime.flow.rules(), defaults: runtime.flow.defaults() }, 200),
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/labels',
      tags: tag,
      summary: 'Set a label rule (replacing one with the same pattern)',
      request: { body: jsonBody(ruleBody) },
      responses: jsonResponse('The rule'),
    }),
    async (c) => c.json(await runtime.flow.setRule(c.req.valid('json')), 200),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/labels',
      tags: tag,
      summary: 'Remove the label rule with this pattern',
      request: { query: patternQuery },
      responses: jsonResponse('The removed pattern'),
    }),
    async (c) => {
      const { pattern } = c.req.valid('query');
      await runtime.flow.removeRule(pattern);
      return c.json({ pattern }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/processes/{pid}/taint',
      tags: tag,
      summary: "A process's taint: level, origins and sources (never content)",
      request: { params: pidParam },
      responses: jsonResponse('The taint'),
    }),
    async (c) => c.json(await runtime.flow.taint(c.req.valid('param').pid), 200),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/processes/{pid}/taint',
      tags: tag,
      summary:
        "Clear a process's taint (the operator vouches for what it holds); returns what it was",
      request: { params: pidParam },
      responses: jsonResponse('The cleared taint'),
    }),
    async (c) => c.json(await runtime.flow.clear(c.req.valid('param').pid), 200),
  );
}
