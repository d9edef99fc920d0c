// The approvals commands: listing requests, deciding them with no runtime running, and refusals.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/base/clock.js';
import type { HumanRequest } from '../../src/kernel/approval/types.js';
import type { Capability } from '../../src/kernel/capability/types.js';
import { openRuntime } from '../../src/open-runtime.js';
import {
  AUTH_START,
  authorityBody,
  NOTICE,
  QUESTION,
  seedAuthority,
  snapshotAuthority,
} from './authority-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

/** The CLI's clock in these tests: two minutes after seeding. */
const NOW = AUTH_START + 120_000;

describe('agent-libos approvals list', () => {
  it('shows pending requests: id, pid, kind, what is asked, deadline and age', async () => {
    await using ws = await createTempWorkspace();
    const { pids, requests } = await seedAuthority(ws.dir);
    const run = await runCli(['approvals', 'list'], { cwd: ws.dir, now: NOW });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+PID\s+KIND\s+ASKED\s+DEADLINE\s+AGE$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${requests.permission}\\s+${pids.writer}\\s+permission\\s+write on fs:a\\.txt \\(fs\\.write\\): fs\\.write needs write on fs:a\\.txt\\s+-\\s+2m$`,
      ),
    );
    const deadline = new Date(AUTH_START + 3_600_000).toISOString();
    expect(lines[2]).toMatch(
      new RegExp(
        `^${requests.question}\\s+${pids.asker}\\s+question\\s+${QUESTION.replace('?', '\\?')}\\s+${deadline}\\s+2m$`,
      ),
    );
    expect(lines[3]).toMatch(
      new RegExp(
        `^${requests.notification}\\s+${pids.notifier}\\s+notification\\s+${NOTICE}\\s+-\\s+2m$`,
      ),
    );
    // A deadline that has passed is marked.
    const late = await runCli(['approvals', 'list'], { cwd: ws.dir, now: AUTH_START + 7_200_000 });
    expect(late.stdout).toContain(`${deadline}(passed)`);
  });

  it('prints request records with --json, and every state with --all', async () => {
    await using ws = await createTempWorkspace();
    const { pids, requests } = await seedAuthority(ws.dir);
    const json = await runCli(['approvals', 'list', '--json'], { cwd: ws.dir });
    const pending = JSON.parse(json.stdout) as HumanRequest[];
    expect(pending.map((r) => r.id)).toEqual([
      requests.permission,
      requests.question,
      requests.notification,
    ]);
    expect(pending[0]).toMatchObject({
      pid: pids.writer,
      state: { kind: 'pending' },
      body: { kind: 'permission', resource: 'fs:a.txt', rights: ['write'], syscall: 'fs.write' },
      deadline: null,
      createdAt: AUTH_START,
    });
    expect(pending[1]).toMatchObject({
      body: { kind: 'question', question: QUESTION },
      deadline: AUTH_START + 3_600_000,
    });
    await runCli(['approvals', 'decide', requests.notification, 'ack'], { cwd: ws.dir, now: NOW });
    const stillPending = await runCli(['approvals', 'list'], { cwd: ws.dir, now: NOW });
    expect(stillPending.stdout).not.toContain(requests.notification);
    const all = await runCli(['approvals', 'list', '--all'], { cwd: ws.dir, now: NOW });
    expect(all.stdout.split('\n')[0]).toMatch(/^ID\s+PID\s+KIND\s+STATE\s+ASKED\s+DEADLINE\s+AGE$/);
    expect(all.stdout).toMatch(
      new RegExp(`^${requests.notification}\\s.*\\sanswered\\s+${NOTICE}`, 'm'),
    );
    expect(all.stdout).toMatch(new RegExp(`^${requests.permission}\\s.*\\spending\\s`, 'm'));
    const allJson = JSON.parse(
      (await runCli(['approvals', 'list', '--all', '--json'], { cwd: ws.dir })).stdout,
    ) as HumanRequest[];
    expect(allJson.find((r) => r.id === requests.notification)?.state).toMatchObject({
      kind: 'answered',
      decision: null,
      answer: null,
      by: 'operator',
      at: NOW,
    });
  });

  it('says so when nothing is pending', async () => {
    await using ws = await createTempWorkspace();
    await runCli(['init'], { cwd: ws.dir });
    expect(await runCli(['approvals', 'list'], { cwd: ws.dir })).toEqual({
      code: 0,
      stdout: 'no pending requests\n',
      stderr: '',
    });
    expect((await runCli(['approvals', 'list', '--json'], { cwd: ws.dir })).stdout).toBe('[]\n');
  });
});

describe('agent-libos approvals decide', () => {
  it('decides with no runtime running; the next run continues each waiting process', async () => {
    await using ws = await createTempWorkspace();
    const { pids, requests } = await seedAuthority(ws.dir);
    const allow = await runCli(['approvals', 'decide', requests.permission, 'allow_once'], {
      cwd: ws.dir,
      now: NOW,
    });
    expect(allow.code).toBe(0);
    expect(allow.stdout).toMatch(
      new RegExp(
        `^decided ${requests.permission}: allow_once \\(capability cap_\\w+\\); ${pids.writer} continues on its next run\\n$`,
      ),
    );
    const answer = await runCli(['approvals', 'decide', requests.question, '--answer', 'teal'], {
      cwd: ws.dir,
      now: NOW,
    });
    expect(answer.stdout).toBe(
      `answered ${requests.question}; ${pids.asker} continues on its next run\n`,
    );
    const ack = await runCli(['approvals', 'decide', requests.notification, 'ack', '--json'], {
      cwd: ws.dir,
      now: NOW,
    });
    expect(JSON.parse(ack.stdout)).toMatchObject({
      id: requests.notification,
      state: { kind: 'answered', decision: null, answer: null },
    });
    const ps = JSON.parse((await runCli(['ps', '--json'], { cwd: ws.dir })).stdout) as {
      pid: string;
      state: { kind: string };
    }[];
    expect(ps.find((p) => p.pid === pids.writer)?.state.kind).toBe('runnable');
    expect(ps.find((p) => p.pid === pids.asker)?.state.kind).toBe('runnable');

    const rt = await openRuntime({
      workspace: ws.dir,
      body: authorityBody(),
      clock: createManualClock(NOW + 60_000),
    });
    try {
      await rt.run();
      expect((await rt.get(pids.writer)).state).toEqual({ kind: 'exited', result: 'written' });
      expect((await rt.get(pids.asker)).state).toEqual({ kind: 'exited', result: 'teal' });
      expect(await rt.requests()).toEqual([]);
    } finally {
      await rt.close();
    }
    expect(await readFile(join(ws.dir, 'a.txt'), 'utf8')).toBe('hello');
  });

  it('turns deny_always into a lasting deny linked to the request, which then decides', async () => {
    await using ws = await createTempWorkspace();
    const { pids, requests } = await seedAuthority(ws.dir);
    const run = await runCli(
      ['approvals', 'decide', requests.permission, 'deny_always', '--json'],
      {
        cwd: ws.dir,
        now: NOW,
      },
    );
    const decided = JSON.parse(run.stdout) as HumanRequest;
    expect(decided.state).toMatchObject({ kind: 'answered', decision: 'deny_always', at: NOW });
    const capabilityId = decided.state.kind === 'answered' ? decided.state.capabilityId : null;
    const records = JSON.parse(
      (await runCli(['caps', 'list', '--json', '--pid', pids.writer], { cwd: ws.dir })).stdout,
    ) as Capability[];
    expect(records.find((r) => r.id === capabilityId)).toMatchObject({
      effect: 'deny',
      usesRemaining: null,
      boundCall: null,
      approval: requests.permission,
      resource: { kind: 'fs', match: 'exact', path: 'a.txt' },
    });
    const explain = await runCli(['caps', 'explain', pids.writer, 'fs:a.txt', 'write'], {
      cwd: ws.dir,
      now: NOW,
    });
    expect(explain.stdout.split('\n')[0]).toBe(
      `deny: ${pids.writer} write fs:a.txt (by ${capabilityId})`,
    );
  });

  it('refuses a second decision with ILLEGAL_TRANSITION and changes nothing', async () => {
    await using ws = await createTempWorkspace();
    const { requests } = await seedAuthority(ws.dir);
    await runCli(['approvals', 'decide', requests.permission, 'allow_always'], { cwd: ws.dir });
    const before = snapshotAuthority(ws.dbPath);
    const again = await runCli(['approvals', 'decide', requests.permission, 'deny_once'], {
      cwd: ws.dir,
    });
    expect(again.code).toBe(4);
    expect(again.stderr).toBe(
      `error ILLEGAL_TRANSITION: Deciding request ${requests.permission} failed: the request is already answered\n`,
    );
    const json = await runCli(['approvals', 'decide', requests.permission, 'deny_once', '--json'], {
      cwd: ws.dir,
    });
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { code: 'ILLEGAL_TRANSITION', retryable: false },
    });
    expect(snapshotAuthority(ws.dbPath)).toEqual(before);
  });

  it.each([
    { name: 'a question given a decision word', target: 'question', args: ['allow_once'] },
    { name: 'a permission given only an answer', target: 'permission', args: ['--answer', 'yes'] },
    { name: 'a notification given a decision word', target: 'notification', args: ['deny_once'] },
    { name: 'a permission acknowledged', target: 'permission', args: ['ack'] },
  ] as const)(
    'refuses $name with ILLEGAL_TRANSITION and changes nothing',
    async ({ target, args }) => {
      await using ws = await createTempWorkspace();
      const { requests } = await seedAuthority(ws.dir);
      const before = snapshotAuthority(ws.dbPath);
      const run = await runCli(['approvals', 'decide', requests[target], ...args], { cwd: ws.dir });
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/^error ILLEGAL_TRANSITION: Deciding request apr_\w+ failed: \S/);
      expect(snapshotAuthority(ws.dbPath)).toEqual(before);
    },
  );

  it('reports an unknown request as NOT_FOUND and changes nothing', async () => {
    await using ws = await createTempWorkspace();
    await seedAuthority(ws.dir);
    const before = snapshotAuthority(ws.dbPath);
    const run = await runCli(['approvals', 'decide', 'apr_99999999', 'allow_once'], {
      cwd: ws.dir,
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'error NOT_FOUND: Deciding a request failed: no request apr_99999999\n',
    );
    expect(snapshotAuthority(ws.dbPath)).toEqual(before);
  });

  it('fails with STORE_LOCKED while a runtime runs, and lists read-only meanwhile', async () => {
    await using ws = await createTempWorkspace();
    const { requests } = await seedAuthority(ws.dir);
    const before = snapshotAuthority(ws.dbPath);
    const rt = await openRuntime({ workspace: ws.dir, clock: createManualClock(NOW) });
    try {
      const run = await runCli(['approvals', 'decide', requests.permission, 'allow_once'], {
        cwd: ws.dir,
      });
      expect(run.code).toBe(7);
      expect(run.stderr).toMatch(
        /^error STORE_LOCKED: Deciding a request failed: another runtime holds the writer lock \S+-writer\.lock: this very process \(\d+/,
      );
      const list = await runCli(['approvals', 'list', '--json'], { cwd: ws.dir });
      expect(JSON.parse(list.stdout)).toHaveLength(3);
    } finally {
      await rt.close();
    }
    expect(snapshotAuthority(ws.dbPath).requests).toEqual(before.requests);
  });
});
