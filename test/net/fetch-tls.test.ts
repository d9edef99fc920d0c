// net.fetch over HTTPS to a loopback server with a self-signed certificate: the socket is pinned
// to the checked address while TLS SNI keeps the name, and an untrusted certificate is refused.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNetRig } from './net-rig.js';

describe('net.fetch over https', { timeout: 60_000 }, () => {
  const rig = useNetRig();
  const names: (string | undefined)[] = [];
  let requests = 0;
  let server: Server | undefined;
  let port = 0;

  beforeAll(async () => {
    // A self-signed certificate for `tls.test`, made once with openssl (valid for 100 years) and
    // kept beside this file, so the suite needs no tool of the host.
    const key = readFileSync(new URL('./fixtures/tls-test-key.pem', import.meta.url));
    const cert = readFileSync(new URL('./fixtures/tls-test-cert.pem', import.meta.url));
    server = createServer(
      {
        key,
        cert,
        SNICallback: (name, done) => {
          names.push(name);
          done(null);
        },
      },
      (_req, res) => {
        requests += 1;
        res.end('secret over tls');
      },
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => {
      if (server === undefined) resolve();
      else
        server.close(() => {
          resolve();
        });
    });
  });

  it('connects to the pinned address, sends the name as SNI, and refuses the untrusted certificate', async () => {
    rig.answers.set('tls.test', [['127.0.0.1']]);
    const { outcomes } = await rig.fetchAs(
      [{ resource: `net:https://tls.test:${port}/**`, rights: 'get' }],
      [{ url: `https://tls.test:${port}/page` }],
    );
    const [outcome] = outcomes;
    expect(outcome?.ok).toBe(false);
    if (outcome?.ok === false)
      expect(outcome.error).toMatchObject({
        code: 'NETWORK_FAILED',
        message: expect.stringMatching(/TLS handshake failed/),
      });
    expect(names).toStrictEqual(['tls.test']);
    expect(requests).toBe(0);
    expect(rig.asked).toStrictEqual(['tls.test']);
  });
});
