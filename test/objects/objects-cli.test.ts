// `agent-libos objects list` and `objects show`: read-only views of Object Memory.
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/base/clock.js';
import { createSequentialIdSource, type Pid } from '../../src/base/ids.js';
import { openRuntime } from '../../src/open-runtime.js';
import { countRows, createTempWorkspace, runCli } from '../cli/cli-harness.js';

/** Seeds a process with two objects (one with two versions, one binary) and a shared one. */
async function seedObjects(workspace: string): Promise<{ pid: Pid; notes: string; bin: string }> {
  const ids: { notes?: string; bin?: string } = {};
  const rt = await openRuntime({
    workspace,
    clock: createManualClock(1_700_000_000_000),
    ids: createSequentialIdSource(),
    body: async (ctx) => {
      const notes = await ctx.syscall('object.create', {
        name: 'notes',
        type: 'text',
        content: 'first\n',
      });
      if (!notes.blocked) ids.notes = (notes.value as { id: string }).id;
      await ctx.syscall('object.update', {
        name: 'notes',
        content: 'second \u001b[31mred\n',
        expectedVersion: 1,
      });
      const bin = await ctx.syscall('object.create', {
        name: 'bytes',
        type: 'file-snapshot',
        content: Buffer.from([0xff, 0x00, 0x01]).toString('base64'),
        encoding: 'base64',
        sensitivity: 'secret',
      });
      if (!bin.blocked) ids.bin = (bin.value as { id: string }).id;
      await ctx.exit(null);
    },
  });
  try {
    const p = await rt.spawn({ imageId: 'base', goal: 'write' });
    await rt.run();
    await rt.objects.createNamespace('shared/kb');
    await rt.objects.create({ namespace: 'shared/kb', name: 'fact', type: 'note', content: 'f' });
    return { pid: p.pid, notes: ids.notes ?? '', bin: ids.bin ?? '' };
  } finally {
    await rt.close();
  }
}

describe('agent-libos objects', () => {
  it('lists a process namespace with id, name, type, namespace, version, size and labels', async () => {
    await using ws = await createTempWorkspace();
    const seeded = await seedObjects(ws.dir);
    const before = countRows(ws.dbPath);
    const run = await runCli(['objects', 'list', '--pid', seeded.pid], { cwd: ws.dir });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+TYPE\s+NAMESPACE\s+VERSION\s+SIZE\s+LABELS$/);
    expect(rows).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${seeded.bin}\\s+bytes\\s+file-snapshot\\s+proc/${seeded.pid}\\s+1\\s+3\\s+secret model by ${seeded.pid}$`,
        ),
      ),
      expect.stringMatching(new RegExp(`^${seeded.notes}\\s+notes\\s+text\\s+\\S+\\s+2\\s+`)),
    ]);
    const shared = await runCli(['objects', 'list', '--ns', 'shared/kb', '--json'], {
      cwd: ws.dir,
    });
    expect(shared.code).toBe(0);
    expect(JSON.parse(shared.stdout)).toEqual([
      expect.objectContaining({
        namespace: 'shared/kb',
        name: 'fact',
        version: 1,
        size: 1,
        labels: expect.objectContaining({ creator: 'operator', origins: ['human'] }),
      }),
    ]);
    expect(countRows(ws.dbPath)).toEqual(before);
  });

  it('shows the latest or a given version, escaping control characters, base64 for binary', async () => {
    await using ws = await createTempWorkspace();
    const seeded = await seedObjects(ws.dir);
    const latest = await runCli(['objects', 'show', seeded.notes], { cwd: ws.dir });
    expect(latest).toEqual({ code: 0, stdout: 'second \\x1b[31mred\n', stderr: '' });
    const first = await runCli(['objects', 'show', `${seeded.notes}@1`], {
      cwd: ws.dir,
    });
    expect(first.stdout).toBe('first\n');
    const json = await runCli(['objects', 'show', `${seeded.notes}@1`, '--json'], {
      cwd: ws.dir,
    });
    expect(JSON.parse(json.stdout)).toMatchObject({
      id: seeded.notes,
      version: 1,
      latestVersion: 2,
      encoding: 'utf8',
      content: 'first\n',
    });
    const bin = await runCli(['objects', 'show', seeded.bin], { cwd: ws.dir });
    expect(bin).toEqual({
      code: 0,
      stdout: '/wAB\n',
      stderr: 'the payload is not UTF-8 text; shown as base64\n',
    });
  });

  it('fails with the registry exit codes for bad input and unknown objects', async () => {
    await using ws = await createTempWorkspace();
    const seeded = await seedObjects(ws.dir);
    const cases: [string[], number, string][] = [
      [['objects', 'list'], 2, 'INVALID_INPUT'],
      [['objects', 'list', '--pid', seeded.pid, '--ns', 'shared/kb'], 2, 'INVALID_INPUT'],
      [['objects', 'list', '--ns', 'nope'], 2, 'INVALID_INPUT'],
      [['objects', 'list', '--ns', 'shared/none'], 3, 'NOT_FOUND'],
      [['objects', 'list', '--pid', 'bogus'], 2, 'INVALID_ID'],
      [['objects', 'show', 'obj_00000999'], 3, 'NOT_FOUND'],
      [['objects', 'show', 'bogus'], 2, 'INVALID_ID'],
      [['objects', 'show', `${seeded.notes}@9`], 3, 'NOT_FOUND'],
      [['objects', 'show', `${seeded.notes}@x`], 2, 'INVALID_INPUT'],
      [['objects', 'show', `${seeded.notes}@0`], 2, 'OUT_OF_RANGE'],
    ];
    for (const [args, code, error] of cases) {
      const run = await runCli([...args, '--json'], { cwd: ws.dir });
      expect(run.code, args.join(' ')).toBe(code);
      expect(JSON.parse(run.stdout), args.join(' ')).toMatchObject({ error: { code: error } });
    }
  });
});
