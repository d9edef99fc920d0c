// Security corpus: truncating or rewriting the journal inside the database (chain and head recomputed) is caught by the anchors outside it.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/base/clock.js';
import { sealEntry } from '../../src/kernel/journal/entry.js';
import { verifyJournal, type JournalVerification } from '../../src/runtime/verify-journal.js';
import { anchorLogPath, anchorLogSize, readAnchorLog } from '../../src/store/anchor-log.js';
import { fromHashColumn, toHashColumn } from '../../src/store/sqlite/hash-column.js';
import type { JournalRow } from '../../src/store/sqlite/journal-row.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { runCli } from '../cli/cli-harness.js';
import { createRig } from './helpers.js';

const COMMITS = 12;

let dir = '';
let db = '';

/** Writes COMMITS commits of 3 entries each through the real store (each commit is anchored). */
async function writeJournal(): Promise<void> {
  const clock = createManualClock(1_700_000_000_000);
  const store = await openSqliteStore({ path: db, clock });
  try {
    for (let c = 0; c < COMMITS; c += 1) {
      clock.advance(1000);
      await store.transact((tx) =>
        tx.appendJournal(
          [0, 1, 2].map((i) => ({
            type: 'syscall.completed',
            pid: null,
            actor: 'runtime',
            data: { n: c * 3 + i },
          })),
        ),
      );
    }
  } finally {
    await store.close();
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'libos-anchor-'));
  db = join(dir, 'runtime.db');
  await writeJournal();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function verify(
  options: { anchors?: boolean; kept?: string[] } = {},
): Promise<JournalVerification> {
  const store = await openSqliteStore({ path: db, clock: createManualClock(), readonly: true });
  try {
    return await store.read((reader) =>
      verifyJournal(reader, {
        ...(options.anchors === false ? {} : { anchors: readAnchorLog(anchorLogPath(db)) }),
      }),
    );
  } finally {
    await store.close();
  }
}

/** Edits the file as an attacker with SQL access would, recomputing chain and head after `from`. */
function rewriteFrom(from: number, options: { truncateAfter?: number; forge?: boolean }): void {
  const sql = new Database(db);
  try {
    if (options.truncateAfter !== undefined)
      sql.prepare('DELETE FROM journal WHERE seq > ?').run(options.truncateAfter);
    // Rows with their type and pid names (a row stores their ids in journal_names).
    const named =
      'SELECT j.*, t.name AS type, n.name AS pid FROM journal j ' +
      'JOIN journal_names t ON t.id = j.type_id LEFT JOIN journal_names n ON n.id = j.pid_id';
    const rows = sql
      .prepare<[number], JournalRow>(`${named} WHERE j.seq >= ? ORDER BY j.seq`)
      .all(from);
    let prev = sql.prepare<[number], JournalRow>(`${named} WHERE j.seq = ?`).get(from - 1)!;
    for (const row of rows) {
      const data =
        options.forge === true && row.seq === from
          ? { n: -1, forged: true }
          : JSON.parse(row.data_json);
      const entry = sealEntry(
        { type: row.type!, pid: row.pid as never, actor: row.actor as never, data },
        { seq: row.seq, at: row.at, stream: row.stream, prevHash: fromHashColumn(prev.hash) },
      );
      sql
        .prepare('UPDATE journal SET data_json = ?, prev_hash = ?, hash = ? WHERE seq = ?')
        .run(
          JSON.stringify(entry.data),
          toHashColumn(entry.prevHash),
          toHashColumn(entry.hash),
          row.seq,
        );
      prev = { ...row, hash: entry.hash };
    }
    const last = sql
      .prepare<[], JournalRow>('SELECT * FROM journal ORDER BY seq DESC LIMIT 1')
      .get()!;
    sql
      .prepare('UPDATE journal_heads SET seq = ?, hash = ? WHERE stream = ?')
      .run(last.seq, fromHashColumn(last.hash), last.stream);
  } finally {
    sql.close();
  }
}

