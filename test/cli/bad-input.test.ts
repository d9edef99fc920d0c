// CLI bad input: typed error codes, usage errors, no leaked exception text, nothing written.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { snapshotAuthority } from './authority-fixture.js';
import { createTempWorkspace, runCli, seedProcesses } from './cli-harness.js';

const BAD_INPUT: readonly { args: string[]; code: string }[] = [
  { args: ['journal', 'list', '--pid', 'proc_NOT-an-id'], code: 'INVALID_ID' },
  { args: ['journal', 'list', '--pid', 'cap_00000001'], code: 'INVALID_ID' },
  { args: ['journal', 'list', '--limit', 'ten'], code: 'INVALID_INPUT' },
  { args: ['journal', 'list', '--limit', '1.5'], code: 'INVALID_INPUT' },
  { args: ['journal', 'list', '--limit', '-1'], code: 'OUT_OF_RANGE' },
  { args: ['journal', 'list', '--limit', '0'], code: 'OUT_OF_RANGE' },
  { args: ['journal', 'list', '--limit', '99999999999999999999'], code: 'OUT_OF_RANGE' },
  { args: ['journal', 'list', '--after', '-5'], code: 'OUT_OF_RANGE' },
  { args: ['journal', 'list', '--after', '3e2'], code: 'INVALID_INPUT' },
  { args: ['journal', 'list', '--type', ' '], code: 'INVALID_INPUT' },
  { args: ['ps', '--state', 'sleeping'], code: 'INVALID_INPUT' },
  { args: ['ps', '--state', 'waiting,'], code: 'INVALID_INPUT' },
  { args: ['ps', '--db', ''], code: 'INVALID_INPUT' },
  // caps
  { args: ['caps', 'list', '--pid', 'nope'], code: 'INVALID_ID' },
  { args: ['caps', 'grant', 'proc_1', 'fs:a=read'], code: 'INVALID_ID' },
  { args: ['caps', 'grant', 'apr_00000001', 'fs:a=read'], code: 'INVALID_ID' },
  { args: ['caps', 'grant', 'proc_00000001', 'fs:a.txt'], code: 'INVALID_INPUT' },
  { args: ['caps', 'grant', 'proc_00000001', 'fs:a.txt='], code: 'INVALID_INPUT' },
  { args: ['caps', 'grant', 'proc_00000001', 'disk:a=read'], code: 'INVALID_INPUT' },
  { args: ['caps', 'grant', 'proc_00000001', 'fs:a=execute'], code: 'INVALID_INPUT' },
  { args: ['caps', 'grant', 'proc_00000001', 'fs:a=*'], code: 'INVALID_INPUT' },
  { args: ['caps', 'grant', 'proc_00000001', 'fs:a=read,,write'], code: 'INVALID_INPUT' },
  { args: ['caps', 'grant', 'proc_00000001', 'fs:../etc=read'], code: 'INVALID_INPUT' },
  { args: ['caps', 'grant', 'proc_00000001', 'fs:/etc=read'], code: 'INVALID_INPUT' },
  { args: ['caps', 'grant', 'proc_00000001', 'fs:src/*.ts=read'], code: 'INVALID_INPUT' },
  { args: ['caps', 'grant', 'proc_00000001', '*=read'], code: 'INVALID_INPUT' },
  { args: ['caps', 'grant', 'proc_00000001', 'shell:g*t=execute'], code: 'INVALID_INPUT' },
  {
    args: ['caps', 'grant', 'proc_00000001', 'fs:a=read;once;nope'],
    code: 'INVALID_INPUT',
  },
  {
    args: ['caps', 'grant', 'proc_00000001', 'fs:a=read', '--expires', 'soon'],
    code: 'INVALID_INPUT',
  },
  {
    args: ['caps', 'grant', 'proc_00000001', 'fs:a=read', '--expires', '2h30m'],
    code: 'INVALID_INPUT',
  },
  {
    args: ['caps', 'grant', 'proc_00000001', 'fs:a=read', '--expires', '2030-02-30'],
    code: 'INVALID_INPUT',
  },
  {
    args: ['caps', 'grant', 'proc_00000001', 'fs:a=read', '--expires', '2030-01-01T25:00Z'],
    code: 'INVALID_INPUT',
  },
  {
    args: ['caps', 'grant', 'proc_00000001', 'fs:a=read', '--expires', '2001-01-01'],
    code: 'OUT_OF_RANGE',
  },
  {
    args: ['caps', 'grant', 'proc_00000001', 'fs:a=read', '--expires', '0m'],
    code: 'OUT_OF_RANGE',
  },
  {
    args: ['caps', 'grant', 'proc_00000001', 'fs:a=read', '--expires', '999999999w'],
    code: 'OUT_OF_RANGE',
  },
  { args: ['caps', 'revoke', 'apr_00000001'], code: 'INVALID_ID' },
  { args: ['caps', 'revoke', 'cap_'], code: 'INVALID_ID' },
  { args: ['caps', 'explain', 'x', 'fs:a', 'read'], code: 'INVALID_ID' },
  { args: ['caps', 'explain', 'proc_00000001', 'fs:src/**', 'read'], code: 'INVALID_INPUT' },
  { args: ['caps', 'explain', 'proc_00000001', 'net:*', 'connect'], code: 'INVALID_INPUT' },
  { args: ['caps', 'explain', 'proc_00000001', 'fs:a', 'execute'], code: 'INVALID_INPUT' },
  { args: ['caps', 'explain', 'proc_00000001', 'a.txt', 'read'], code: 'INVALID_INPUT' },
  // approvals
  { args: ['approvals', 'decide', 'proc_00000001', 'allow_once'], code: 'INVALID_ID' },
  { args: ['approvals', 'decide', 'apr_00000001', 'maybe'], code: 'INVALID_INPUT' },
  { args: ['approvals', 'decide', 'apr_00000001', 'ALLOW_ONCE'], code: 'INVALID_INPUT' },
  { args: ['approvals', 'decide', 'apr_00000001'], code: 'INVALID_INPUT' },
  { args: ['approvals', 'decide', 'apr_00000001', 'ack', '--answer', 'x'], code: 'INVALID_INPUT' },
  { args: ['approvals', 'decide', 'apr_00000001', '--answer', '  '], code: 'INVALID_INPUT' },
];

