// The init command: creates the database where asked, idempotently, and nothing on bad input.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countRows, createTempWorkspace, runCli } from './cli-harness.js';

describe('agent-libos init', () => {
  it('creates the default database outside the workspace, in the state home, and says where', async () => {
    await using ws = await createTempWorkspace();
    const run = await runCli(['init', '--workspace', ws.dir]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(`initialized: database at ${ws.dbPath}\n`);
    expect(countRows(ws.dbPath)).toEqual({ processes: 0, journal: 0, messages: 0 });
    expect(ws.dbPath.startsWith(ws.dir)).toBe(false);
    expect(readdirSync(ws.dir)).toEqual([]);
  });

  it('is idempotent: a second run reports the existing database and changes nothing', async () => {
    await using ws = await createTempWorkspace();
    const first = await runCli(['init', '--json'], { cwd: ws.dir });
    const second = await runCli(['init', '--json'], { cwd: ws.dir });
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ workspace: ws.dir, db: ws.dbPath, created: true });
    expect(JSON.parse(second.stdout)).toEqual({ workspace: ws.dir, db: ws.dbPath, created: false });
    const text = await runCli(['init'], { cwd: ws.dir });
    expect(text.stdout).toBe(`already initialized: database at ${ws.dbPath}\n`);
    expect(countRows(ws.dbPath)).toEqual({ processes: 0, journal: 0, messages: 0 });
  });

  it('puts the database where --db says, relative to the current directory', async () => {
    await using ws = await createTempWorkspace();
    const run = await runCli(['init', '--db', 'custom/state.db', '--json'], { cwd: ws.dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ db: join(ws.dir, 'custom', 'state.db') });
    expect(existsSync(join(ws.dir, 'custom', 'state.db'))).toBe(true);
    expect(existsSync(ws.dbPath)).toBe(false);
  });

  it('refuses a workspace that does not exist and creates nothing', async () => {
    await using ws = await createTempWorkspace();
    const missing = join(ws.dir, 'nope');
    const run = await runCli(['init', '--workspace', missing]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error NOT_FOUND: /);
    expect(existsSync(missing)).toBe(false);
  });

  it('points at a database left in the old place (.agent-libos/) instead of making a new one unasked', async () => {
    await using ws = await createTempWorkspace();
    const old = await runCli(['init', '--db', '.agent-libos/runtime.db'], { cwd: ws.dir });
    expect(old.code).toBe(0);
    const ps = await runCli(['ps'], { cwd: ws.dir });
    expect(ps.code).toBe(3);
    expect(ps.stderr).toMatch(/pass --db \.agent-libos\/runtime\.db to keep using it/);
    expect(existsSync(ws.dbPath)).toBe(false);
  });
});