describe('the anchor log', () => {
  it('verifies an intact journal with every commit anchored from seq 0', async () => {
    expect(await verify()).toEqual({
      ok: true,
      entries: COMMITS * 3,
      anchors: { checked: COMMITS, newest: COMMITS * 3, from: 0 },
      warnings: [],
    });
  });

  it('catches a truncated tail whose head row was rewound (the chain alone calls it intact)', async () => {
    rewriteFrom(30, { truncateAfter: 30 });
    expect(await verify({ anchors: false })).toMatchObject({ ok: true });
    expect(await verify()).toMatchObject({
      ok: false,
      seq: 33,
      problem: expect.stringContaining('truncated') as unknown,
    });
  });

  it('catches an entry rewritten before the newest anchor with the chain recomputed after it', async () => {
    rewriteFrom(10, { forge: true });
    expect(await verify({ anchors: false })).toMatchObject({ ok: true });
    expect(await verify()).toMatchObject({
      ok: false,
      seq: 12,
      problem: expect.stringContaining('rewritten') as unknown,
    });
  });

  it('calls a missing anchor log a break, not an intact journal', async () => {
    rmSync(anchorLogPath(db));
    expect(await verify()).toMatchObject({
      ok: false,
      problem: expect.stringContaining('anchor log is missing') as unknown,
    });
  });

  it('calls an edited anchor log line a break', async () => {
    writeFileSync(anchorLogPath(db), `${readFileSync(anchorLogPath(db), 'utf8')}not an anchor\n`);
    expect(await verify()).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not an anchor') as unknown,
    });
  });

  it('catches a rewind written into the anchor log itself (a head going back)', async () => {
    const lines = readFileSync(anchorLogPath(db), 'utf8').trimEnd().split('\n');
    writeFileSync(anchorLogPath(db), `${[...lines, lines[3]].join('\n')}\n`);
    expect(await verify()).toMatchObject({
      ok: false,
      problem: expect.stringContaining('rewound') as unknown,
    });
  });

  it('re-anchors at the head when a crash lost the last anchor, and stays intact', async () => {
    const lines = readFileSync(anchorLogPath(db), 'utf8').trimEnd().split('\n');
    writeFileSync(anchorLogPath(db), `${lines.slice(0, -1).join('\n')}\n`);
    const store = await openSqliteStore({ path: db, clock: createManualClock() });
    await store.close();
    expect(await verify()).toMatchObject({ ok: true, anchors: { newest: COMMITS * 3 } });
  });
});

describe('anchors kept elsewhere (journal anchor)', () => {
  it('print the head, and catch a truncation whose author also rewrote the anchor log', async () => {
    const printed = await runCli(['journal', 'anchor', '--db', db, '--workspace', dir]);
    expect(printed.code).toBe(0);
    const kept = printed.stdout.trim();
    expect(kept).toMatch(/^local:36:[0-9a-f]{64}$/);
    rewriteFrom(30, { truncateAfter: 30 });
    // The attacker replaces the anchor log with one that ends at the new head.
    const lines = readFileSync(anchorLogPath(db), 'utf8').trimEnd().split('\n');
    writeFileSync(anchorLogPath(db), `${lines.slice(0, 10).join('\n')}\n`);
    const fooled = await runCli(['journal', 'verify', '--db', db, '--workspace', dir]);
    expect(fooled.code).toBe(0);
    const caught = await runCli([
      'journal',
      'verify',
      '--db',
      db,
      '--workspace',
      dir,
      '--anchor',
      kept,
    ]);
    expect(caught.code).toBe(10);
    expect(caught.stdout).toMatch(/^journal tampered at seq 36: .*truncated/);
  });
});

describe('object payloads', () => {
  it('are checked against their sha256: a payload changed in the database fails object.read and is never materialized', async () => {
    await using rig = await createRig();
    const seen: { read?: string; context?: readonly string[] } = {};
    rig.script('reader', async (ctx) => {
      const outcome = await rig.call(ctx, 'object.read', { name: 'plan' });
      seen.read = outcome.kind === 'error' ? outcome.error.code : 'value';
      const context = await ctx.materializeContext({ budgetTokens: 10_000 });
      seen.context = context.excluded.map((e) => e.reason);
    });
    const pid = await rig.spawn('reader');
    const made = await rig.runtime.objects.create({
      namespace: `proc/${pid}`,
      name: 'plan',
      type: 'note',
      content: 'the genuine plan',
    });
    const sql = new Database(rig.t.dbPath);
    try {
      sql
        .prepare('UPDATE blobs SET bytes = ? WHERE sha256 = ?')
        .run(Buffer.from('a forged plan'), made.version.sha256);
    } finally {
      sql.close();
    }
    await rig.run();
    expect(seen).toEqual({ read: 'STORE_CORRUPT', context: ['corrupt'] });
  });
});

describe('verifying while a runtime writes', () => {
  it('leaves out the anchors of commits the snapshot cannot see, instead of crying truncation', async () => {
    const path = anchorLogPath(db);
    const writer = await openSqliteStore({ path: db, clock: createManualClock() });
    const readOnly = await openSqliteStore({
      path: db,
      clock: createManualClock(),
      readonly: true,
    });
    try {
      const bytes = anchorLogSize(path);
      const result = await readOnly.read(async (reader) => {
        await reader.journalHeads(); // the snapshot is taken
        await writer.transact((tx) =>
          tx.appendJournal([{ type: 'later', pid: null, actor: 'runtime', data: {} }]),
        );
        const naive = await verifyJournal(reader, { anchors: readAnchorLog(path) });
        const measured = await verifyJournal(reader, { anchors: readAnchorLog(path, { bytes }) });
        return { naive, measured };
      });
      expect(result.naive).toMatchObject({ ok: false });
      expect(result.measured).toMatchObject({ ok: true, entries: COMMITS * 3 });
    } finally {
      await readOnly.close();
      await writer.close();
    }
  });

  it('calls a log deleted and started again by a later open a break', async () => {
    rmSync(anchorLogPath(db));
    const store = await openSqliteStore({ path: db, clock: createManualClock() });
    await store.close();
    expect(await verify()).toMatchObject({
      ok: false,
      problem: expect.stringContaining('started again') as unknown,
    });
  });
});
