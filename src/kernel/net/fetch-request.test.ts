// Tests for the request rules of a fetch: header filtering and the next hop after a redirect.
import { describe, expect, it } from 'vitest';
import {
  checkRequestHeaders,
  methodRight,
  nextHop,
  shownResponseHeaders,
  type HopRequest,
} from './fetch-request.js';
import { parseNetUrl } from './net-url.js';

function hop(
  text: string,
  method: HopRequest['method'] = 'GET',
  body: string | null = null,
): HopRequest {
  const parsed = parseNetUrl(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return { method, url: parsed.value, headers: { accept: 'text/html' }, body };
}

describe('methodRight', () => {
  it.each([
    ['GET', 'get'],
    ['HEAD', 'get'],
    ['OPTIONS', 'get'],
    ['POST', 'send'],
    ['PUT', 'send'],
    ['PATCH', 'send'],
    ['DELETE', 'send'],
  ] as const)('%s needs %s', (method, right) => {
    expect(methodRight(method)).toBe(right);
  });
});

describe('checkRequestHeaders', () => {
  it('lowercases names and keeps ordinary headers', () => {
    expect(checkRequestHeaders({ Accept: 'application/json', 'X-Trace': '1' })).toStrictEqual({
      ok: true,
      value: { accept: 'application/json', 'x-trace': '1' },
    });
  });

  it.each([
    [{ Host: 'evil.example' }, /host header/],
    [{ Cookie: 'a=b' }, /cookie header/],
    [{ authorization: 'Bearer x' }, /authorization header/],
    [{ 'Proxy-Authorization': 'x' }, /proxy-authorization/],
    [{ 'Transfer-Encoding': 'chunked' }, /transfer-encoding/],
    [{ Connection: 'keep-alive' }, /connection/],
    [{ 'Content-Length': '5' }, /content-length/],
    [{ 'X-A': 'a\r\nHost: evil' }, /bad value/],
    [{ 'Bad Name': 'x' }, /not an HTTP token/],
    [{ accept: 'a', Accept: 'b' }, /repeated/],
  ])('refuses %j', (headers, why) => {
    const checked = checkRequestHeaders(headers);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(why);
  });
});

describe('shownResponseHeaders', () => {
  it('keeps content headers and drops cookies and unknown headers', () => {
    expect(
      shownResponseHeaders({
        'content-type': 'text/html',
        'set-cookie': ['a=b'],
        'x-internal-ip': '10.0.0.5',
      }),
    ).toStrictEqual({ 'content-type': 'text/html' });
  });
});

describe('nextHop', () => {
  it('is null for a final answer or a redirect without a location', () => {
    expect(nextHop(hop('https://a.example/'), { status: 200, location: null })).toBeNull();
    expect(nextHop(hop('https://a.example/'), { status: 302, location: null })).toBeNull();
    expect(nextHop(hop('https://a.example/'), { status: 304, location: '/x' })).toBeNull();
  });

  it('follows a same-origin redirect with the headers', () => {
    expect(nextHop(hop('https://a.example/a'), { status: 301, location: '/b' })).toMatchObject({
      kind: 'follow',
      request: {
        method: 'GET',
        headers: { accept: 'text/html' },
        url: { href: 'https://a.example/b' },
      },
    });
  });

  it('drops the caller headers when the redirect leaves the origin', () => {
    expect(
      nextHop(hop('https://a.example/a'), { status: 302, location: 'https://b.example/' }),
    ).toMatchObject({ kind: 'follow', request: { headers: {} } });
  });

  it('refuses a downgrade from https to http', () => {
    expect(
      nextHop(hop('https://a.example/a'), { status: 301, location: 'http://a.example/a' }),
    ).toMatchObject({ kind: 'refuse', reason: /https to http/ });
  });

  it('refuses a location that is not an http URL', () => {
    expect(
      nextHop(hop('https://a.example/a'), { status: 302, location: 'file:///etc/passwd' }),
    ).toMatchObject({ kind: 'refuse', target: null });
  });

  it('turns POST into a body-less GET on 303, 301 and 302', () => {
    for (const status of [301, 302, 303])
      expect(
        nextHop(hop('https://a.example/a', 'POST', 'x'), {
          status,
          location: 'https://b.example/',
        }),
      ).toMatchObject({ kind: 'follow', request: { method: 'GET', body: null } });
  });

  it('keeps method and body on 307 within the origin and refuses them to another origin', () => {
    expect(
      nextHop(hop('https://a.example/a', 'PUT', 'x'), { status: 307, location: '/b' }),
    ).toMatchObject({ kind: 'follow', request: { method: 'PUT', body: 'x' } });
    expect(
      nextHop(hop('https://a.example/a', 'POST', 'x'), {
        status: 308,
        location: 'https://b.example/',
      }),
    ).toMatchObject({ kind: 'refuse', reason: /body to another origin/ });
  });
});
