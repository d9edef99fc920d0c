// `agent-libos labels list|set|rm` and `taint show|clear`: rules set from the command line, bad input refused, taints read and cleared.
import { describe, expect, it } from 'vitest';
import { runCli, createTempWorkspace } from './cli-harness.js';

describe('agent-libos labels and taint', () => {
  it('sets, lists and removes a rule; refuses a bad pattern or level naming the field', async () => {
    await using ws = await createTempWorkspace();
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    const set = await runCli(['labels', 'set', 'fs:public/**', 'public', '--deny'], {
      cwd: ws.dir,
    });
    expect(set.stderr).toBe('');
    expect(set.stdout).toBe('set fs:public/** public (deny above it)\n');
    const table = await runCli(['labels', 'list'], { cwd: ws.dir });
    expect(table.stdout.split('\n')[0]).toMatch(/^PATTERN\s+SENSITIVITY\s+ON EXCEED\s+SET BY$/);
    expect(table.stdout).toMatch(/\nfs:public\/\*\*\s+public\s+deny\s+operator\n/);
    expect(table.stdout).toMatch(/\nfs:\*\*\/\.env\s+secret\s+ask\s+default\n/);
    const json = await runCli(['labels', 'list', '--json'], { cwd: ws.dir });
    expect(JSON.parse(json.stdout)).toMatchObject({
      rules: [{ pattern: 'fs:public/**', sensitivity: 'public', onExceed: 'deny' }],
    });
    const badKind = await runCli(['labels', 'set', 'disk:x', 'secret'], { cwd: ws.dir });
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toMatch(/^error INVALID_INPUT: Setting a label rule failed: /);
    const badLevel = await runCli(['labels', 'set', 'fs:x', 'top-secret'], { cwd: ws.dir });
    expect(badLevel.stderr).toMatch(/sensitivity must be public, internal, confidential or secret/);
    const escape = await runCli(['labels', 'set', 'fs:../x', 'public'], { cwd: ws.dir });
    expect(escape.code).toBe(2);
    expect((await runCli(['labels', 'rm', 'fs:public/**'], { cwd: ws.dir })).stdout).toBe(
      'removed fs:public/**\n',
    );
    const missing = await runCli(['labels', 'rm', 'fs:public/**'], { cwd: ws.dir });
    expect(missing.stderr).toMatch(/^error NOT_FOUND: /);
  });

  it('shows the taint of a process and refuses an unknown one', async () => {
    await using ws = await createTempWorkspace();
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    const unknown = await runCli(['taint', 'show', 'proc_00000000000000000000000000'], {
      cwd: ws.dir,
    });
    expect(unknown.code).not.toBe(0);
    const bad = await runCli(['taint', 'clear', 'not-a-pid'], { cwd: ws.dir });
    expect(bad.stderr).toMatch(/^error INVALID_ID/);
  });
});
