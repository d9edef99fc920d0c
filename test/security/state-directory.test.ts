// Security corpus: the runtime's own state (database, WAL, lock, anchors) is unreachable by every syscall, whatever the grants.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/base/clock.js';
import { isLibosError } from '../../src/base/errors.js';
import { createSequentialIdSource } from '../../src/base/ids.js';
import { openRuntime } from '../../src/open-runtime.js';
import type { QuantumContext } from '../../src/runtime/quantum-context.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { verifyJournal } from '../../src/runtime/verify-journal.js';

type Attempt = readonly [syscall: string, input: unknown];
type Outcome = { syscall: string; code: string | null };

let dir = '';
let workspace = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-libos-state-'));
  workspace = join(dir, 'workspace');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'README.md'), 'hello');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A runtime on `db` (inside or outside the workspace) whose agent makes `attempts` in one quantum. */
async function attackRuntime(
  db: string | undefined,
  attempts: readonly Attempt[],
): Promise<{ runtime: Runtime; outcomes: Outcome[] }> {
  const outcomes: Outcome[] = [];
  const run = async (ctx: QuantumContext): Promise<void> => {
    for (const [syscall, input] of attempts) {
      try {
        await ctx.syscall(syscall, input);
        outcomes.push({ syscall, code: null });
      } catch (error) {
        outcomes.push({ syscall, code: isLibosError(error) ? error.code : 'THROWN' });
      }
    }
    await ctx.exit(null);
  };
  const runtime = await openRuntime({
    workspace,
    ...(db === undefined ? {} : { db }),
    body: run,
    clock: createManualClock(),
    ids: createSequentialIdSource(),
  });
  return { runtime, outcomes };
}

const EVERYTHING = [
  { resource: 'fs:**', rights: 'read,write,delete' },
  { resource: 'fs:.agent-libos/**', rights: 'read,write,delete' },
  { resource: 'fs:custom/**', rights: 'read,write,delete' },
  { resource: 'object:ns/shared/loot/**', rights: 'read,write' },
] as const;

async function runAttack(db: string | undefined, attempts: readonly Attempt[]): Promise<Outcome[]> {
  const { runtime, outcomes } = await attackRuntime(db, attempts);
  try {
    await runtime.objects.createNamespace('shared/loot');
    const { pid } = await runtime.spawn({ imageId: 'base', goal: 'loot the runtime' });
    for (const grant of EVERYTHING) await runtime.grant({ subject: pid, ...grant });
    await runtime.run();
    const verified = await runtime.store.read((r) => verifyJournal(r, {}));
    expect(verified).toMatchObject({ ok: true });
    // Every refusal is journaled as a denial naming only the workspace path.
    const denied = await runtime.journal({ pid, type: 'syscall.denied', limit: 500 });
    for (const entry of denied) expect(JSON.stringify(entry.data)).not.toContain(dir);
  } finally {
    await runtime.close();
  }
  return outcomes;
}

const IN_WORKSPACE_ATTACKS: readonly Attempt[] = [
  ['fs.read', { path: '.agent-libos/runtime.db' }],
  ['fs.read', { path: '.agent-libos/runtime.db-wal' }],
  ['fs.stat', { path: '.agent-libos/runtime.db' }],
  ['fs.list', { path: '.agent-libos' }],
  ['fs.write', { path: '.agent-libos/runtime.db', content: 'old snapshot' }],
  ['fs.write', { path: '.agent-libos/planted.db', content: 'planted' }],
  ['fs.delete', { path: '.agent-libos/runtime.db-wal' }],
  ['fs.delete', { path: '.agent-libos/runtime.db' }],
  ['fs.delete', { path: '.agent-libos', recursive: true }],
  ['fs.move', { from: '.agent-libos', to: 'stolen' }],
  ['fs.move', { from: 'README.md', to: '.agent-libos/runtime.db', overwrite: true }],
  ['fs.mkdir', { path: '.agent-libos/x' }],
  ['fs.read', { path: './.agent-libos/../.agent-libos/runtime.db' }],
  ['fs.read', { path: '.AGENT-LIBOS/runtime.db' }],
  ['process.chdir', { path: '.agent-libos' }],
  ['object.fromFile', { path: '.agent-libos/runtime.db', namespace: 'shared/loot', name: 'db' }],
];

describe('a database inside the workspace', () => {
  it('is refused to every syscall, even under fs:** and an explicit grant on its directory', async () => {
    const outcomes = await runAttack('.agent-libos/runtime.db', IN_WORKSPACE_ATTACKS);
    expect(outcomes).toEqual(
      IN_WORKSPACE_ATTACKS.map(([syscall]) => ({ syscall, code: 'NOT_PERMITTED' })),
    );
    expect(existsSync(join(workspace, '.agent-libos', 'runtime.db'))).toBe(true);
    expect(readdirSync(join(workspace, '.agent-libos')).sort()).not.toContain('planted.db');
    expect(readFileSync(join(workspace, 'README.md'), 'utf8')).toBe('hello');
  });

  it('reserves the directory of a --db anywhere in the workspace, and its ancestors against delete and move', async () => {
    const attacks: readonly Attempt[] = [
      ['fs.read', { path: 'custom/state.db' }],
      ['fs.delete', { path: 'custom', recursive: true }],
      ['fs.move', { from: 'custom', to: 'elsewhere' }],
    ];
    const outcomes = await runAttack('custom/state.db', attacks);
    expect(outcomes.map((o) => o.code)).toEqual([
      'NOT_PERMITTED',
      'NOT_PERMITTED',
      'NOT_PERMITTED',
    ]);
    expect(existsSync(join(workspace, 'custom', 'state.db'))).toBe(true);
  });

  it('refuses a database directly in the workspace root (its directory would be the workspace)', async () => {
    await expect(openRuntime({ workspace, db: 'runtime.db' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(existsSync(join(workspace, 'runtime.db'))).toBe(false);
  });
});

describe('the default state directory', () => {
  it('lies outside the workspace, in the per-user state home keyed by the workspace', async () => {
    const outcomes = await runAttack(undefined, [['fs.list', { path: '.' }]]);
    expect(outcomes).toEqual([{ syscall: 'fs.list', code: null }]);
    expect(readdirSync(workspace).sort()).toEqual(['README.md']);
  });
});
