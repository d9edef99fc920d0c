// net.fetch over HTTPS to a loopback server with a self-signed certificate: the socket is pinned
// to the checked address while TLS SNI keeps the name, and an untrusted certificate is refused.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neededUnderCi } from '../support/needed-under-ci.js';
import { useNetRig } from './net-rig.js';

function findOpenssl(): string | null {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'openssl is not installed (Debian package openssl)';
  }
}

describe.runIf(neededUnderCi('the net.fetch TLS tests', findOpenssl()))(
  'net.fetch over https',
  { timeout: 60_000 },
  () => {
    const rig = useNetRig();
    const names: (string | undefined)[] = [];
    let requests = 0;
    let server: Server | undefined;
    let port = 0;
    let dir = '';

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'libos-tls-'));
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-subj',
          '/CN=tls.test',
          '-addext',
          'subjectAltName=DNS:tls.test',
          '-days',
          '2',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const key = readFileSync(join(dir, 'key.pem'));
      const cert = readFileSync(join(dir, 'cert.pem'));
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
      if (dir !== '') rmSync(dir, { recursive: true, force: true });
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
  },
);
