// The caps commands: list, grant, revoke and explain, their --json forms and failures.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/base/clock.js';
import { formatResource } from '../../src/kernel/capability/resource.js';
import type { Capability } from '../../src/kernel/capability/types.js';
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import { openRuntime } from '../../src/open-runtime.js';
import { AUTH_START, seedAuthority, snapshotAuthority } from './authority-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

/** The CLI's clock in these tests: two minutes after seeding. */
const NOW = AUTH_START + 120_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** The table line starting with `id`. */
function rowOf(stdout: string, id: string): string {
  return stdout.split('\n').find((line) => line.startsWith(`${id} `)) ?? '';
}

describe('agent-libos caps list', () => {
  it('shows live records with subject, resource, rights, effect, uses, expiry, parent and issuer', async () => {
    await using ws = await createTempWorkspace();
    const { pids, caps } = await seedAuthority(ws.dir);
    const run = await runCli(['caps', 'list'], { cwd: ws.dir, now: NOW });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.split('\n')[0]).toMatch(
      /^ID\s+SUBJECT\s+RESOURCE\s+RIGHTS\s+EFFECT\s+USES\s+EXPIRES\s+PARENT\s+ISSUED BY\s+REVOKED$/,
    );
    expect(rowOf(run.stdout, caps.source)).toMatch(
      new RegExp(
        `^${caps.source}\\s+${pids.delegator}\\s+fs:\\*\\*\\s+read,write\\s+allow\\s+∞\\s+-\\s+-\\s+operator\\s+-$`,
      ),
    );
    expect(rowOf(run.stdout, caps.delegated)).toMatch(
      new RegExp(
        `^${caps.delegated}\\s+${pids.helper}\\s+fs:src/\\*\\*\\s+read\\s+allow\\s+∞\\s+-\\s+${caps.source}\\s+${pids.delegator}\\s+-$`,
      ),
    );
    expect(rowOf(run.stdout, caps.secret)).toMatch(/\sfs:src\/secret\s+read\s+deny\s/);
    expect(rowOf(run.stdout, caps.ask)).toMatch(/\sfs:a\.txt\s+write\s+ask\s/);
    expect(rowOf(run.stdout, caps.usedUp)).toMatch(/\sallow\s+0\s+-\s/);
    expect(rowOf(run.stdout, caps.expiring)).toContain(`${iso(AUTH_START + 60_000)}(expired)`);
    // Runtime-issued lineage records are listed too.
    expect(run.stdout).toMatch(
      new RegExp(
        `\\s${pids.writer}\\s+process:${pids.writer}\\s+message\\s+allow\\s.*\\sruntime\\s+-\\n`,
      ),
    );
    // Revoked records only with --all.
    expect(run.stdout).not.toContain(caps.revoked);
  });

  it('includes revoked records with --all, filters by --pid and prints records with --json', async () => {
    await using ws = await createTempWorkspace();
    const { pids, caps } = await seedAuthority(ws.dir);
    const all = await runCli(['caps', 'list', '--all'], { cwd: ws.dir, now: NOW });
    expect(rowOf(all.stdout, caps.revoked)).toMatch(
      new RegExp(`\\snet:https://example\\.com/\\*\\*\\s+get\\s+allow\\s.*\\s${iso(AUTH_START)}$`),
    );
    const mine = await runCli(['caps', 'list', '--pid', pids.helper, '--json'], { cwd: ws.dir });
    expect(mine.code).toBe(0);
    const records = JSON.parse(mine.stdout) as Capability[];
    expect(records.every((r) => r.subject === pids.helper)).toBe(true);
    expect(records.find((r) => r.id === caps.delegated)).toMatchObject({
      resource: { kind: 'fs', match: 'subtree', path: 'src' },
      resourceText: 'fs:src/**',
      rights: ['read'],
      parentId: caps.source,
      issuedBy: pids.delegator,
      depth: 1,
    });
    const ids = records.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    const withRevoked = JSON.parse(
      (await runCli(['caps', 'list', '--all', '--json', '--pid', pids.writer], { cwd: ws.dir }))
        .stdout,
    ) as Capability[];
    expect(withRevoked.find((r) => r.id === caps.revoked)?.revokedAt).toBe(AUTH_START);
    const none = await runCli(['caps', 'list', '--pid', 'proc_99999999'], { cwd: ws.dir });
    expect(none).toEqual({ code: 0, stdout: 'no capabilities\n', stderr: '' });
  });
});

