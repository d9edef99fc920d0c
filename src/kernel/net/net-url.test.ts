// Tests for parsing request URLs: every spelling of one address comes out the same, bad ones are refused.
import { describe, expect, it } from 'vitest';
import { canonicalPath, parseNetUrl } from './net-url.js';

function url(text: string, base?: string) {
  const baseUrl = base === undefined ? undefined : parseNetUrl(base);
  const parsed = parseNetUrl(text, baseUrl?.ok === true ? { base: baseUrl.value } : {});
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

function reason(text: string): string {
  const parsed = parseNetUrl(text);
  if (parsed.ok) throw new Error(`expected ${text} to be refused`);
  return parsed.reason;
}

describe('parseNetUrl', () => {
  it.each([
    ['http://2130706433/', '127.0.0.1', 'ipv4'],
    ['http://0x7f000001/', '127.0.0.1', 'ipv4'],
    ['http://0177.0.0.1/', '127.0.0.1', 'ipv4'],
    ['http://127.1/', '127.0.0.1', 'ipv4'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]', 'ipv6'],
    ['http://[0:0:0:0:0:0:0:1]/', '[::1]', 'ipv6'],
    ['http://EXAMPLE.com./', 'example.com', 'name'],
    ['http://bücher.example/', 'xn--bcher-kva.example', 'name'],
  ] as const)('normalises the host of %s to %s', (text, host, kind) => {
    expect(url(text)).toMatchObject({ host, hostKind: kind });
  });

  it('implies the default port and keeps another one in the origin', () => {
    expect(url('https://a.example:443/x').origin).toBe('https://a.example');
    expect(url('https://a.example:8443/x')).toMatchObject({
      origin: 'https://a.example:8443',
      port: 8443,
    });
    expect(url('http://a.example/x').port).toBe(80);
  });

  it('keeps the query out of the resource and the fragment out of everything', () => {
    expect(url('https://a.example/p?q=secret#frag')).toMatchObject({
      resource: 'https://a.example/p',
      search: '?q=secret',
      href: 'https://a.example/p?q=secret',
    });
  });

  it('resolves dot segments and decodes escaped unreserved characters', () => {
    expect(url('https://a.example/a/%2e%2e/admin').path).toBe('/admin');
    expect(url('https://a.example/%61dmin/').path).toBe('/admin/');
    expect(url('https://a.example/a%7eb').path).toBe('/a~b');
    expect(url('https://a.example/a%3fb').path).toBe('/a%3Fb');
  });

  it('resolves a relative location against the current URL', () => {
    expect(url('/next?x=1', 'https://a.example/dir/page').href).toBe('https://a.example/next?x=1');
    expect(url('//b.example/x', 'https://a.example/').origin).toBe('https://b.example');
  });

  it.each([
    ['ftp://a.example/', /only http and https/],
    ['file:///etc/passwd', /only http and https/],
    ['javascript:alert(1)', /only http and https/],
    ['not a url', /not an absolute/],
    ['https://user:pw@a.example/', /credentials/],
    ['https://user@a.example/', /credentials/],
    ['http://a.example:0/', /port 0/],
    ['https://a.example/a%2Fb', /encoded/],
    ['https://a.example/a%5cb', /encoded/],
    ['https://a.example/a%00', /encoded/],
    ['https://a.example/\u202Eevil', /invisible format character/],
  ])('refuses %s', (text, why) => {
    expect(reason(text)).toMatch(why);
  });

  it('refuses a URL longer than the limit', () => {
    expect(reason(`https://a.example/${'a'.repeat(9000)}`)).toMatch(/longer than/);
  });
});

describe('canonicalPath', () => {
  it('refuses a segment that becomes a dot segment only once decoded', () => {
    expect(canonicalPath('/a/%2E%2E/b')).toBeNull();
    expect(canonicalPath('/a/.%2e/b')).toBeNull();
  });
});
