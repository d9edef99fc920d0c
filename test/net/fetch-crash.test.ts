// ARCHITECTURE §3 effect intents for net.fetch: a runtime SIGKILLed while a request is in flight
// leaves the intent pending; on reopen it is `unknown`, the process pauses (`unknown-effect`) and
// the request is never sent again. Real child runtime, real SQLite file, real loopback server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import { openRuntime } from '../../src/open-runtime.js';
import { verifyJournal } from '../../src/runtime/verify-journal.js';
import { useCrashRig } from '../support/crash-rig.js';
import { killAndWait } from '../support/kill-and-wait.js';
import { startTsxChild } from '../support/start-tsx-child.js';
import { fetchOnceBody } from './fetch-crash-body.js';

const CHILD = fileURLToPath(new URL('./fetch-crash-child.ts', import.meta.url));
const LINE_TIMEOUT_MS = 30_000;

describe(
  'a net.fetch in flight across a SIGKILL of the runtime',
  { timeout: 4 * LINE_TIMEOUT_MS },
  () => {
    const rig = useCrashRig('libos-fetch-crash-');
    const requests: string[] = [];
    let arrived: () => void = () => undefined;
    let server: Server | undefined;
    let origin = '';

    beforeAll(async () => {
      // Holds every request open: the child is killed while it waits for the answer.
      server = createServer((req) => {
        requests.push(req.url ?? '');
        arrived();
      });
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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

    it('marks the intent unknown, pauses the process and never sends the request again', async () => {
      const seen = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const started = startTsxChild(CHILD, [rig.db, rig.workspace, `${origin}/hang`], {
        until: (stdout) => /^spawned (\S+)$/m.exec(stdout)?.[1] as Pid | undefined,
        timeoutMs: LINE_TIMEOUT_MS,
      });
      rig.children.add(started.child);
      const pid = await started.ready;
      await seen;
      await killAndWait(started.child);
      expect(started.child.signalCode).toBe('SIGKILL');
      expect(requests).toStrictEqual(['/hang']);

      const runtime = await openRuntime({
        db: rig.db,
        workspace: rig.workspace,
        body: fetchOnceBody(),
      });
      rig.runtimes.push(runtime);
      const intents = await runtime.store.read((r) => r.listIntents({ pid, limit: 10 }));
      expect(intents).toMatchObject([
        { syscall: 'net.fetch', resource: `net:${origin}/hang`, state: 'unknown' },
      ]);
      expect(await runtime.journal({ limit: 10, type: 'effect.unknown' })).toMatchObject([
        { pid, data: { syscall: 'net.fetch', resource: `net:${origin}/hang` } },
      ]);
      expect((await runtime.get(pid)).state).toMatchObject({
        kind: 'paused',
        reason: 'unknown-effect',
      });

      expect(await runtime.run({ signal: AbortSignal.timeout(LINE_TIMEOUT_MS) })).toStrictEqual({
        quanta: 0,
        stoppedBy: 'idle',
      });
      expect(requests).toStrictEqual(['/hang']);
      expect(await runtime.store.read((r) => verifyJournal(r, {}))).toMatchObject({ ok: true });
    });
  },
);