describe('agent-libos caps grant', () => {
  it('grants a one-use allow expiring after a duration and journals it as the operator', async () => {
    await using ws = await createTempWorkspace();
    const { pids } = await seedAuthority(ws.dir);
    const run = await runCli(
      ['caps', 'grant', pids.writer, 'fs:docs/**=read,write', '--once', '--expires', '2h'],
      { cwd: ws.dir, now: NOW },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const id = /^granted (cap_\w+) to proc_00000001\n/.exec(run.stdout)?.[1] ?? '';
    expect(rowOf(run.stdout, id)).toMatch(
      new RegExp(
        `^${id}\\s+${pids.writer}\\s+fs:docs/\\*\\*\\s+read,write\\s+allow\\s+1\\s+${iso(NOW + 7_200_000)}\\s+-\\s+operator\\s+-$`,
      ),
    );
    const listed = JSON.parse(
      (await runCli(['caps', 'list', '--json', '--pid', pids.writer], { cwd: ws.dir })).stdout,
    ) as Capability[];
    expect(listed.find((r) => r.id === id)).toMatchObject({
      effect: 'allow',
      usesRemaining: 1,
      expiresAt: NOW + 7_200_000,
      issuedBy: 'operator',
      createdAt: NOW,
    });
    const journal = JSON.parse(
      (
        await runCli(
          ['journal', 'list', '--json', '--type', 'capability.granted', '--limit', '1000'],
          { cwd: ws.dir },
        )
      ).stdout,
    ) as JournalEntry[];
    expect(journal.at(-1)).toMatchObject({
      pid: pids.writer,
      actor: 'operator',
      data: { capability: id, resource: 'fs:docs/**', rights: ['read', 'write'] },
    });
  });

  it('grants deny and ask records, an ISO expiry with an offset, and prints the record with --json', async () => {
    await using ws = await createTempWorkspace();
    const { pids } = await seedAuthority(ws.dir);
    const deny = await runCli(
      ['caps', 'grant', pids.asker, '--deny', 'shell:rm=execute', '--json'],
      {
        cwd: ws.dir,
        now: NOW,
      },
    );
    expect(deny.code).toBe(0);
    expect(JSON.parse(deny.stdout)).toMatchObject({
      subject: pids.asker,
      resource: { kind: 'shell', match: 'subtree', path: 'rm' },
      rights: ['execute'],
      effect: 'deny',
      usesRemaining: null,
      expiresAt: null,
    });
    const ask = await runCli(
      [
        'caps',
        'grant',
        pids.asker,
        '--ask',
        'net:*=connect',
        '--expires',
        '2023-11-15T01:00+02:00',
        '--json',
      ],
      { cwd: ws.dir, now: NOW },
    );
    expect(ask.code).toBe(0);
    expect(JSON.parse(ask.stdout)).toMatchObject({
      resource: { kind: 'net', match: 'any' },
      effect: 'ask',
      expiresAt: Date.parse('2023-11-14T23:00:00Z'),
    });
  });

  it('grants --grant, --ask and --deny records with their own limits in one command', async () => {
    await using ws = await createTempWorkspace();
    const { pids } = await seedAuthority(ws.dir);
    const run = await runCli(
      [
        'caps',
        'grant',
        pids.asker,
        'fs:docs/**=read',
        '--grant',
        'fs:out/**=write;once;expires=2h;no-delegate',
        '--ask',
        'fs:report.md=write',
        '--deny',
        'fs:docs/secret=read',
        '--json',
      ],
      { cwd: ws.dir, now: NOW },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const records = JSON.parse(run.stdout) as Capability[];
    expect(records.map((r) => [formatResource(r.resource), r.effect])).toEqual([
      ['fs:docs/**', 'allow'],
      ['fs:out/**', 'allow'],
      ['fs:report.md', 'ask'],
      ['fs:docs/secret', 'deny'],
    ]);
    expect(records[0]).toMatchObject({ usesRemaining: null, expiresAt: null, delegable: true });
    expect(records[1]).toMatchObject({
      usesRemaining: 1,
      expiresAt: NOW + 7_200_000,
      delegable: false,
    });
  });

  it('grants all records or none: one bad object id leaves the others ungranted', async () => {
    await using ws = await createTempWorkspace();
    const { pids } = await seedAuthority(ws.dir);
    const before = snapshotAuthority(ws.dbPath);
    const run = await runCli(
      ['caps', 'grant', pids.asker, 'fs:a=read', '--grant', 'object:obj_00000099=read'],
      { cwd: ws.dir, now: NOW },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error NOT_FOUND: Granting a capability failed: no object/);
    expect(snapshotAuthority(ws.dbPath)).toEqual(before);
  });

  it('refuses a grant option it does not know, naming it, and a command with no grant', async () => {
    await using ws = await createTempWorkspace();
    const { pids } = await seedAuthority(ws.dir);
    const before = snapshotAuthority(ws.dbPath);
    const unknown = await runCli(['caps', 'grant', pids.asker, 'fs:a=read;forever'], {
      cwd: ws.dir,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error INVALID_INPUT: .*unknown option "forever"/);
    const none = await runCli(['caps', 'grant', pids.asker], { cwd: ws.dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error INVALID_INPUT: .*give a grant/);
    expect(snapshotAuthority(ws.dbPath)).toEqual(before);
  });

  it('refuses an ended process (ILLEGAL_TRANSITION) and an unknown one (NOT_FOUND), changing nothing', async () => {
    await using ws = await createTempWorkspace();
    const { pids } = await seedAuthority(ws.dir);
    const before = snapshotAuthority(ws.dbPath);
    const ended = await runCli(['caps', 'grant', pids.reader, 'fs:x=read'], {
      cwd: ws.dir,
      now: NOW,
    });
    expect(ended.code).toBe(4);
    expect(ended.stderr).toMatch(
      /^error ILLEGAL_TRANSITION: Granting a capability failed: the process has exited\n$/,
    );
    const unknown = await runCli(['caps', 'grant', 'proc_99999999', 'fs:x=read', '--json'], {
      cwd: ws.dir,
      now: NOW,
    });
    expect(unknown.code).toBe(3);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(snapshotAuthority(ws.dbPath)).toEqual(before);
  });

  it('reports a missing database as NOT_FOUND without creating one', async () => {
    await using ws = await createTempWorkspace();
    const run = await runCli(['caps', 'grant', 'proc_00000001', 'fs:x=read'], { cwd: ws.dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^error NOT_FOUND: Granting a capability failed: .*agent-libos init/,
    );
    expect(existsSync(ws.dbPath)).toBe(false);
  });

  it('fails with STORE_LOCKED while a runtime holds the writer lock; listing still works', async () => {
    await using ws = await createTempWorkspace();
    const { pids } = await seedAuthority(ws.dir);
    const before = snapshotAuthority(ws.dbPath);
    const rt = await openRuntime({ workspace: ws.dir, clock: createManualClock(NOW) });
    try {
      const grant = await runCli(['caps', 'grant', pids.writer, 'fs:x=read'], { cwd: ws.dir });
      expect(grant.code).toBe(7);
      expect(grant.stderr).toMatch(
        /^error STORE_LOCKED: Granting a capability failed: another runtime holds the writer lock \S+-writer\.lock: this very process \(\d+/,
      );
      const revoke = await runCli(['caps', 'revoke', 'cap_00000001'], { cwd: ws.dir });
      expect(revoke.code).toBe(7);
      const list = await runCli(['caps', 'list', '--json'], { cwd: ws.dir });
      expect(list.code).toBe(0);
      const explain = await runCli(['caps', 'explain', pids.writer, 'fs:a.txt', 'write'], {
        cwd: ws.dir,
      });
      expect(explain.code).toBe(0);
    } finally {
      await rt.close();
    }
    const after = snapshotAuthority(ws.dbPath);
    expect(after.capabilities).toEqual(before.capabilities);
  });
});

describe('agent-libos caps revoke', () => {
  it('revokes a record and everything delegated from it, and says how many', async () => {
    await using ws = await createTempWorkspace();
    const { pids, caps } = await seedAuthority(ws.dir);
    const run = await runCli(['caps', 'revoke', caps.source], { cwd: ws.dir, now: NOW });
    expect(run).toEqual({
      code: 0,
      stdout: `revoked 3 records: ${caps.source} and 2 delegated from it\n`,
      stderr: '',
    });
    const all = JSON.parse(
      (await runCli(['caps', 'list', '--all', '--json'], { cwd: ws.dir })).stdout,
    ) as Capability[];
    const revoked = all.filter((r) => r.revokedAt === NOW).map((r) => r.id);
    // The source, its delegated copy, and the delegator's deny copied along under it.
    expect(revoked).toHaveLength(3);
    expect(revoked).toEqual(expect.arrayContaining([caps.source, caps.delegated]));
    expect(all.find((r) => r.id === caps.secret)?.revokedAt).toBeNull();
    const live = await runCli(['caps', 'list', '--pid', pids.helper], { cwd: ws.dir });
    expect(live.stdout).not.toContain('fs:src');
    const again = await runCli(['caps', 'revoke', caps.source, '--json'], { cwd: ws.dir });
    expect(JSON.parse(again.stdout)).toEqual({ id: caps.source, revoked: 0 });
    const single = await runCli(['caps', 'revoke', caps.ask], { cwd: ws.dir });
    expect(single.stdout).toBe(`revoked 1 record: ${caps.ask}\n`);
  });

  it('reports an unknown record as NOT_FOUND and changes nothing', async () => {
    await using ws = await createTempWorkspace();
    await seedAuthority(ws.dir);
    const before = snapshotAuthority(ws.dbPath);
    const run = await runCli(['caps', 'revoke', 'cap_99999999'], { cwd: ws.dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error NOT_FOUND: Revoking a capability failed: /);
    expect(snapshotAuthority(ws.dbPath)).toEqual(before);
  });
});

interface ExplainJson {
  readonly decision: string;
  readonly decidedBy: string | null;
  readonly records: readonly {
    readonly record: Capability;
    readonly counts: boolean;
    readonly status: string;
  }[];
}

describe('agent-libos caps explain', () => {
  it('names the deciding deny and the allow it outranks', async () => {
    await using ws = await createTempWorkspace();
    const { pids, caps } = await seedAuthority(ws.dir);
    const held = JSON.parse(
      (await runCli(['caps', 'list', '--json', '--pid', pids.helper], { cwd: ws.dir })).stdout,
    ) as Capability[];
    // The delegator's deny travelled with the delegation, as a child of the delegated record.
    const copiedDeny = held.find((r) => r.parentId === caps.delegated && r.effect === 'deny');
    expect(copiedDeny).toBeDefined();
    const run = await runCli(['caps', 'explain', pids.helper, 'fs:src/secret', 'read'], {
      cwd: ws.dir,
      now: NOW,
    });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      `deny: ${pids.helper} read fs:src/secret (by ${copiedDeny?.id})`,
    );
    expect(run.stdout.split('\n')[2]).toMatch(
      /^RECORD\s+EFFECT\s+RESOURCE\s+RIGHTS\s+COUNTS\s+WHY$/,
    );
    expect(rowOf(run.stdout, copiedDeny?.id ?? '')).toMatch(
      /\sdeny\s+fs:src\/secret\s+read\s+yes\s+decides: deny$/,
    );
    expect(rowOf(run.stdout, caps.delegated)).toMatch(
      new RegExp(
        `\\sallow\\s+fs:src/\\*\\*\\s+read\\s+yes\\s+matches, but ${copiedDeny?.id} ranks higher`,
      ),
    );
    const allowed = await runCli(['caps', 'explain', pids.helper, 'fs:src/main.ts', 'read'], {
      cwd: ws.dir,
      now: NOW,
    });
    expect(allowed.stdout.split('\n')[0]).toBe(
      `allow: ${pids.helper} read fs:src/main.ts (by ${caps.delegated})`,
    );
  });

  it('says why records did not count: expired, bound to another call, used up, lacks the right, revoked', async () => {
    await using ws = await createTempWorkspace();
    const { pids, caps, requests } = await seedAuthority(ws.dir);
    const decided = await runCli(['approvals', 'decide', requests.permission, 'allow_once'], {
      cwd: ws.dir,
      now: NOW,
    });
    expect(decided.code).toBe(0);
    const json = await runCli(['caps', 'explain', pids.writer, 'fs:a.txt', 'write', '--json'], {
      cwd: ws.dir,
      now: NOW,
    });
    const explained = JSON.parse(json.stdout) as ExplainJson;
    expect(explained).toMatchObject({
      pid: pids.writer,
      resource: 'fs:a.txt',
      right: 'write',
      decision: 'ask',
      decidedBy: caps.ask,
    });
    const status = (id: string): [string, boolean] | undefined => {
      const found = explained.records.find((r) => r.record.id === id);
      return found === undefined ? undefined : [found.status, found.counts];
    };
    expect(status(caps.ask)).toEqual(['decides', true]);
    expect(status(caps.expiring)).toEqual(['expired', false]);
    const approval = explained.records.find((r) => r.record.boundCall !== null);
    expect(approval?.status).toBe('bound-to-call');
    expect(explained.records).toHaveLength(3);

    const text = await runCli(['caps', 'explain', pids.writer, 'fs:a.txt', 'write'], {
      cwd: ws.dir,
      now: NOW,
    });
    expect(text.stdout.split('\n')[0]).toBe(`ask: ${pids.writer} write fs:a.txt (by ${caps.ask})`);
    expect(rowOf(text.stdout, caps.expiring)).toMatch(
      new RegExp(`\\sno\\s+expired at ${iso(AUTH_START + 60_000)}$`),
    );
    expect(rowOf(text.stdout, approval?.record.id ?? '')).toMatch(/\sno\s+bound to another call/);

    const usedUp = await runCli(['caps', 'explain', pids.reader, 'fs:notes.txt', 'read'], {
      cwd: ws.dir,
      now: NOW,
    });
    expect(usedUp.stdout.split('\n')[0]).toBe(
      `deny: ${pids.reader} read fs:notes.txt (no record in force allows it: denied by default)`,
    );
    expect(rowOf(usedUp.stdout, caps.usedUp)).toMatch(/\sno\s+used up: no uses left$/);

    const lacks = await runCli(['caps', 'explain', pids.delegator, 'fs:a.txt', 'delete'], {
      cwd: ws.dir,
      now: NOW,
    });
    expect(lacks.stdout.split('\n')[0]).toMatch(/^deny: .* denied by default\)$/);
    expect(rowOf(lacks.stdout, caps.source)).toMatch(
      /\sno\s+lacks the right delete: fs:\*\* grants read,write$/,
    );

    const revoked = await runCli(
      ['caps', 'explain', pids.writer, 'net:https://example.com/a', 'get'],
      {
        cwd: ws.dir,
        now: NOW,
      },
    );
    expect(rowOf(revoked.stdout, caps.revoked)).toMatch(
      new RegExp(`\\sno\\s+revoked at ${iso(AUTH_START)}$`),
    );
  });

  it('says when no record covers the resource, and NOT_FOUND for an unknown process', async () => {
    await using ws = await createTempWorkspace();
    const { pids } = await seedAuthority(ws.dir);
    const none = await runCli(['caps', 'explain', pids.writer, 'shell:git', 'execute'], {
      cwd: ws.dir,
      now: NOW,
    });
    expect(none).toEqual({
      code: 0,
      stdout:
        `deny: ${pids.writer} execute shell:git (no record in force allows it: denied by default)\n` +
        'no capability record covers this resource\n',
      stderr: '',
    });
    const json = await runCli(['caps', 'explain', pids.writer, 'shell:git', 'execute', '--json'], {
      cwd: ws.dir,
    });
    expect(JSON.parse(json.stdout)).toEqual({
      pid: pids.writer,
      resource: 'shell:git',
      right: 'execute',
      decision: 'deny',
      decidedBy: null,
      records: [],
    });
    const unknown = await runCli(['caps', 'explain', 'proc_99999999', 'fs:a.txt', 'read'], {
      cwd: ws.dir,
    });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/^error NOT_FOUND: Reading a process failed: /);
  });
});
