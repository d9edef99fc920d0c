// `agent-libos mcp serve` end to end: the built CLI as an MCP stdio server, driven by the SDK's client.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { HumanRequest } from '../../src/kernel/approval/types.js';
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import { BIN, ROOT, skipWithoutBuild } from '../support/built-cli.js';
import { useChildGuard } from '../support/child-guard.js';
import { runJson, writeScript, type RunJson } from './agent-fixture.js';
import { createTempWorkspace } from './cli-harness.js';

const TOOLS = ['approvals_decide', 'approvals_list', 'journal_tail', 'process_show', 'ps'];

/** The clients a test opened; each is closed (its server child ends) after the test. */
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

/** Starts `agent-libos mcp serve` on `workspace` as a stdio child and connects the SDK's client. */
async function connect(workspace: string): Promise<{ client: Client; stderr: () => string }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', 'serve', '--workspace', workspace],
    cwd: ROOT,
    env,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: 'operator-assistant', version: '1.0.0' });
  clients.push(client);
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

/** Calls `name` and parses its JSON text; fails when the tool answered an error. */
async function call<T>(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<T> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content[0]?.type === 'text' ? result.content[0].text : '';
  expect(result.isError ?? false, text).toBe(false);
  return JSON.parse(text) as T;
}

/** Calls `name` expecting a tool error; returns the error's wire form. */
async function callError(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<{ code: string; message: string }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError).toBe(true);
  const text = result.content[0]?.type === 'text' ? result.content[0].text : '';
  return (JSON.parse(text) as { error: { code: string; message: string } }).error;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A writer whose write of REPORT.md asks a human first, then it ends. */
async function writerScript(dir: string): Promise<string> {
  return writeScript(dir, 'model.json', {
    agents: [
      {
        goal: 'Write the report',
        calls: [
          { write_file: { path: 'REPORT.md', content: 'approved text\n' } },
          { exit: { result: 'written' } },
        ],
      },
    ],
  });
}

const WRITER = ['--image', 'base', '--goal', 'Write the report'];
const ASK = ['--grant', 'fs:REPORT.md=write', '--ask', 'fs:REPORT.md=write'];

