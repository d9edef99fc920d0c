// One writing runtime per SQLite file, across real OS processes: a child holds the writer lock,
// the parent is refused (but may read), and SIGKILL of the child releases the lock.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/base/clock.js';
import { LibosError } from '../../src/base/errors.js';
import type { Store } from '../../src/ports/store.js';
import { verifyJournal } from '../../src/runtime/verify-journal.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { killAndWait } from '../support/kill-and-wait.js';

const CHILD = fileURLToPath(new URL('./writer-child.ts', import.meta.url));
const HOLDER_CHILD = fileURLToPath(new URL('./lock-holder-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Starts the child writer; `ready` resolves once it holds the store and rejects if it exits first. */
function startWriter(
  path: string,
  script = CHILD,
  args: readonly string[] = [],
): { child: ChildProcess; ready: Promise<void> } {
  // stdin stays an open pipe: the child exits when it closes, so it cannot outlive this process.
  const child = spawn(process.execPath, ['--import', 'tsx', script, path, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('ready\n')) resolve();
    });
    child.once('exit', (code, signal) => {
      reject(new Error(`writer child exited (${code ?? signal ?? '?'}) before ready: ${stderr}`));
    });
    child.once('error', reject);
  });
  return { child, ready };
}

// Generous: a child starts Node with tsx; its kill and every handle are cleaned up in afterEach.
describe('single writer per SQLite file, across processes', { timeout: 120_000 }, () => {
  let dir: string;
  let path: string;
  let child: ChildProcess | undefined;
  const stores: Store[] = [];
  const clock = createManualClock();

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'libos-writer-'));
    path = join(dir, 'runtime.db');
  });

  afterEach(async () => {
    if (child !== undefined) await killAndWait(child);
    child = undefined;
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await rm(dir, { recursive: true, force: true });
  });

  async function open(options: { readonly?: boolean } = {}): Promise<Store> {
    const store = await openSqliteStore({ path, clock, ...options });
    stores.push(store);
    return store;
  }

  it('refuses a second writer, serves readers, and frees the lock when the writer is killed', async () => {
    const started = startWriter(path);
    child = started.child;
    await started.ready;

    const refused: unknown = await open().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(LibosError);
    const pid = child.pid ?? 0;
    expect(refused).toMatchObject({
      code: 'STORE_LOCKED',
      details: { ownerPid: pid, isOwnerAlive: true },
    });
    // The message names the lock file, the holder, that it runs, and the fix.
    expect((refused as LibosError).message).toMatch(
      new RegExp(
        `^Opening the store for writing failed: another runtime holds the writer lock ${path}-writer\\.lock: process ${pid} \\(running, since [^)]+\\); wait for it to finish, or stop it \\(kill ${pid}\\) and try again$`,
      ),
    );

    const reader = await open({ readonly: true });
    const seen = await reader.read((r) => r.listJournal({ limit: 10 }));
    expect(seen.map((e) => [e.type, e.stream, e.data['pid']])).toStrictEqual([
      ['child.started', 'child', child.pid],
    ]);

    await killAndWait(child);
    expect(child.signalCode).toBe('SIGKILL');

    const writer = await open();
    const [entry] = await writer.transact((tx) =>
      tx.appendJournal([{ type: 'parent.took.over', pid: null, actor: 'runtime', data: {} }]),
    );
    expect(entry).toMatchObject({ seq: 2, stream: 'local' });
    expect(await writer.read((r) => verifyJournal(r, {}))).toMatchObject({ ok: true, entries: 2 });
    // The reader opened during the child's run still works and sees the new writer's commit.
    expect(await reader.read((r) => r.listJournal({ afterSeq: 1, limit: 10 }))).toHaveLength(1);
  });

  it('says when the pid that took the lock has ended and another process holds it, and how to find it', async () => {
    const gone = spawn(process.execPath, ['-e', '']);
    const [code] = (await once(gone, 'exit')) as [number | null];
    expect(code).toBe(0);
    const started = startWriter(path, HOLDER_CHILD, [String(gone.pid)]);
    child = started.child;
    await started.ready;
    const refused: unknown = await open().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({
      code: 'STORE_LOCKED',
      details: { ownerPid: gone.pid, isOwnerAlive: false },
    });
    const lock = `${path}-writer.lock`;
    expect((refused as LibosError).message).toBe(
      `Opening the store for writing failed: another runtime holds the writer lock ${lock}: process ${gone.pid} took it at 1970-01-01T00:00:00.001Z but is no longer running, so another process holds it now (one that inherited the open lock file, or one in another container or PID namespace); find the holder with \`fuser -v ${lock}\` or \`lsof ${lock}\` and stop it`,
    );
  });
});
