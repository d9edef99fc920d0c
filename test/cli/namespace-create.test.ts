// `agent-libos objects ns create`: the operator's way to make a shared Object Memory namespace.
import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../src/open-runtime.js';
import { countRows, createTempWorkspace, runCli } from './cli-harness.js';

describe('agent-libos objects ns create', () => {
  it('creates a shared namespace that objects list --ns then shows, and journals it', async () => {
    await using ws = await createTempWorkspace();
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    const run = await runCli(['objects', 'ns', 'create', 'shared/research'], { cwd: ws.dir });
    expect(run).toEqual({
      code: 0,
      stdout:
        "created namespace shared/research; let a process use it with caps grant <pid> 'object:ns/shared/research/**=read,write'\n",
      stderr: '',
    });
    const listed = await runCli(['objects', 'list', '--ns', 'shared/research'], { cwd: ws.dir });
    expect(listed.code).toBe(0);
    const journal = await runCli(['journal', 'list', '--type', 'namespace.created', '--json'], {
      cwd: ws.dir,
    });
    expect(JSON.parse(journal.stdout)).toMatchObject([
      { actor: 'operator', data: { namespace: 'shared/research', kind: 'shared' } },
    ]);
    const again = await runCli(['objects', 'ns', 'create', 'shared/research', '--json'], {
      cwd: ws.dir,
    });
    expect(again.code).toBe(3);
    expect(JSON.parse(again.stdout)).toMatchObject({ error: { code: 'ALREADY_EXISTS' } });
  });

  it('refuses a bad name before opening the database, and needs the writer lock', async () => {
    await using ws = await createTempWorkspace();
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    const before = countRows(ws.dbPath);
    for (const name of ['research', 'proc/proc_00000001', 'shared/a/b']) {
      const bad = await runCli(['objects', 'ns', 'create', name], { cwd: ws.dir });
      expect(bad.code, name).toBe(2);
      expect(bad.stderr).toMatch(/^error INVALID_INPUT: Creating a namespace failed: /);
    }
    const rt = await openRuntime({ workspace: ws.dir });
    try {
      const locked = await runCli(['objects', 'ns', 'create', 'shared/x'], { cwd: ws.dir });
      expect(locked.code).toBe(7);
      expect(locked.stderr).toMatch(/^error STORE_LOCKED: Creating a namespace failed: /);
    } finally {
      await rt.close();
    }
    expect(countRows(ws.dbPath)).toEqual(before);
  });
});