describe.skipIf(skipWithoutBuild('agent-libos mcp serve'))('agent-libos mcp serve', () => {
  const guard = useChildGuard();

  it('lists, shows, decides and tails the journal of a database no runtime holds', async () => {
    await using ws = await createTempWorkspace();
    const script = await writerScript(ws.dir);
    // A run that stops waiting on the human: the request is pending, nothing holds the database.
    const ran = await runJson<RunJson>([
      'run',
      '--workspace',
      ws.dir,
      ...WRITER,
      ...ASK,
      '--model',
      `scripted:${script}`,
    ]);
    expect(ran.out.outcome).toBe('waiting-on-human');
    const pid = ran.out.root ?? '';

    const { client, stderr } = await connect(ws.dir);
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name).sort()).toEqual(TOOLS);

    const ps = await call<{ processes: AgentProcess[] }>(client, 'ps');
    expect(ps.processes.map((p) => [p.pid, p.state.kind])).toEqual([[pid, 'waiting']]);
    const shown = await call<{ process: AgentProcess; children: string[] }>(
      client,
      'process_show',
      { pid },
    );
    expect(shown.process.goal).toBe('Write the report');
    expect(shown.children).toEqual([]);

    const listed = await call<{ requests: HumanRequest[] }>(client, 'approvals_list');
    expect(listed.requests).toHaveLength(1);
    const [request] = listed.requests;
    expect(request).toMatchObject({
      pid,
      state: { kind: 'pending' },
      body: { kind: 'permission', resource: 'fs:REPORT.md', rights: ['write'] },
    });

    const decided = await call<{ request: HumanRequest; live: boolean }>(
      client,
      'approvals_decide',
      { id: request?.id, decision: 'allow_once' },
    );
    expect(decided.live).toBe(false);
    expect(decided.request.state).toMatchObject({ kind: 'answered', decision: 'allow_once' });
    expect((await call<{ requests: HumanRequest[] }>(client, 'approvals_list')).requests).toEqual(
      [],
    );
    // The same checks as `approvals decide`: a request is decided once.
    const again = await callError(client, 'approvals_decide', {
      id: request?.id,
      decision: 'deny_once',
    });
    expect(again.code).toBe('ILLEGAL_TRANSITION');

    // The process goes on from where it blocked.
    const resumed = await runJson<RunJson>(['resume', '--workspace', ws.dir]);
    expect(resumed.out.outcome).toBe('ended');
    expect(readFileSync(join(ws.dir, 'REPORT.md'), 'utf8')).toBe('approved text\n');
    const after = await call<{ process: AgentProcess }>(client, 'process_show', { pid });
    expect(after.process.state).toEqual({ kind: 'exited', result: 'written' });

    // The tail: the latest entries; paging forward from 0 visits every seq once, in order.
    const tail = await call<{ entries: JournalEntry[]; nextAfterSeq: number }>(
      client,
      'journal_tail',
      { limit: 3 },
    );
    expect(tail.entries).toHaveLength(3);
    const last = tail.entries.at(-1)?.seq ?? 0;
    expect(tail.nextAfterSeq).toBe(last);
    expect(tail.entries.map((e) => e.seq)).toEqual([last - 2, last - 1, last]);
    expect(
      (await call<{ entries: JournalEntry[] }>(client, 'journal_tail', { afterSeq: last })).entries,
    ).toEqual([]);
    const seen: number[] = [];
    let afterSeq = 0;
    for (;;) {
      const page = await call<{ entries: JournalEntry[]; nextAfterSeq: number }>(
        client,
        'journal_tail',
        { afterSeq, limit: 7 },
      );
      if (page.entries.length === 0) break;
      expect(page.entries.length).toBeLessThanOrEqual(7);
      seen.push(...page.entries.map((e) => e.seq));
      afterSeq = page.nextAfterSeq;
    }
    expect(seen).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    const decisions = await call<{ entries: JournalEntry[] }>(client, 'journal_tail', {
      afterSeq: 0,
      type: 'approval.decided',
    });
    expect(decisions.entries.map((e) => e.pid)).toEqual([pid]);
    // Only the startup line reaches stderr; stdout carried the protocol alone (the client parsed it).
    expect(stderr()).toMatch(/^agent-libos mcp serve: serving .* on stdio\n$/);
  });

  it('answers bad input with a tool error carrying a stable code', async () => {
    await using ws = await createTempWorkspace();
    const script = await writerScript(ws.dir);
    const ran = await runJson<RunJson>([
      'run',
      '--workspace',
      ws.dir,
      ...WRITER,
      ...ASK,
      '--model',
      `scripted:${script}`,
    ]);
    const pending = ran.out.pending[0]?.id ?? '';
    const { client } = await connect(ws.dir);
    const root = ran.out.root ?? '';
    const other = (id: string): string => id.replace(/.$/, id.endsWith('0') ? '1' : '0');
    const unknownPid = await callError(client, 'process_show', { pid: other(root) });
    expect(unknownPid.code).toBe('NOT_FOUND');
    expect(unknownPid.message).not.toContain(ws.dir);
    expect((await callError(client, 'process_show', { pid: '../../etc/passwd' })).code).toBe(
      'INVALID_ID',
    );
    const unknownRequest = await callError(client, 'approvals_decide', {
      id: other(pending),
      decision: 'allow_once',
    });
    expect(unknownRequest.code).toBe('NOT_FOUND');
    const bad = await callError(client, 'approvals_decide', { id: pending, decision: 'maybe' });
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.message).toContain('allow_once');
    expect((await callError(client, 'approvals_decide', { id: 'apr_x' })).code).toMatch(
      /^INVALID_(ID|INPUT)$/,
    );
    expect((await callError(client, 'ps', { states: ['sleeping'] })).code).toBe('INVALID_INPUT');
    expect((await callError(client, 'journal_tail', { pid: 'nope' })).code).toBe('INVALID_ID');
    // Nothing was decided by any of it.
    const listed = await call<{ requests: HumanRequest[] }>(client, 'approvals_list');
    expect(listed.requests.map((r) => [r.id, r.state.kind])).toEqual([[pending, 'pending']]);
  });

  it('decides through a live runtime (serve), and the agent continues at once', async () => {
    await using ws = await createTempWorkspace();
    const script = await writerScript(ws.dir);
    const serve = guard.track(
      spawn(process.execPath, [BIN, 'serve', '--workspace', ws.dir, '--port', '0', '--json'], {
        cwd: ROOT,
        env: process.env,
        stdio: ['ignore', 'ignore', 'pipe'],
      }),
    );
    let serveLog = '';
    serve.stderr.setEncoding('utf8').on('data', (chunk: string) => (serveLog += chunk));
    await until(
      () => Promise.resolve(serveLog),
      (log) => log.includes('"event":"serve.listening"'),
    );
    const spawned = await runJson<{ process: AgentProcess }>([
      'spawn',
      '--workspace',
      ws.dir,
      ...WRITER,
      ...ASK,
      '--model',
      `scripted:${script}`,
    ]);
    const pid = spawned.out.process.pid;
    const { client } = await connect(ws.dir);
    const listed = await until(
      () => call<{ requests: HumanRequest[] }>(client, 'approvals_list'),
      (l) => l.requests.length > 0,
    );
    expect(existsSync(join(ws.dir, 'REPORT.md'))).toBe(false);
    const decided = await call<{ request: HumanRequest; live: boolean }>(
      client,
      'approvals_decide',
      { id: listed.requests[0]?.id, decision: 'allow_once' },
    );
    expect(decided.live).toBe(true);
    const ended = await until(
      () => call<{ process: AgentProcess }>(client, 'process_show', { pid }),
      (shown) => shown.process.state.kind === 'exited',
    );
    expect(ended.process.state).toEqual({ kind: 'exited', result: 'written' });
    expect(readFileSync(join(ws.dir, 'REPORT.md'), 'utf8')).toBe('approved text\n');
  });
});
