// The HTTP API: bearer-token auth, size-limited JSON bodies, one error form, the routes, OpenAPI.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { LibosError, toLibosError, type WireError } from '../base/errors.js';
import type { ApiContext } from './api-context.js';
import { tokenMatches } from './api-token.js';
import { defaultConsoleDir, loadConsoleAssets, type ConsoleAssets } from './console-assets.js';
import { httpStatusOf } from './http-status.js';
import { addApprovalRoutes } from './routes/approval-routes.js';
import { addCapabilityRoutes } from './routes/capability-routes.js';
import { addCheckpointRoutes } from './routes/checkpoint-routes.js';
import { addEventRoutes } from './routes/event-routes.js';
import { addImageRoutes } from './routes/image-routes.js';
import { addMcpRoutes } from './routes/mcp-routes.js';
import { addJournalRoutes } from './routes/journal-routes.js';
import { addObjectRoutes } from './routes/object-routes.js';
import { addProcessRoutes } from './routes/process-routes.js';
import { addTaskRoutes } from './routes/task-routes.js';
import { addFlowRoutes } from './routes/flow-routes.js';

/** The largest request body accepted (the largest input is a goal of 100,000 characters). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** What the API needs besides the runtime. */
export interface ApiOptions {
  /** The bearer token every request must present. */
  readonly token: string;
  /** Fires when the server shuts down: open event streams end. */
  readonly closing: AbortSignal;
  /** The version reported by `/api/health`. */
  readonly version: string;
  /** The web console's files, served at `/` without a token (default: the built `dist/console`). */
  readonly console?: ConsoleAssets;
}

/**
 * What every answer carries: no sniffing, no referrer, no framing, and a policy that lets the
 * console's page load only its own script and style and talk only to this origin.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

/**
 * Builds the API over `api.runtime`. Every request needs `Authorization: Bearer <token>` (401
 * otherwise, with no detail); no CORS headers are ever sent, so a browser page from another
 * origin cannot call it; bodies are JSON of at most 1 MiB; every error is the wire form
 * `{ error: { code, message, details, retryable } }` with the status of its code.
 */
export function createApi(api: ApiContext, options: ApiOptions): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      const field = issue === undefined || issue.path.length === 0 ? 'input' : issue.path.join('.');
      throw new LibosError(
        'INVALID_INPUT',
        `Reading the request failed: ${field}: ${issue?.message ?? 'invalid'}`,
        { details: { field } },
      );
    },
  });
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  });
  // The console's page and assets hold no data: everything it shows comes from /api with the token.
  const assets = options.console ?? loadConsoleAssets(defaultConsoleDir());
  app.use('*', async (c, next) => {
    const file = c.req.method === 'GET' ? assets.get(c.req.path) : undefined;
    if (file === undefined) {
      await next();
      return;
    }
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': file.type });
  });
  app.use('*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (presented === '' || !tokenMatches(presented, options.token))
      return wire(c, new LibosError('NOT_PERMITTED', 'A valid bearer token is required'), 401);
    await next();
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        wire(
          c,
          new LibosError(
            'OUT_OF_RANGE',
            `Reading the request failed: the body is larger than ${MAX_BODY_BYTES} bytes`,
          ),
          413,
        ),
    }),
  );
  app.get('/api/health', (c) =>
    c.json({
      ok: true,
      version: options.version,
      pid: process.pid,
      journalHead: api.follower.head,
    }),
  );
  addProcessRoutes(app, api);
  addJournalRoutes(app, api);
  addCapabilityRoutes(app, api);
  addApprovalRoutes(app, api);
  addObjectRoutes(app, api);
  addImageRoutes(app, api);
  addTaskRoutes(app, api);
  addCheckpointRoutes(app, api);
  addMcpRoutes(app, api);
  addFlowRoutes(app, api);
  addEventRoutes(app, api, options.closing);
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'agent-libos',
      version: options.version,
      description:
        'The operator API of an agent-libos runtime. Every request needs Authorization: Bearer <token> (the token file is in the runtime state directory).',
    },
    security: [{ bearer: [] }],
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  });
  app.notFound((c) =>
    wire(
      c,
      new LibosError('NOT_FOUND', 'Calling the API failed: no such route (see /api/openapi.json)'),
    ),
  );
  app.onError((error, c) => {
    if (error instanceof HTTPException && !(error.cause instanceof LibosError))
      return wire(
        c,
        new LibosError(
          error.status === 413 ? 'OUT_OF_RANGE' : 'INVALID_INPUT',
          `Reading the request failed: ${error.status === 400 ? 'the body is not valid JSON' : error.message}`,
        ),
      );
    return wire(c, toLibosError(error, 'Calling the API'));
  });
  return app;
}

function wire(c: Pick<Context, 'json'>, error: LibosError, status?: number): Response {
  const body: { error: WireError } = { error: error.toWire() };
  return c.json(body, (status ?? httpStatusOf(error.code)) as 400);
}
