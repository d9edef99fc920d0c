// One writing runtime per SQLite file, across real OS processes: a child holds the writer lock,
// the parent is refused (but may read), and SIGKILL of the child releases the lock.
import { spawn, type ChildProcess } from 'node:child_process';
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
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Starts the child writer; `ready` resolves once it holds the store and rejects if it exits first. */
function startWriter(path: string): { child: ChildProcess; ready: Promise<void> } {
  // stdin stays an open pipe: the child exits when it closes, so it cannot outlive this process.
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path], {
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
    expect(refused).toMatchObject({
      code: 'STORE_LOCKED',
      message: 'Opening the store for writing failed: another runtime is writing to it',
    });

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
});
