// Text processes wrote, planted straight into the store as rows from before the syscalls refused
// it (terminal escapes, forged lines, bidi overrides, zero-width characters), must come out of
// every view escaped: `approvals list`, `ps`, `objects list`, the inline prompter and `--json`.
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/base/clock.js';
import { promptApprovals } from '../../src/cli/prompt/approval-prompter.js';
import type { HumanRequest } from '../../src/kernel/approval/types.js';
import { openRuntime } from '../../src/open-runtime.js';
import { AUTH_START, authorityBody, seedAuthority } from './authority-fixture.js';
import { createTempWorkspace, runCli, type TempWorkspace } from './cli-harness.js';

/** A line that clears the terminal line and then imitates the prompter's own header. */
const FORGED = 'Deploy now?\n\u001b[2K[2/3] apr_00000009 from proc_00000001: permission';
/** Right-to-left override: `txt.exe` displays as `exe.txt`. */
const RLO = '\u202Etxt.exe';
/** Anything but a newline that acts on a terminal or hides or reorders text. */
const HIDDEN = /(?!\n)[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/** Seeds the authority fixture, adds a shared object, then rewrites rows as an old store had them. */
async function plantSpoofedRows(ws: TempWorkspace): Promise<{ writer: string }> {
  const seeded = await seedAuthority(ws.dir);
  const rt = await openRuntime({ workspace: ws.dir, clock: createManualClock(AUTH_START) });
  try {
    await rt.objects.createNamespace('shared/kb');
    await rt.objects.create({ namespace: 'shared/kb', name: 'fact', type: 'note', content: 'f' });
  } finally {
    await rt.close();
  }
  const db = new Database(ws.dbPath);
  try {
    const rewrite = (id: string, change: (body: Record<string, unknown>) => void): void => {
      const row = db.prepare<[string], string>('SELECT body_json FROM human_requests WHERE id = ?');
      const body = JSON.parse(row.pluck().get(id) ?? '{}') as Record<string, unknown>;
      change(body);
      db.prepare('UPDATE human_requests SET body_json = ? WHERE id = ?').run(
        JSON.stringify(body),
        id,
      );
    };
    rewrite(seeded.requests.question, (body) => (body.question = FORGED));
    rewrite(seeded.requests.permission, (body) => {
      body.resource = `fs:report/${RLO}`;
      body.reason = `Needed\u200B.\n\u001b[2K${FORGED}`;
    });
    rewrite(seeded.requests.notification, (body) => (body.message = `Done\u2067\r${FORGED}`));
    db.prepare('UPDATE processes SET name = ?, goal = ? WHERE pid = ?').run(
      `writer\u001b[2K\nproc_00000099  -  fake`,
      `Write ${RLO}\n${FORGED}`,
      seeded.pids.writer,
    );
    db.prepare("UPDATE objects SET name = ? WHERE namespace = 'shared/kb'").run(
      `fact${RLO}\n\u001b[2Kobj_fake`,
    );
  } finally {
    db.close();
  }
  return { writer: seeded.pids.writer };
}

/** The lines of `text`, after checking that nothing in it can act on the terminal. */
function safeLines(text: string): string[] {
  expect(text).not.toMatch(HIDDEN);
  return text.trimEnd().split('\n');
}

describe('process-written text in old rows, shown by the CLI', () => {
  it('keeps approvals list to one escaped row per request', async () => {
    await using ws = await createTempWorkspace();
    await plantSpoofedRows(ws);
    const run = await runCli(['approvals', 'list'], { cwd: ws.dir, now: AUTH_START });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [header, ...rows] = safeLines(run.stdout);
    expect(header).toMatch(/^ID\s+PID\s+KIND\s+ASKED/);
    expect(rows).toHaveLength(3);
    for (const row of rows)
      expect(row).toMatch(/^apr_\d+\s+proc_\d+\s+(permission|question|notif)/);
    expect(run.stdout).toContain('Deploy now?⏎\\x1b[2K[2/3] apr_00000009');
    expect(run.stdout).toContain('fs:report/\\u202etxt.exe');
  });

  it('keeps ps and objects list to one escaped row per process and object', async () => {
    await using ws = await createTempWorkspace();
    const { writer } = await plantSpoofedRows(ws);
    const ps = await runCli(['ps'], { cwd: ws.dir });
    expect(ps).toMatchObject({ code: 0, stderr: '' });
    const [, ...rows] = safeLines(ps.stdout);
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row).toMatch(/^proc_\d+\s/);
    expect(rows.find((row) => row.startsWith(writer))).toContain('writer\\x1b[2K⏎proc_00000099');

    const objects = await runCli(['objects', 'list', '--ns', 'shared/kb'], { cwd: ws.dir });
    expect(objects).toMatchObject({ code: 0, stderr: '' });
    const [, ...objectRows] = safeLines(objects.stdout);
    expect(objectRows).toEqual([expect.stringMatching(/^obj_\w+\s+fact\\u202etxt\.exe⏎\\x1b/)]);
  });

  it('writes --json with the hidden characters escaped, parsing back to the stored text', async () => {
    await using ws = await createTempWorkspace();
    await plantSpoofedRows(ws);
    const run = await runCli(['approvals', 'list', '--json'], { cwd: ws.dir });
    expect(run.code).toBe(0);
    safeLines(run.stdout);
    const bodies = (JSON.parse(run.stdout) as HumanRequest[]).map((r) => r.body);
    expect(bodies).toContainEqual({ kind: 'question', question: FORGED });
  });

  it('quotes every line an agent wrote in the prompter, so no forged header passes', async () => {
    await using ws = await createTempWorkspace();
    await plantSpoofedRows(ws);
    const rt = await openRuntime({
      workspace: ws.dir,
      body: authorityBody(),
      clock: createManualClock(AUTH_START + 60_000),
    });
    let shown = '';
    try {
      const input = new PassThrough();
      const output = new PassThrough();
      output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
      input.end('\n\ns\n'); // skip each: enter, an empty line, s
      const report = await promptApprovals(rt, { input, output });
      expect(report.skipped).toHaveLength(3);
    } finally {
      await rt.close();
    }
    const lines = safeLines(shown);
    // The runtime's own headers: exactly one per request, none of them forged.
    const headers = lines.filter((line) => line.startsWith('['));
    expect(headers).toHaveLength(3);
    for (const header of headers) expect(header).not.toContain('apr_00000009');
    for (const line of lines.filter((l) => l.includes('apr_00000009')))
      expect(line).toMatch(/^ {2}│ /);
    expect(shown).toContain('  │ Deploy now?\n  │ \\x1b[2K[2/3] apr_00000009');
    expect(shown).toContain('  │ Done\\u2067\\x0dDeploy now?\n');
  });
});
