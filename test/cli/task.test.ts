// `agent-libos task start|follow-up|list|show`: a task run like `run`, continued after it ended,
// detached through `resume`, refused while live, and bad input refused before anything is opened.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Capability } from '../../src/kernel/capability/types.js';
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import type { FollowedUp } from '../../src/runtime/tasks/follow-up-task.js';
import type { TaskSummary, TaskView } from '../../src/runtime/tasks/task-view.js';
import { runJson, writeScript, type RunJson } from './agent-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

const SCRIPT = {
  agents: [
    {
      goal: 'Keep notes',
      calls: [
        { memory_create: { name: 'notes', type: 'note', content: 'the first run was here' } },
        { read_file: { path: 'a.txt' } },
        { exit: { result: 'noted' } },
        { memory_read: { name: 'notes' } },
        { read_file: { path: 'a.txt' } },
        { exit: { result: 'read them' } },
      ],
    },
  ],
};

describe('agent-libos task', () => {
  it('starts a task like run, follows it up with its memory and narrower authority, and shows both runs', async () => {
    await using ws = await createTempWorkspace();
    const model = `scripted:${await writeScript(ws.dir, 'agents.json', SCRIPT)}`;
    await writeFile(join(ws.dir, 'a.txt'), 'alpha');
    const w = ['--workspace', ws.dir];
    const started = await runJson<RunJson & { task: string }>([
      'task',
      'start',
      ...w,
      '--image',
      'base',
      '--goal',
      'Keep notes',
      '--model',
      model,
      '--grant',
      'fs:a.txt=read',
    ]);
    expect(started.out.outcome).toBe('ended');
    expect(started.out.task).toMatch(/^task_/);
    const first = started.out.root!;
    expect(started.out.processes.map((p) => [p.pid, p.imageId, p.state])).toEqual([
      [first, 'base', { kind: 'exited', result: 'noted' }],
    ]);
    const task = started.out.task;

    const text = await runCli([
      'task',
      'follow-up',
      ...w,
      task,
      'now read your notes',
      '--drop',
      'fs:a.txt',
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(
        `^followed up ${task} \\(run 1\\): (proc_\\S+) on ${model.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}; carried 1 record \\(not carried: cap_\\S+ narrowed\\), linked 1 object\n`,
      ),
    );
    expect(text.stdout).toContain('all processes ended');
    const second = /\): (proc_\S+) on/.exec(text.stdout)![1]!;

    const shown = await runJson<TaskView>(['task', 'show', ...w, task]);
    expect(shown.out).toMatchObject({
      id: task,
      status: 'exited',
      imageId: 'base',
      imageVersion: 2,
    });
    expect(shown.out.runs.map((r) => [r.index, r.pid, r.followUp, r.process.state])).toEqual([
      [0, first, null, { kind: 'exited', result: 'noted' }],
      [1, second, 'now read your notes', { kind: 'exited', result: 'read them' }],
    ]);
    // The continuation read the first run's memory; the dropped grant did not come along.
    const journal = await runJson<JournalEntry[]>(['journal', 'list', ...w, '--pid', second]);
    const outcomes = journal.out.flatMap((e) =>
      e.type.startsWith('syscall.') ? [`${e.type} ${JSON.stringify(e.data.syscall)}`] : [],
    );
    expect(outcomes).toContain('syscall.completed "object.read"');
    expect(outcomes).toContain('syscall.denied "fs.read"');
    const objects = await runJson<{ name: string }[]>(['objects', 'list', ...w, '--pid', second]);
    expect(objects.out.map((o) => o.name)).toEqual(['notes']);
    const caps = await runJson<Capability[]>(['caps', 'list', ...w, '--pid', second]);
    expect(caps.out.some((c) => c.resource.kind === 'fs')).toBe(false);
    const plain = await runCli(['task', 'show', ...w, task]);
    expect(plain.stdout).toContain(`task    ${task} (exited)`);
    expect(plain.stdout).toMatch(
      new RegExp(`1 +${second} +exited +"read them" .* now read your notes\n`),
    );
    expect(plain.stdout).toContain(`agent-libos task follow-up ${task} "…"`);
    const listed = await runJson<TaskSummary[]>(['task', 'list', ...w]);
    expect(listed.out.map((t) => [t.id, t.status, t.runCount, t.latest?.pid])).toEqual([
      [task, 'exited', 2, second],
    ]);
    expect((await runCli(['task', 'list', ...w])).stdout).toMatch(
      new RegExp(`^TASK .*\n${task} +exited +2 +${second} +exited `),
    );
  });

  it('starts and follows up detached, refuses a follow-up while the latest run is live, and resume runs each run', async () => {
    await using ws = await createTempWorkspace();
    const model = `scripted:${await writeScript(ws.dir, 'agents.json', SCRIPT)}`;
    await writeFile(join(ws.dir, 'a.txt'), 'alpha');
    const w = ['--workspace', ws.dir];
    const detached = await runCli([
      'task',
      'start',
      ...w,
      '--detach',
      '--image',
      'base',
      '--goal',
      'Keep notes',
      '--model',
      model,
    ]);
    expect(detached.code, detached.stderr).toBe(0);
    const task = detached.stdout.trim();
    expect(task).toMatch(/^task_\S+$/);
    const live = await runCli(['task', 'follow-up', ...w, task, 'too early']);
    expect(live.code).toBe(4);
    expect(live.stderr).toMatch(
      /^error ILLEGAL_TRANSITION: Following up task task_\S+ failed: its latest run proc_\S+ is runnable; /,
    );
    const liveJson = await runCli(['task', 'follow-up', ...w, task, 'too early', '--json']);
    expect(JSON.parse(liveJson.stdout)).toMatchObject({
      error: { code: 'ILLEGAL_TRANSITION', details: { task, state: 'runnable' } },
    });
    expect((await runJson<RunJson>(['resume', ...w])).out.outcome).toBe('ended');
    const followed = await runJson<FollowedUp>([
      'task',
      'follow-up',
      ...w,
      task,
      'go on',
      '--detach',
    ]);
    expect(followed.out.run).toMatchObject({ index: 1, followUp: 'go on' });
    expect(followed.out.run.process.state.kind).toBe('runnable');
    expect(followed.out.objects).toBe(1);
    const resumed = await runJson<RunJson>(['resume', ...w]);
    expect(resumed.out.processes.map((p) => [p.pid, p.state])).toEqual([
      [followed.out.run.pid, { kind: 'exited', result: 'read them' }],
    ]);
    expect((await runJson<TaskView>(['task', 'show', ...w, task])).out.status).toBe('exited');
  });

  it('refuses bad input before a database exists, and says so when there is none', async () => {
    await using ws = await createTempWorkspace();
    const w = ['--workspace', ws.dir];
    const cases: [string[], number, RegExp][] = [
      [['task', 'follow-up', ...w, 'task_00000001', '  '], 2, /INVALID_INPUT: .*text is empty/],
      [['task', 'follow-up', ...w, 'nope', 'x'], 2, /INVALID_ID/],
      [
        ['task', 'follow-up', ...w, 'task_00000001', 'x', '--drop', 'fs:/etc'],
        2,
        /INVALID_INPUT: .*--drop/,
      ],
      [
        ['task', 'follow-up', ...w, 'task_00000001', 'x', '--only', 'fs:a=execute'],
        2,
        /INVALID_INPUT: .*--only/,
      ],
      [['task', 'follow-up', ...w, 'task_00000001', 'x', '--grant', 'fs:a'], 2, /INVALID_INPUT/],
      [['task', 'show', ...w, 'task_../x'], 2, /INVALID_ID/],
      [
        ['task', 'start', ...w, '--image', 'nope', '--goal', 'g', '--model', 'scripted:x.json'],
        3,
        /NOT_FOUND/,
      ],
    ];
    for (const [args, code, stderr] of cases) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(code);
      expect(run.stderr).toMatch(stderr);
    }
    expect(existsSync(ws.dbPath)).toBe(false);
    expect((await runCli(['task', 'list', ...w])).code).toBe(3);
    expect((await runCli(['task', 'follow-up', ...w, 'task_00000001', 'x'])).code).toBe(3);
  });
});
