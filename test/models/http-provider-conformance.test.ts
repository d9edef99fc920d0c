// One suite run against every HTTP adapter through a real loopback server: parsing and errors.
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/base/clock.js';
import { DIALECTS, MESSAGES } from './dialects.js';
import { expectModelError, makeRequest } from './fixtures.js';
import { findClosedPort, startLoopbackServer, type LoopbackReply } from './loopback-server.js';

describe.each(DIALECTS)('$name adapter', (dialect) => {
  const serve = (reply: LoopbackReply) => startLoopbackServer(() => reply);

  it('parses a tool call into a ToolCall with its arguments, and reports usage', async () => {
    await using server = await serve({ status: 200, json: dialect.toolCallBody() });
    const response = await dialect.create(server.url).complete(makeRequest());
    expect(response.toolCalls).toEqual([
      { id: 'call_abc', name: 'read_file', arguments: { path: 'README.md' } },
    ]);
    expect(response.stopReason).toBe('tool_calls');
    expect(response.usage).toEqual({ inputTokens: 120, outputTokens: 30 });
    expect(server.requests.map((r) => [r.method, r.path])).toEqual([['POST', dialect.path]]);
  });

  it('sends the key from the env option and never retries on its own', async () => {
    await using server = await serve({
      status: 503,
      json: dialect.errorBody({ type: 'server_error', message: 'busy' }),
    });
    await expectModelError(dialect.create(server.url).complete(makeRequest()), 'MODEL_UNAVAILABLE');
    expect(server.requests).toHaveLength(1);
    const headers = server.requests[0]!.headers;
    const sent = headers.authorization ?? headers['x-api-key'];
    expect([`Bearer ${dialect.key}`, dialect.key]).toContain(sent);
  });

  it('maps 429 with retry-after seconds to MODEL_RATE_LIMITED with retryAfterMs', async () => {
    await using server = await serve({
      status: 429,
      headers: { 'retry-after': '7' },
      json: dialect.errorBody({ type: 'rate_limit_error', message: 'Slow down' }),
    });
    const error = await expectModelError(
      dialect.create(server.url).complete(makeRequest()),
      'MODEL_RATE_LIMITED',
    );
    expect(error.retryable).toBe(true);
    expect(error.details).toMatchObject({ status: 429, retryAfterMs: 7000 });
  });

  it('prefers retry-after-ms and reads retry-after given as an HTTP date', async () => {
    await using msServer = await serve({
      status: 429,
      headers: { 'retry-after-ms': '1500', 'retry-after': '9' },
      json: dialect.errorBody({ type: 'rate_limit_error', message: 'Slow down' }),
    });
    const byMs = await expectModelError(
      dialect.create(msServer.url).complete(makeRequest()),
      'MODEL_RATE_LIMITED',
    );
    expect(byMs.details.retryAfterMs).toBe(1500);

    const date = 'Wed, 21 Oct 2037 07:28:00 GMT';
    const clock = createManualClock(Date.parse(date) - 30_000);
    await using dateServer = await serve({
      status: 429,
      headers: { 'retry-after': date },
      json: dialect.errorBody({ type: 'rate_limit_error', message: 'Slow down' }),
    });
    const byDate = await expectModelError(
      dialect.create(dateServer.url, { clock }).complete(makeRequest()),
      'MODEL_RATE_LIMITED',
    );
    expect(byDate.details.retryAfterMs).toBe(30_000);
  });

  it.each([500, 502, 503])(
    'maps HTTP %i to retryable MODEL_UNAVAILABLE without the body',
    async (status) => {
      await using server = await serve({
        status,
        json: dialect.errorBody({ type: 'api_error', message: 'stack trace INTERNAL-DETAIL-42' }),
      });
      const error = await expectModelError(
        dialect.create(server.url).complete(makeRequest()),
        'MODEL_UNAVAILABLE',
      );
      expect(error.retryable).toBe(true);
      expect(error.details).toMatchObject({ status, reason: 'server_error' });
      expect(error.message).not.toContain('INTERNAL-DETAIL-42');
    },
  );

  it('maps a 200 with a malformed JSON body to MODEL_BAD_RESPONSE', async () => {
    await using server = await serve({
      status: 200,
      contentType: 'application/json',
      text: '{"id": "x", "output": [',
    });
    const error = await expectModelError(
      dialect.create(server.url).complete(makeRequest()),
      'MODEL_BAD_RESPONSE',
    );
    expect(error.retryable).toBe(false);
  });

  it('maps a 200 that is not JSON at all to MODEL_BAD_RESPONSE', async () => {
    await using server = await serve({
      status: 200,
      contentType: 'text/html',
      text: '<html>proxy login</html>',
    });
    const error = await expectModelError(
      dialect.create(server.url).complete(makeRequest()),
      'MODEL_BAD_RESPONSE',
    );
    expect(error.message).not.toContain('proxy login');
  });

  it('maps a 200 with missing fields to MODEL_BAD_RESPONSE naming the field', async () => {
    const body = dialect.toolCallBody() as Record<string, unknown>;
    const { usage: _usage, ...withoutUsage } = body;
    await using server = await serve({ status: 200, json: withoutUsage });
    const error = await expectModelError(
      dialect.create(server.url).complete(makeRequest()),
      'MODEL_BAD_RESPONSE',
    );
    expect(error.message).toContain('usage');
  });

  it('gives up on a server that never answers: MODEL_UNAVAILABLE with reason timeout', async () => {
    await using server = await serve({ hang: true });
    const error = await expectModelError(
      dialect.create(server.url, { timeoutMs: 300 }).complete(makeRequest()),
      'MODEL_UNAVAILABLE',
    );
    expect(error.details.reason).toBe('timeout');
  });

  it('gives up on a body that stalls half-way (the SDK timeout only covers headers)', async () => {
    await using server = await serve({ stall: true });
    const error = await expectModelError(
      dialect.create(server.url, { timeoutMs: 300 }).complete(makeRequest()),
      'MODEL_UNAVAILABLE',
    );
    expect(error.details.reason).toBe('timeout');
  });

  it('maps the caller aborting an in-flight call to CANCELLED', async () => {
    await using server = await serve({ hang: true });
    const controller = new AbortController();
    const call = dialect.create(server.url).complete(makeRequest({ signal: controller.signal }));
    await server.received(1);
    controller.abort();
    await expectModelError(call, 'CANCELLED');
  });

  it('maps the caller deadline firing to DEADLINE_EXCEEDED, not MODEL_UNAVAILABLE', async () => {
    await using server = await serve({ hang: true });
    const signal = AbortSignal.timeout(200);
    await expectModelError(
      dialect.create(server.url).complete(makeRequest({ signal })),
      'DEADLINE_EXCEEDED',
    );
  });

  it('sends nothing when the caller has already cancelled', async () => {
    await using server = await serve({ status: 200, json: dialect.toolCallBody() });
    const controller = new AbortController();
    controller.abort();
    await expectModelError(
      dialect.create(server.url).complete(makeRequest({ signal: controller.signal })),
      'CANCELLED',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('maps a refused connection to MODEL_UNAVAILABLE with reason connection', async () => {
    const port = await findClosedPort();
    const error = await expectModelError(
      dialect.create(`http://127.0.0.1:${port}`).complete(makeRequest()),
      'MODEL_UNAVAILABLE',
    );
    expect(error.details.reason).toBe('connection');
  });

  it("maps the provider's context-length 400 to CONTEXT_OVERFLOW", async () => {
    await using server = await serve({ status: 400, json: dialect.contextOverflowBody() });
    const error = await expectModelError(
      dialect.create(server.url).complete(makeRequest()),
      'CONTEXT_OVERFLOW',
    );
    expect(error.retryable).toBe(false);
  });

  it('maps 401 to MODEL_REJECTED without the key, even when the server echoes it', async () => {
    await using server = await serve({
      status: 401,
      json: dialect.errorBody({
        type: 'authentication_error',
        code: 'invalid_api_key',
        message: `Incorrect API key provided: ${dialect.key}.`,
      }),
    });
    const error = await expectModelError(
      dialect.create(server.url).complete(makeRequest()),
      'MODEL_REJECTED',
    );
    expect(error.message).toContain('401');
    expect(JSON.stringify(error.toWire())).not.toContain(dialect.key);
    expect(JSON.stringify(error.toWire())).not.toContain('dummy');
  });

  it('maps another 400 to MODEL_REJECTED with a short reason, secrets redacted', async () => {
    await using server = await serve({
      status: 400,
      json: dialect.errorBody({
        type: 'invalid_request_error',
        message: `Invalid schema for function 'read_file' (key ${dialect.key})\n${'x'.repeat(500)}`,
      }),
    });
    const error = await expectModelError(
      dialect.create(server.url).complete(makeRequest()),
      'MODEL_REJECTED',
    );
    expect(error.message).toContain("Invalid schema for function 'read_file'");
    expect(error.message).not.toContain(dialect.key);
    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThan(300);
  });
});

describe('Anthropic Messages adapter, overloaded', () => {
  it('maps 529 overloaded_error to MODEL_UNAVAILABLE with reason overloaded', async () => {
    await using server = await startLoopbackServer(() => ({
      status: 529,
      headers: { 'retry-after': '3' },
      json: MESSAGES.errorBody({ type: 'overloaded_error', message: 'Overloaded' }),
    }));
    const error = await expectModelError(
      MESSAGES.create(server.url).complete(makeRequest()),
      'MODEL_UNAVAILABLE',
    );
    expect(error.details).toEqual({ status: 529, reason: 'overloaded', retryAfterMs: 3000 });
    expect(server.requests).toHaveLength(1);
  });
});
