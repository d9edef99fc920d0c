// The demo: the scripted tour with a real SIGKILL of its child runtime, recovery, and the timeline.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HumanRequest } from '../../src/kernel/approval/types.js';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import type { TimelineEvent } from '../../src/cli/demo/build-timeline.js';
import type { DemoDenial } from '../../src/cli/demo/read-demo-report.js';
import { useChildGuard } from '../support/child-guard.js';
import { runCli } from './cli-harness.js';

interface DemoJson {
  readonly db: string;
  readonly workspace: string;
  readonly processes: AgentProcess[];
  readonly timeline: TimelineEvent[];
  readonly journal: { readonly ok: boolean; readonly entries: number };
  readonly approvals: HumanRequest[];
  readonly denials: DemoDenial[];
  readonly recovery: { leasesExpired: string[]; unknownEffects: unknown[] };
}

// The demo starts a child runtime and kills it; how fast it runs is measured in bench/ (cli-demo).
describe('agent-libos demo', { timeout: 120_000 }, () => {
  // A demo cut short by a failure or the timeout is cancelled, which kills its child runtime.
  const guard = useChildGuard();

  it('prints { db, processes, timeline, journal, approvals, denials } with --json', async () => {
    const run = await runCli(['demo', '--json'], {
      env: { ...process.env },
      signal: guard.signal,
    });
    const out = JSON.parse(run.stdout) as DemoJson;
    try {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(out.journal.ok).toBe(true);
      expect(out.journal.entries).toBeGreaterThan(50);
      expect(out.processes.map((p) => [p.name, p.imageId, p.state.kind])).toEqual([
        ['orchestrator', 'orchestrator', 'exited'],
        ['researcher', 'research', 'exited'],
        ['writer', 'coding', 'exited'],
      ]);
      const [orchestrator, researcher, writer] = out.processes;
      expect(orchestrator?.state).toEqual({
        kind: 'exited',
        result: { report: 'report/summary.md', sources: 2 },
      });
      // The researcher was denied the secret: a deny record the orchestrator's delegation carried.
      expect(out.denials).toEqual([
        expect.objectContaining({
          pid: researcher?.pid,
          name: 'researcher',
          syscall: 'fs.read',
          resource: 'fs:notes/secret.txt',
          rights: ['read'],
          code: 'NOT_PERMITTED',
        }),
      ]);
      // The writer's write was asked about and answered allow_once by the operator.
      expect(out.approvals).toHaveLength(1);
      expect(out.approvals[0]).toMatchObject({
        pid: writer?.pid,
        body: { kind: 'permission', resource: 'fs:report/summary.md', rights: ['write'] },
        state: { kind: 'answered', decision: 'allow_once', by: 'operator' },
      });
      // The child runtime was killed mid-quantum: the researcher's lease expired on reopen.
      expect(out.recovery).toEqual({ leasesExpired: [researcher?.pid], unknownEffects: [] });
      const texts = out.timeline.map((e) => `${e.who}: ${e.text}`);
      for (const line of [
        'operator: spawned orchestrator (orchestrator)',
        'operator: granted orchestrator deny read on fs:notes/secret.txt',
        'orchestrator: spawned researcher (research)',
        'orchestrator: passed its deny of read on fs:notes/secret.txt on to researcher',
        'orchestrator: wrote brief (note) into its memory',
        'researcher: was denied read on fs:notes/secret.txt (NOT_PERMITTED)',
        'researcher: called read_file fs:notes/secret.txt: error',
        'writer: started waiting on a human',
        'researcher: was mid-quantum when the runtime died: lease expired, runnable again',
        'runtime: recovered: 1 lease(s) expired, 0 unknown effect(s)',
        'writer: called write_file fs:report/summary.md: ok',
        'orchestrator: exited: {"report":"report/summary.md","sources":2}',
      ]) {
        expect(texts).toContain(line);
      }
      expect(texts).toContainEqual(
        expect.stringMatching(
          /^researcher: called memory_read object:ns\/proc\/proc_a\S+\/brief: ok$/,
        ),
      );
      expect(texts).toContainEqual(
        expect.stringMatching(/^writer: asked a human for write on fs:report\/summary\.md \(apr_/),
      );
      expect(texts).toContainEqual(
        expect.stringMatching(/^operator: decided apr_\S+ of writer: allow_once$/),
      );
      // Recovery comes after the denial (the crash point) and before the decision.
      const at = (pattern: RegExp): number => texts.findIndex((t) => pattern.test(t));
      expect(at(/was denied read/)).toBeLessThan(at(/^runtime: recovered/));
      expect(at(/^runtime: recovered/)).toBeLessThan(at(/decided apr_/));
      expect(at(/decided apr_/)).toBeLessThan(at(/^orchestrator: exited/));
      expect(texts.at(-1)).toMatch(/^orchestrator: exited: /);
    } finally {
      await rm(out.workspace, { recursive: true, force: true });
    }
  });

  it('narrates the tour in text: the equivalent run, the kill, the recovery, allow_once', async () => {
    const run = await runCli(['demo'], { env: { ...process.env }, signal: guard.signal });
    const workspace = /^ {2}workspace {2}(\S+) /m.exec(run.stdout)?.[1];
    try {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      for (const line of [
        /^1\. The operator spawns the orchestrator, as with\n {3}agent-libos run --image orchestrator .*--deny fs:notes\/secret\.txt=read --ask 'fs:report\/\*\*=write' --model scripted:demo-model\.json\n/m,
        /^2\. A child runtime \(os pid \d+\) .* killed with SIGKILL /m,
        /^3\. Reopened: recovered after a crash: 1 lease expired, 0 effects of unknown outcome\n/m,
        /^ {3}Resumed: waiting on a human: 1 pending request\n/m,
        /^ {3}operator: allow_once apr_\S+ \(write on fs:report\/summary\.md/m,
        /^4\. Resumed: all processes ended\n/m,
        /^timeline \(from the journal\)\n/m,
        /\+\d+ ms\s+researcher\s+was denied read on fs:notes\/secret\.txt \(NOT_PERMITTED\)\n/,
        /^journal intact: \d+ entries\n/m,
        /^proc_a0000001\s+-\s+orchestrator\s+exited\s/m,
      ]) {
        expect(run.stdout).toMatch(line);
      }
    } finally {
      if (workspace !== undefined) await rm(workspace, { recursive: true, force: true });
    }
  });

  it('--keep stops with the writer waiting on a human; a decision and resume finish the tour', async () => {
    const run = await runCli(['demo', '--keep', '--json'], {
      env: { ...process.env },
      signal: guard.signal,
    });
    const out = JSON.parse(run.stdout) as {
      db: string;
      workspace: string;
      pending: string[];
      serve: string;
    };
    try {
      expect(run.code).toBe(0);
      expect(out.pending).toHaveLength(1);
      expect(out.serve).toContain(`serve --db ${out.db} --workspace ${out.workspace}`);
      expect(existsSync(join(out.workspace, 'report/summary.md'))).toBe(false);
      const where = ['--db', out.db, '--workspace', out.workspace];
      const [id] = out.pending;
      const decided = await runCli(['approvals', 'decide', id ?? '', 'allow_once', ...where]);
      expect(decided.code).toBe(0);
      const resumed = await runCli(['resume', ...where], { signal: guard.signal });
      expect(resumed.code).toBe(0);
      expect(await readFile(join(out.workspace, 'report/summary.md'), 'utf8')).toMatch(
        /^# Durable agent runtimes/,
      );
    } finally {
      await rm(out.workspace, { recursive: true, force: true });
    }
  });

  it('refuses --db: the tour makes its own workspace and database', async () => {
    const run = await runCli(['demo', '--db', '/tmp/somewhere.db']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error INVALID_INPUT: Running the demo failed: .*drop --db/);
  });
});
