// Object Memory survives SIGKILL: a real child Node process writes versioned objects on a real
// SQLite file and is killed mid-write; reopened, every committed version reads back byte for byte
// with its history, and the version being written when it died is either whole or absent.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/base/hash.js';
import type { Pid } from '../../src/base/ids.js';
import { privateNamespace } from '../../src/kernel/object/types.js';
import { openRuntime } from '../../src/open-runtime.js';
import { verifyJournal } from '../../src/runtime/verify-journal.js';
import { FIXED, FIXED_VERSIONS, payloadFor } from './durability-workload.js';
import { killAndWait } from '../support/kill-and-wait.js';
import { useCrashRig } from '../support/crash-rig.js';

const CHILD = fileURLToPath(new URL('./durability-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LINE_TIMEOUT_MS = 30_000;

/** Starts the child and resolves with the pid it spawned once it printed `churning`. */
function startChild(paths: { db: string; workspace: string }): {
  child: ChildProcess;
  churning: Promise<Pid>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, paths.db, paths.workspace], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const churning = new Promise<Pid>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no churning line within ${LINE_TIMEOUT_MS} ms: ${stdout} ${stderr}`));
    }, LINE_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const pid = /^spawned (\S+)$/m.exec(stdout)?.[1];
      const lines = stdout.split('\n');
      if (pid !== undefined && lines.includes('written') && lines.includes('churning')) {
        clearTimeout(timer);
        resolve(pid as Pid);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the child exited (${code ?? signal ?? '?'}) early: ${stdout} ${stderr}`));
    });
    child.once('error', reject);
  });
  return { child, churning };
}

// Generous: longer than the child's own line timeout, so that reports what went wrong.
describe('Object Memory across a SIGKILL of the runtime', { timeout: 4 * LINE_TIMEOUT_MS }, () => {
  const rig = useCrashRig('libos-objects-crash-');

  it('reads every committed version back byte-identical, with its history, after reopening', async () => {
    const started = startChild({ db: rig.db, workspace: rig.workspace });
    rig.children.add(started.child);
    const pid = await started.churning;
    await killAndWait(started.child);
    expect(started.child.signalCode).toBe('SIGKILL');

    const runtime = await openRuntime({ db: rig.db, workspace: rig.workspace });
    rig.runtimes.push(runtime);
    const namespace = privateNamespace(pid);
    const find = (name: string) => runtime.store.read((r) => r.findObject(namespace, name));

    for (const name of FIXED) {
      const object = await find(name);
      expect(object, name).toBeDefined();
      const versions = await runtime.objects.versions(object?.id ?? '');
      expect(versions.map((v) => v.version)).toEqual(
        Array.from({ length: FIXED_VERSIONS }, (_, i) => i + 1),
      );
      for (const v of versions) {
        const expected = payloadFor(name, v.version);
        const read = await runtime.objects.read(object?.id ?? '', { version: v.version });
        expect(Buffer.from(read.bytes).equals(expected), `${name}@${v.version}`).toBe(true);
        expect(v.sha256).toBe(sha256Hex(expected));
        expect(v.size).toBe(expected.length);
        expect(v.labels).toMatchObject({ creator: pid, origins: ['model'] });
      }
    }

    // The object being updated when the process died: a contiguous history, each version whole,
    // and each one named by its object.created/updated journal entry (same transaction).
    const churn = await find('churn');
    const history = await runtime.objects.versions(churn?.id ?? '');
    expect(history.length).toBeGreaterThanOrEqual(1);
    expect(history.map((v) => v.version)).toEqual(history.map((_, i) => i + 1));
    expect(churn?.latestVersion).toBe(history.length);
    for (const v of history) {
      const read = await runtime.objects.read(churn?.id ?? '', { version: v.version });
      expect(Buffer.from(read.bytes).equals(payloadFor('churn', v.version))).toBe(true);
    }
    const written = [
      ...(await runtime.journal({ limit: 1000, pid, type: 'object.created' })),
      ...(await runtime.journal({ limit: 1000, pid, type: 'object.updated' })),
    ].filter((e) => e.data.object === churn?.id);
    expect(written.map((e) => e.data.sha256).sort()).toEqual(history.map((v) => v.sha256).sort());
    expect(await runtime.store.read((r) => verifyJournal(r, {}))).toMatchObject({ ok: true });
  });
});
