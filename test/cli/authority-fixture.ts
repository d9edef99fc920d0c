// Test fixture for the authority commands: processes holding capabilities, a delegation tree, and
// a pending permission request, question and notification.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createManualClock } from '../../src/base/clock.js';
import { createSequentialIdSource, type Pid } from '../../src/base/ids.js';
import type { RequestId } from '../../src/kernel/approval/types.js';
import type { CapabilityId } from '../../src/kernel/capability/types.js';
import { openRuntime } from '../../src/open-runtime.js';
import type { HumanAnswer } from '../../src/ports/kernel-ops.js';
import type { QuantumBody } from '../../src/runtime/quantum-context.js';
import { SEED_START } from './cli-harness.js';

/** The seeding clock's time, 2023-11-14T22:13:20.000Z (the manual clock does not move). */
export const AUTH_START = SEED_START;

/** What {@link seedAuthority} created. */
export interface SeededAuthority {
  readonly pids: Record<'writer' | 'asker' | 'notifier' | 'delegator' | 'helper' | 'reader', Pid>;
  readonly requests: Record<'permission' | 'question' | 'notification', RequestId>;
  readonly caps: Record<
    | 'ask'
    | 'humanAsk'
    | 'humanNotify'
    | 'source'
    | 'secret'
    | 'delegated'
    | 'revoked'
    | 'usedUp'
    | 'expiring',
    CapabilityId
  >;
}

/** The question the asker asks; its deadline is an hour after the seeding time. */
export const QUESTION = 'Which colour should the report use?';
/** The notifier's message. */
export const NOTICE = 'Nightly build finished';

/**
 * The quantum body of the seeded processes, by name: `writer` writes `a.txt` (asks first) and
 * exits `written`; `asker` asks {@link QUESTION} and exits with the answer; `notifier` notifies
 * and exits; `reader` reads `notes.txt` and exits; `delegator` spawns `helper` with `fs:src/**`
 * read delegated and sleeps; `helper` sleeps. `delegation` supplies the record to delegate from.
 */
export function authorityBody(delegation: { from?: CapabilityId } = {}): QuantumBody {
  return async (ctx) => {
    switch (ctx.process.name ?? '') {
      case 'writer': {
        const r = await ctx.syscall('fs.write', { path: 'a.txt', content: 'hello' });
        if (!r.blocked) await ctx.exit('written');
        return;
      }
      case 'asker': {
        const r = await ctx.syscall('human.ask', { question: QUESTION, deadlineMs: 3_600_000 });
        if (!r.blocked) await ctx.exit((r.value as HumanAnswer).answer);
        return;
      }
      case 'notifier':
        await ctx.syscall('human.notify', { message: NOTICE });
        await ctx.exit('notified');
        return;
      case 'reader':
        await ctx.syscall('fs.read', { path: 'notes.txt' });
        await ctx.exit('read');
        return;
      case 'delegator': {
        const from = delegation.from;
        if (from === undefined) throw new Error('the delegator needs a record to delegate');
        await ctx.spawn({
          imageId: 'base',
          goal: 'Read the sources',
          name: 'helper',
          grants: [
            { from, resource: { kind: 'fs', match: 'subtree', path: 'src' }, rights: ['read'] },
          ],
        });
        await ctx.sleep(1_000_000_000);
        return;
      }
      default:
        await ctx.sleep(1_000_000_000);
    }
  };
}

/**
 * Creates the workspace's database with a runtime (manual clock at {@link AUTH_START}, sequential
 * ids, so pids are `proc_00000001`…) and runs it until every process waits or has ended: three
 * pending requests; a delegation tree under `source` (the delegated copy plus the delegator's
 * deny on `fs:src/secret` copied along); a revoked record; a one-use grant the reader used up; and
 * a record of the writer that expires a minute after the start.
 */
export async function seedAuthority(workspace: string): Promise<SeededAuthority> {
  const delegation: { from?: CapabilityId } = {};
  await writeFile(join(workspace, 'notes.txt'), 'some notes');
  const rt = await openRuntime({
    workspace,
    body: authorityBody(delegation),
    clock: createManualClock(AUTH_START),
    ids: createSequentialIdSource(),
  });
  try {
    const spawn = async (name: string): Promise<Pid> =>
      (await rt.spawn({ imageId: 'base', goal: `Be the ${name}`, name })).pid;
    const writer = await spawn('writer');
    const asker = await spawn('asker');
    const notifier = await spawn('notifier');
    const delegator = await spawn('delegator');
    const reader = await spawn('reader');
    const grant = async (
      subject: Pid,
      resource: string,
      rights: string,
      extra: { effect?: 'allow' | 'ask' | 'deny'; once?: boolean; expiresAt?: number } = {},
    ): Promise<CapabilityId> => (await rt.grant({ subject, resource, rights, ...extra })).id;
    const ask = await grant(writer, 'fs:a.txt', 'write', { effect: 'ask' });
    const humanAsk = await grant(asker, 'human:owner', 'ask');
    const humanNotify = await grant(notifier, 'human:owner', 'notify');
    const source = await grant(delegator, 'fs:**', 'read,write');
    const secret = await grant(delegator, 'fs:src/secret', 'read', { effect: 'deny' });
    const revoked = await grant(writer, 'net:https://example.com/**', 'get');
    await rt.revoke(revoked);
    const usedUp = await grant(reader, 'fs:notes.txt', 'read', { once: true });
    const expiring = await grant(writer, 'fs:a.txt', 'write', { expiresAt: AUTH_START + 60_000 });
    delegation.from = source;
    await rt.run();
    const pending = await rt.requests();
    const byKind = (kind: string): RequestId => {
      const found = pending.find((r) => r.body.kind === kind);
      if (found === undefined) throw new Error(`no pending ${kind} request`);
      return found.id;
    };
    const helper = (await rt.list()).find((p) => p.name === 'helper');
    const delegated = (await rt.capabilities({ subject: helper?.pid ?? '' })).find(
      (c) => c.parentId === source,
    );
    if (helper === undefined || delegated === undefined) throw new Error('no delegation');
    return {
      pids: { writer, asker, notifier, delegator, helper: helper.pid, reader },
      requests: {
        permission: byKind('permission'),
        question: byKind('question'),
        notification: byKind('notification'),
      },
      caps: {
        ask,
        humanAsk,
        humanNotify,
        source,
        secret,
        delegated: delegated.id,
        revoked,
        usedUp,
        expiring,
      },
    };
  } finally {
    await rt.close();
  }
}

/**
 * Every row of the tables authority commands write (capabilities, human requests, processes) and
 * the journal and mailbox sizes, read directly from the file: equal snapshots mean nothing changed.
 */
export function snapshotAuthority(dbPath: string): {
  capabilities: unknown[];
  requests: unknown[];
  processes: unknown[];
  journal: number;
  messages: number;
} {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = (table: string): unknown[] => db.prepare(`SELECT * FROM ${table}`).all();
    return {
      capabilities: rows('capabilities'),
      requests: rows('human_requests'),
      processes: rows('processes'),
      journal: db.prepare<[], number>('SELECT count(*) FROM journal').pluck().get() ?? 0,
      messages: db.prepare<[], number>('SELECT count(*) FROM messages').pluck().get() ?? 0,
    };
  } finally {
    db.close();
  }
}