const USAGE_ERRORS: readonly { args: string[]; message: RegExp }[] = [
  { args: ['ps', '--bogus'], message: /unknown option '--bogus'/ },
  { args: ['frobnicate'], message: /unknown command 'frobnicate'/ },
  { args: ['journal', 'list', '--pid'], message: /option '--pid <pid>' argument missing/ },
  { args: ['ps', 'extra'], message: /too many arguments/ },
  { args: ['journal', 'frobnicate'], message: /unknown command 'frobnicate'/ },
  { args: [], message: /Usage: agent-libos/ },
  {
    // --deny and --ask take a record, as on run: the old switch form is a usage error.
    args: ['caps', 'grant', 'proc_00000001', 'fs:a=read', '--deny'],
    message: /option '--deny <resource=rights>' argument missing/,
  },
  { args: ['caps', 'explain', 'proc_00000001', 'fs:a'], message: /missing required argument/ },
  { args: ['caps', 'revoke'], message: /missing required argument 'id'/ },
  {
    args: ['approvals', 'decide', 'apr_00000001', 'allow_once', 'extra'],
    message: /too many arguments/,
  },
  { args: ['approvals', 'list', '--pending'], message: /unknown option '--pending'/ },
];

describe('bad input', () => {
  it.each(BAD_INPUT)('rejects $args with $code and changes nothing', async ({ args, code }) => {
    await using ws = await createTempWorkspace();
    await seedProcesses(ws.dir);
    const before = snapshotAuthority(ws.dbPath);
    const text = await runCli(args, { cwd: ws.dir });
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(new RegExp(`^error ${code}: \\S.*\\n$`));
    const json = await runCli([...args, '--json'], { cwd: ws.dir });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code, message: expect.any(String), details: expect.any(Object), retryable: false },
    });
    expect(snapshotAuthority(ws.dbPath)).toEqual(before);
  });

  it.each(BAD_INPUT)(
    'rejects $args before touching a workspace with no database',
    async ({ args }) => {
      await using ws = await createTempWorkspace();
      const run = await runCli(args, { cwd: ws.dir });
      expect(run.code).toBe(2);
      expect(existsSync(ws.dbPath)).toBe(false);
    },
  );

  it.each(USAGE_ERRORS)('exits 2 on the usage error $args', async ({ args, message }) => {
    await using ws = await createTempWorkspace();
    const run = await runCli(args, { cwd: ws.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(existsSync(ws.dbPath)).toBe(false);
  });

  it('adds the wire form on stdout for a usage error under --json', async () => {
    const run = await runCli(['ps', '--bogus', '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/unknown option '--bogus'/) },
    });
  });

  it('exits 0 for --help and --version', async () => {
    const help = await runCli(['journal', 'list', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--pid <pid>/);
    const version = await runCli(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
  });

  it('reports an unexpected exception as INTERNAL without its text, unless debugging', async () => {
    await using ws = await createTempWorkspace();
    await runCli(['init'], { cwd: ws.dir });
    const failingIo = (sink: string[]) => ({
      stdout: () => {
        throw new Error('secret host detail /etc/shadow');
      },
      stderr: (text: string) => void sink.push(text),
    });
    const quiet: string[] = [];
    const code = await main(['node', 'agent-libos', 'ps', '--workspace', ws.dir], {
      io: failingIo(quiet),
      env: { AGENT_LIBOS_STATE_HOME: process.env.AGENT_LIBOS_STATE_HOME },
    });
    expect(code).toBe(1);
    expect(quiet.join('')).toBe('error INTERNAL: Running the command failed: internal error\n');
    const loud: string[] = [];
    await main(['node', 'agent-libos', 'ps', '--workspace', ws.dir], {
      io: failingIo(loud),
      env: { AGENT_LIBOS_DEBUG: '1', AGENT_LIBOS_STATE_HOME: process.env.AGENT_LIBOS_STATE_HOME },
    });
    expect(loud.join('')).toContain('secret host detail');
  });
});
