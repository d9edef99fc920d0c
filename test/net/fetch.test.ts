// net.fetch end to end against loopback servers started here (never an outside address): grants,
// redirects re-checked hop by hop, blocked addresses, DNS pinning, bounds, labels and the journal.
import { describe, expect, it } from 'vitest';
import { useLoopback, useNetRig, type Outcome } from './net-rig.js';

const TIMEOUT = { timeout: 60_000 };

function value(outcome: Outcome | undefined) {
  if (outcome?.ok !== true) throw new Error(`expected a result, got ${JSON.stringify(outcome)}`);
  return outcome.value;
}

function error(outcome: Outcome | undefined) {
  if (outcome?.ok !== false) throw new Error(`expected an error, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

describe('net.fetch', TIMEOUT, () => {
  const a = useLoopback();
  const b = useLoopback();
  const rig = useNetRig();

  it('fetches a granted URL and keeps the body as an external object of the caller', async () => {
    const { pid, outcomes } = await rig.fetchAs(
      [{ resource: `net:${a.origin}/page`, rights: 'get' }],
      [{ url: `${a.origin}/page` }],
    );
    const out = value(outcomes[0]);
    expect(out).toMatchObject({
      status: 200,
      url: `${a.origin}/page`,
      resource: `${a.origin}/page`,
      headers: { 'content-type': 'text/plain' },
      size: 19,
      preview: 'hello from loopback',
      redirects: [],
    });
    expect(out.headers).not.toHaveProperty('set-cookie');
    const payload = await rig.t().runtime.objects.read(out.object ?? '');
    expect(Buffer.from(payload.bytes).toString()).toBe('hello from loopback');
    expect(payload.object.namespace).toBe(`proc/${pid}`);
    expect(payload.version.sha256).toBe(out.sha256);
    expect(payload.version.labels).toMatchObject({
      origins: ['external'],
      sourceResources: [`net:${a.origin}/page`],
      creator: pid,
    });
    expect(a.seen.at(-1)).toMatchObject({
      method: 'GET',
      url: '/page',
      host: `127.0.0.1:${a.port}`,
    });
  });

  it('gives the model the status, a preview and the object id through fetch_url', async () => {
    const { outcomes } = await rig.fetchAs(
      [{ resource: `net:${a.origin}/**`, rights: 'get' }],
      [{ tool: { url: `${a.origin}/redirect?to=/page` } }],
    );
    const shown = value(outcomes[0]) as unknown as Record<string, unknown>;
    expect(shown).toMatchObject({
      url: `${a.origin}/page`,
      status: 200,
      headers: { 'content-type': 'text/plain' },
      size: 19,
      preview: 'hello from loopback',
      redirects: [`${a.origin}/redirect`],
      object: expect.stringMatching(/^obj_/),
    });
    expect(shown).not.toHaveProperty('sha256');
  });

  it('journals the intent and the outcome by resource and hashes, never the query', async () => {
    const { pid, outcomes } = await rig.fetchAs(
      [{ resource: `net:${a.origin}/**`, rights: 'get' }],
      [{ url: `${a.origin}/page?token=s3cr3t-query` }],
    );
    const out = value(outcomes[0]);
    const entries = await rig.t().runtime.journal({ limit: 100, pid });
    expect(JSON.stringify(entries)).not.toContain('s3cr3t-query');
    const intended = entries.find((e) => e.type === 'effect.intended');
    expect(intended?.data).toMatchObject({
      syscall: 'net.fetch',
      resource: `net:${a.origin}/page`,
    });
    const completed = entries.find((e) => e.type === 'syscall.completed');
    expect(completed?.data).toMatchObject({
      syscall: 'net.fetch',
      resource: `net:${a.origin}/page`,
      rights: ['get'],
      method: 'GET',
      redirects: 0,
      querySha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      status: 200,
      object: out.object,
      sha256: out.sha256,
      size: 19,
    });
    const intents = await rig.t().runtime.store.read((r) => r.listIntents({ pid, limit: 5 }));
    expect(intents).toMatchObject([{ syscall: 'net.fetch', state: 'committed' }]);
  });

  it('denies an ungranted host, path or method class before anything is sent', async () => {
    const before = { a: a.seen.length, b: b.seen.length };
    const { outcomes } = await rig.fetchAs(
      [{ resource: `net:${a.origin}/page`, rights: 'get' }],
      [
        { url: `${b.origin}/page` },
        { url: `${a.origin}/echo` },
        { url: `${a.origin}/page`, method: 'POST', body: 'x' },
        { url: `https://127.0.0.1:${a.port}/page` },
      ],
    );
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toStrictEqual([
      'NOT_PERMITTED',
      'NOT_PERMITTED',
      'NOT_PERMITTED',
      'NOT_PERMITTED',
    ]);
    expect(error(outcomes[2]).message).toMatch(/send on net:http:\/\/127\.0\.0\.1:\d+\/page/);
    expect({ a: a.seen.length, b: b.seen.length }).toStrictEqual(before);
  });

  it('keeps a path grant from being escaped by dot segments or encoded slashes', async () => {
    const seen = a.seen.length;
    const { outcomes } = await rig.fetchAs(
      [{ resource: `net:${a.origin}/public/**`, rights: 'get' }],
      [
        { url: `${a.origin}/public/../page` },
        { url: `${a.origin}/public/%2e%2e/page` },
        { url: `${a.origin}/public/.%2E/page` },
        { url: `${a.origin}/public/..%2Fpage` },
        { url: `${a.origin}/public/..%5Cpage` },
        { url: `${a.origin}/public\\..\\page` },
        { url: `${a.origin}/publicity` },
      ],
    );
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toStrictEqual([
      'NOT_PERMITTED',
      'NOT_PERMITTED',
      'NOT_PERMITTED',
      'INVALID_INPUT',
      'INVALID_INPUT',
      'NOT_PERMITTED',
      'NOT_PERMITTED',
    ]);
    expect(a.seen.length).toBe(seen);
  });

  it('sends a body only with send, and filters the request headers', async () => {
    const { outcomes } = await rig.fetchAs(
      [{ resource: `net:${a.origin}/echo`, rights: 'get,send' }],
      [
        {
          url: `${a.origin}/echo`,
          method: 'POST',
          body: '{"q":1}',
          headers: { 'Content-Type': 'application/json', 'X-Trace': 't' },
        },
        { url: `${a.origin}/echo`, headers: { Cookie: 'session=1' } },
        { url: `${a.origin}/echo`, headers: { Host: 'evil.example' } },
      ],
    );
    const echoed = JSON.parse(value(outcomes[0]).preview ?? '') as {
      method: string;
      body: string;
      headers: Record<string, string>;
    };
    expect(echoed).toMatchObject({
      method: 'POST',
      body: '{"q":1}',
      headers: { 'content-type': 'application/json', 'x-trace': 't', host: `127.0.0.1:${a.port}` },
    });
    expect(error(outcomes[1])).toMatchObject({ code: 'INVALID_INPUT', message: /cookie header/ });
    expect(error(outcomes[2])).toMatchObject({ code: 'INVALID_INPUT', message: /host header/ });
  });

  it('refuses URLs with credentials, other schemes or encoded slashes', async () => {
    const { outcomes } = await rig.fetchAs(
      [{ resource: 'net:*', rights: 'get' }],
      [
        { url: `http://user:pw@127.0.0.1:${a.port}/page` },
        { url: 'file:///etc/passwd' },
        { url: `${a.origin}/a%2F..%2Fpage` },
      ],
    );
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toStrictEqual([
      'INVALID_INPUT',
      'INVALID_INPUT',
      'INVALID_INPUT',
    ]);
    expect(JSON.stringify(outcomes)).not.toContain('pw@');
  });

  it('follows a redirect within the grant and reports the hops', async () => {
    const { outcomes } = await rig.fetchAs(
      [{ resource: `net:${a.origin}/**`, rights: 'get' }],
      [{ url: `${a.origin}/redirect?to=/page` }],
    );
    expect(value(outcomes[0])).toMatchObject({
      status: 200,
      url: `${a.origin}/page`,
      redirects: [`${a.origin}/redirect`],
      preview: 'hello from loopback',
    });
  });

  it('refuses redirects to an ungranted path, another host, or a 307 carrying a body away', async () => {
    const before = { a: a.seen.filter((s) => s.url === '/page').length, b: b.seen.length };
    const { outcomes } = await rig.fetchAs(
      [
        { resource: `net:${a.origin}/redirect`, rights: 'get,send' },
        { resource: `net:${b.origin}/**`, rights: 'send' },
      ],
      [
        { url: `${a.origin}/redirect?to=/page` },
        { url: `${a.origin}/redirect?to=${encodeURIComponent(`${b.origin}/page`)}` },
        {
          url: `${a.origin}/redirect?status=307&to=${encodeURIComponent(`${b.origin}/echo`)}`,
          method: 'POST',
          body: 'payload',
        },
      ],
    );
    for (const outcome of outcomes)
      expect(error(outcome)).toMatchObject({
        code: 'NOT_PERMITTED',
        details: { reason: 'redirect-refused' },
      });
    expect(error(outcomes[0]).details.target).toBe(`${a.origin}/page`);
    expect(error(outcomes[2]).message).toMatch(/body to another origin/);
    expect({ a: a.seen.filter((s) => s.url === '/page').length, b: b.seen.length }).toStrictEqual(
      before,
    );
  });

  it('refuses redirects to loopback, link-local and decimal-IP targets a net:* grant would cover', async () => {
    const { outcomes } = await rig.fetchAs(
      [
        { resource: `net:${a.origin}/redirect`, rights: 'get' },
        { resource: 'net:*', rights: 'get' },
      ],
      [
        `http://127.0.0.1:${b.port}/page`,
        `http://[::1]:${a.port}/page`,
        'http://169.254.169.254/latest/meta-data/',
        `http://2130706433:${b.port}/page`,
        `http://[::ffff:127.0.0.1]:${b.port}/page`,
        `http://0x7f.1:${b.port}/page`,
      ].map((to) => ({ url: `${a.origin}/redirect?to=${encodeURIComponent(to)}` })),
    );
    for (const outcome of outcomes)
      expect(error(outcome)).toMatchObject({
        code: 'NOT_PERMITTED',
        details: { reason: 'blocked-address' },
      });
    expect(error(outcomes[3]).message).toContain(
      `http://127.0.0.1:${b.port} is a loopback address`,
    );
    expect(error(outcomes[2]).message).toContain('link-local');
    expect(b.seen.filter((s) => s.url === '/page')).toHaveLength(0);
  });

  it('refuses a private address under net:* and reaches it when the grant names the host', async () => {
    rig.answers.set('intranet.test', [['127.0.0.1']]);
    // A public address first: every address a name resolves to must pass, not only the first.
    rig.answers.set('mixed.test', [['93.184.215.14', '127.0.0.1']]);
    const seen = a.seen.length;
    const { outcomes } = await rig.fetchAs(
      [{ resource: 'net:*', rights: 'get' }],
      [
        { url: `${a.origin}/page` },
        { url: `http://intranet.test:${a.port}/page` },
        { url: `http://mixed.test:${a.port}/page` },
        { url: 'http://[fd00::1]/' },
        { url: 'http://100.64.0.1/' },
      ],
    );
    for (const outcome of outcomes)
      expect(error(outcome)).toMatchObject({
        code: 'NOT_PERMITTED',
        details: { reason: 'blocked-address' },
      });
    expect(a.seen.length).toBe(seen);
    const named = await rig.fetchAs(
      [{ resource: `net:http://intranet.test:${a.port}/**`, rights: 'get' }],
      [{ url: `http://intranet.test:${a.port}/page` }],
    );
    expect(value(named.outcomes[0]).status).toBe(200);
    expect(a.seen.at(-1)?.host).toBe(`intranet.test:${a.port}`);
  });

  it('resolves a name once per hop and connects to the checked address (no rebinding)', async () => {
    // The first answer is loopback (the grant names the host); any later answer points at an
    // address nothing listens on, so a second resolution would make the fetch fail.
    rig.answers.set('rebind.test', [['127.0.0.1'], ['10.255.255.1']]);
    const asked = rig.asked.length;
    const { outcomes } = await rig.fetchAs(
      [{ resource: `net:http://rebind.test:${a.port}/**`, rights: 'get' }],
      [{ url: `http://rebind.test:${a.port}/page`, timeoutMs: 10_000 }],
    );
    expect(value(outcomes[0])).toMatchObject({ status: 200, preview: 'hello from loopback' });
    expect(rig.asked.slice(asked)).toStrictEqual(['rebind.test']);
    expect(a.seen.at(-1)).toMatchObject({ url: '/page', host: `rebind.test:${a.port}` });
  });

  it('checks the address of a redirect hop to another name and refuses one pointing somewhere private', async () => {
    // The hop to rebind2 is checked again: under net:* only, its loopback answer is refused.
    rig.answers.set('hop.test', [['127.0.0.1']]);
    rig.answers.set('rebind2.test', [['127.0.0.1']]);
    const { outcomes } = await rig.fetchAs(
      [
        { resource: `net:http://hop.test:${a.port}/**`, rights: 'get' },
        { resource: 'net:*', rights: 'get' },
      ],
      [
        {
          url: `http://hop.test:${a.port}/redirect?to=${encodeURIComponent(`http://rebind2.test:${a.port}/page`)}`,
        },
      ],
    );
    expect(error(outcomes[0])).toMatchObject({
      code: 'NOT_PERMITTED',
      details: { reason: 'blocked-address' },
    });
  });

  it('bounds the body by maxBytes and the time by timeoutMs, and the process goes on', async () => {
    const { pid, outcomes } = await rig.fetchAs(
      [{ resource: `net:${a.origin}/**`, rights: 'get' }],
      [
        { url: `${a.origin}/big`, maxBytes: 1024 },
        { url: `${a.origin}/big-chunked`, maxBytes: 1024 },
        { url: `${a.origin}/slow`, timeoutMs: 300 },
        { url: `${a.origin}/kib`, maxBytes: 1024 },
      ],
    );
    expect(error(outcomes[0])).toMatchObject({ code: 'OUT_OF_RANGE' });
    expect(error(outcomes[1])).toMatchObject({ code: 'OUT_OF_RANGE' });
    expect(error(outcomes[2])).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(value(outcomes[3]).size).toBe(1024);
    expect((await rig.t().runtime.get(pid)).state).toStrictEqual({ kind: 'exited', result: null });
    const intents = await rig.t().runtime.store.read((r) => r.listIntents({ pid, limit: 10 }));
    expect(intents.map((i) => i.state).sort()).toStrictEqual([
      'committed',
      'failed',
      'failed',
      'failed',
    ]);
  });

  it('fails NETWORK_FAILED, naming nothing of the host, when nothing listens or a name does not resolve', async () => {
    const { outcomes } = await rig.fetchAs(
      [
        { resource: `net:http://127.0.0.1:1/**`, rights: 'get' },
        { resource: 'net:http://nowhere.test/**', rights: 'get' },
      ],
      [{ url: 'http://127.0.0.1:1/x' }, { url: 'http://nowhere.test/x' }],
    );
    expect(error(outcomes[0])).toMatchObject({
      code: 'NETWORK_FAILED',
      message: /connection was refused/,
    });
    expect(error(outcomes[1])).toMatchObject({
      code: 'NETWORK_FAILED',
      message: /resolved to no address/,
    });
    for (const outcome of outcomes)
      expect(error(outcome).message).not.toMatch(/ECONN|getaddrinfo|\bat /);
  });

  it('asks a human for an ask record, showing the method, the URL and the body', async () => {
    const runtime = rig.t().runtime;
    const process = await runtime.spawn({
      imageId: 'base',
      goal: JSON.stringify([{ url: `${a.origin}/echo?x=1`, method: 'PUT', body: 'the body' }]),
    });
    await runtime.grant({
      subject: process.pid,
      resource: `net:${a.origin}/**`,
      rights: 'send',
      effect: 'ask',
    });
    await runtime.run({ signal: AbortSignal.timeout(30_000) });
    const [request] = await runtime.requests({ pid: process.pid });
    expect(request?.body).toMatchObject({
      kind: 'permission',
      resource: `net:${a.origin}/echo`,
      rights: ['send'],
      syscall: 'net.fetch',
      preview: {
        kind: 'request',
        method: 'PUT',
        url: `${a.origin}/echo?x=1`,
        text: 'the body',
        bytes: 8,
      },
    });
    expect(JSON.stringify(request?.body)).toContain(`PUT ${a.origin}/echo?x=1 with a 8-byte body`);
    await runtime.decide(request?.id ?? '', { decision: 'allow_once' });
    await runtime.run({ signal: AbortSignal.timeout(30_000) });
    expect(a.seen.at(-1)).toMatchObject({ method: 'PUT', url: '/echo?x=1', body: 'the body' });
  });
});
