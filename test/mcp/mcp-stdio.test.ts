// MCP over stdio through agent processes: grants, pinned schemas, labels, errors, the sandbox and the servers' lifetimes.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { McpCallOutput } from '../../src/syscalls/mcp/call.js';
import type { McpListToolsOutput } from '../../src/syscalls/mcp/list-tools.js';
import { probeBwrap } from '../../src/sandbox/shell/probe-bwrap.js';
import { neededUnderCi } from '../support/needed-under-ci.js';
import {
  createRig,
  expectDeniedAndUntouched,
  expectNoHostPath,
  outcomeEntry,
  type Outcome,
  type Rig,
  type RigGrant,
} from '../security/helpers.js';
import { createMcpClients } from '../../src/mcp/mcp-clients.js';
import type { McpClients } from '../../src/ports/mcp-client.js';
import { addStdioFixture, processesWith, uniqueMarker, until, useMcpRigs } from './mcp-kit.js';

const probe = await probeBwrap();
const hasSandbox = neededUnderCi(
  'the sandboxed MCP server tests',
  probe.ok ? null : `they need a working bubblewrap (Debian package "bubblewrap"): ${probe.detail}`,
);

type Step = { syscall: string; input: unknown };

/** Spawns one process with `grants` that makes `steps` in order; returns the outcomes. */
async function runSteps(
  rig: Rig,
  grants: readonly RigGrant[],
  steps: readonly Step[],
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const goal = `mcp-steps-${rig.calls.length}-${Math.random()}`;
  rig.script(goal, async (ctx) => {
    for (const step of steps) outcomes.push(await rig.call(ctx, step.syscall, step.input));
  });
  await rig.spawn(goal, { grants });
  await rig.run();
  return outcomes;
}

function valueOf<T>(outcome: Outcome | undefined, _shape?: T): T {
  expect(outcome?.kind, JSON.stringify(outcome)).toBe('value');
  return (outcome as { value: T }).value;
}

function codeOf(outcome: Outcome | undefined): string | null {
  return outcome?.kind === 'error' ? outcome.error.code : null;
}

const list = (server: string): Step => ({ syscall: 'mcp.listTools', input: { server } });
const call = (server: string, tool: string, args: unknown = {}, extra: object = {}): Step => ({
  syscall: 'mcp.call',
  input: { server, tool, args, ...extra },
});

describe.runIf(hasSandbox)('MCP servers over stdio, in the sandbox', { timeout: 60_000 }, () => {
  const makeRig = useMcpRigs();

  it('lists and calls tools through a process with grants; results are labelled external objects', async () => {
    const rig = await makeRig();
    const marker = uniqueMarker('list-call');
    await addStdioFixture(rig, 'fx', { marker });
    const [listed, echoed, added] = await runSteps(
      rig,
      [{ resource: 'mcp:fx/**', rights: ['list', 'call'] }],
      [list('fx'), call('fx', 'echo', { text: 'hello' }), call('fx', 'add', { a: 2, b: 3 })],
    );
    const tools = valueOf<McpListToolsOutput>(listed);
    expect(tools.isolation).toBe('bwrap');
    // A tool whose name could not be one resource segment is left out.
    expect(tools.tools.map((t) => t.name)).toStrictEqual([
      'add',
      'echo',
      'evolve',
      'probe',
      'slow',
    ]);
    const echo = tools.tools.find((t) => t.name === 'echo')!;
    expect(echo.resource).toBe(`mcp:fx/echo/${echo.schemaSha256}`);

    const out = valueOf<McpCallOutput>(echoed);
    expect(out).toMatchObject({ server: 'fx', tool: 'echo', isError: false, preview: 'hello' });
    expect(out.schemaSha256).toBe(echo.schemaSha256);
    expect(valueOf<McpCallOutput>(added).preview).toBe('5');

    const stored = await rig.runtime.objects.read(out.object.id);
    expect(stored.version.labels.origins).toStrictEqual(['external']);
    // The listing the process read first (`mcp:fx`) is in its taint, so it joins the result's labels.
    expect(stored.version.labels.sourceResources).toStrictEqual(['mcp:fx', 'mcp:fx/echo']);
    expect(JSON.parse(new TextDecoder().decode(stored.bytes))).toMatchObject({
      content: [{ type: 'text', text: 'hello' }],
      isError: false,
    });

    const entry = await outcomeEntry(rig, rig.callsOf('mcp.call')[0]!);
    expect(entry?.type).toBe('syscall.completed');
    expect(entry?.data).toMatchObject({
      syscall: 'mcp.call',
      resource: `mcp:fx/echo/${echo.schemaSha256}`,
      server: 'fx',
      tool: 'echo',
      schemaSha256: echo.schemaSha256,
    });
    expectNoHostPath(rig, JSON.stringify(entry?.data));
    const intents = await rig.runtime.store.read((r) =>
      r.listIntents({ pid: rig.calls[0]!.pid, limit: 10 }),
    );
    expect(intents.filter((i) => i.syscall === 'mcp.call').map((i) => i.state)).toStrictEqual([
      'committed',
      'committed',
    ]);
  });

  it('denies listing and calling without a grant, and starts no server for it', async () => {
    const rig = await makeRig();
    const marker = uniqueMarker('denied');
    await addStdioFixture(rig, 'fx', { marker });
    await runSteps(rig, [], [list('fx'), call('fx', 'echo', { text: 'x' })]);
    await expectDeniedAndUntouched(rig, rig.callsOf('mcp.listTools')[0]!);
    await expectDeniedAndUntouched(rig, rig.callsOf('mcp.call')[0]!);
    // A call grant does not give the listing; a list grant does not give a call.
    const [listed, called] = await runSteps(
      rig,
      [
        { resource: 'mcp:fx/echo/**', rights: ['call'] },
        { resource: 'mcp:other', rights: ['list'] },
      ],
      [list('fx'), call('fx', 'add', { a: 1, b: 1 })],
    );
    expect(codeOf(listed)).toBe('NOT_PERMITTED');
    expect(codeOf(called)).toBe('NOT_PERMITTED');
    expect(processesWith(marker)).toStrictEqual([]);
  });

  it('refuses an unknown server alike to a process without a grant, and NOT_FOUND only with one', async () => {
    const rig = await makeRig();
    const [without] = await runSteps(rig, [], [call('ghost', 'echo', { text: 'x' })]);
    expect(codeOf(without)).toBe('NOT_PERMITTED');
    const [withGrant, listed] = await runSteps(
      rig,
      [{ resource: 'mcp:**', rights: ['list', 'call'] }],
      [call('ghost', 'echo', { text: 'x' }), list('ghost')],
    );
    expect(codeOf(withGrant)).toBe('NOT_FOUND');
    expect(codeOf(listed)).toBe('NOT_FOUND');
  });

  it('pins the schema: after the server changes a tool schema the old grant no longer lets the call through', async () => {
    const rig = await makeRig();
    await addStdioFixture(rig, 'fx', { marker: uniqueMarker('pin') });
    const shown = await rig.runtime.mcp.show('fx', { refresh: true });
    const echoV1 = shown.tools.find((t) => t.name === 'echo')!;
    const evolve = shown.tools.find((t) => t.name === 'evolve')!;
    const outcomes = await runSteps(
      rig,
      [
        { resource: echoV1.resource, rights: ['call'] },
        { resource: evolve.resource, rights: ['call'] },
      ],
      [
        call('fx', 'echo', { text: 'before' }),
        call('fx', 'evolve'),
        call('fx', 'echo', { text: 'after', loud: true }),
        call('fx', 'echo', { text: 'after', loud: true }),
      ],
    );
    expect(valueOf<McpCallOutput>(outcomes[0]).preview).toBe('before');
    expect(valueOf<McpCallOutput>(outcomes[1]).preview).toBe('evolved');
    // The schema it was decided on is not the server's any more: refused, the new one recorded.
    expect(codeOf(outcomes[2])).toBe('VERSION_CONFLICT');
    // Made again, the call needs authority for the new schema, which the pinned grant is not.
    expect(codeOf(outcomes[3])).toBe('NOT_PERMITTED');
    const echoV2 = (await rig.runtime.mcp.show('fx')).tools.find((t) => t.name === 'echo')!;
    expect(echoV2.schemaSha256).not.toBe(echoV1.schemaSha256);
    const denied = await outcomeEntry(rig, rig.callsOf('mcp.call')[3]!);
    expect(denied?.data).toMatchObject({ resource: echoV2.resource, code: 'NOT_PERMITTED' });
    // Nothing was sent: the refused calls have no committed intent.
    const intents = await rig.runtime.store.read((r) =>
      r.listIntents({ pid: rig.calls[0]!.pid, limit: 10 }),
    );
    expect(intents.filter((i) => i.state === 'committed')).toHaveLength(2);
    const changed = await rig.runtime.store.read((r) =>
      r.listJournal({ type: 'mcp.tools_changed', limit: 10 }),
    );
    expect(changed.length).toBeGreaterThanOrEqual(2);
  });

  it('an approval pins the schema too: a changed schema asks again', async () => {
    const rig = await makeRig();
    await addStdioFixture(rig, 'fx', { marker: uniqueMarker('approval') });
    const echoV1 = (await rig.runtime.mcp.show('fx', { refresh: true })).tools.find(
      (t) => t.name === 'echo',
    )!;
    const outcomes: Outcome[] = [];
    const steps: Step[][] = [
      [call('fx', 'echo', { text: 'one' })],
      [call('fx', 'echo', { text: 'one' }), call('fx', 'evolve')],
      [
        call('fx', 'evolve'),
        call('fx', 'echo', { text: 'two', loud: true }),
        call('fx', 'echo', { text: 'two', loud: true }),
      ],
    ];
    rig.script(
      'approval-pin',
      async (ctx, turn) => {
        for (const step of steps[turn] ?? []) {
          const outcome = await rig.call(ctx, step.syscall, step.input);
          outcomes.push(outcome);
          if (outcome.kind === 'blocked') return;
        }
      },
      { then: 'park' },
    );
    const pid = await rig.spawn('approval-pin', {
      grants: [{ resource: 'mcp:fx/**', rights: ['call'], effect: 'ask' }],
    });
    const pendingResource = async (): Promise<string> => {
      await rig.runtime.run({ maxQuanta: 50 });
      const pending = await rig.runtime.requests();
      expect(pending).toHaveLength(1);
      const body = pending[0]!.body as { resource?: string };
      return body.resource ?? JSON.stringify(pending[0]);
    };
    expect(await pendingResource()).toContain(echoV1.resource);
    await rig.runtime.decide((await rig.runtime.requests())[0]!.id, { decision: 'allow_always' });
    // The approved echo goes through; evolve asks, once.
    expect(await pendingResource()).toContain('mcp:fx/evolve/');
    await rig.runtime.decide((await rig.runtime.requests())[0]!.id, { decision: 'allow_once' });
    const asked = await pendingResource();
    expect(outcomes.map((o) => (o.kind === 'error' ? o.error.code : o.kind))).toStrictEqual([
      'blocked',
      'value',
      'blocked',
      'value',
      'VERSION_CONFLICT',
      'blocked',
    ]);
    // The approval named the first schema; the changed one is asked about anew.
    const echoV2 = (await rig.runtime.mcp.show('fx')).tools.find((t) => t.name === 'echo')!;
    expect(echoV2.schemaSha256).not.toBe(echoV1.schemaSha256);
    expect(asked).toContain(echoV2.resource);
    const records = await rig.runtime.store.read((r) =>
      r.listCapabilities({ subject: pid, limit: 50 }),
    );
    expect(records.map((r) => r.resource)).toContainEqual({
      kind: 'mcp',
      match: 'exact',
      path: `fx/echo/${echoV1.schemaSha256}`,
    });
    await rig.runtime.kill(pid);
  });

  it('checks arguments against the schema and names missing tools, before anything is sent', async () => {
    const rig = await makeRig();
    await addStdioFixture(rig, 'fx', { marker: uniqueMarker('errors') });
    await rig.runtime.mcp.show('fx', { refresh: true });
    const [badArgs, missing] = await runSteps(
      rig,
      [{ resource: 'mcp:fx/**', rights: ['call'] }],
      [call('fx', 'echo', { text: 42 }), call('fx', 'nope')],
    );
    expect(codeOf(badArgs)).toBe('INVALID_INPUT');
    expect(codeOf(missing)).toBe('NOT_FOUND');
    const intents = await rig.runtime.store.read((r) =>
      r.listIntents({ pid: rig.calls[0]!.pid, limit: 10 }),
    );
    expect(intents.map((i) => i.state)).toStrictEqual(['not_started', 'not_started']);
    for (const c of rig.calls)
      if (c.outcome.kind === 'error') expectNoHostPath(rig, c.outcome.error.message);
  });

  it('gives no process a way to register a server: no syscall does it', async () => {
    const rig = await makeRig();
    const names = [...(await import('../../src/runtime/syscall-table.js')).BUILTIN_SYSCALLS]
      .map((s) => s.name)
      .filter((n) => n.startsWith('mcp.'));
    expect(names.sort()).toStrictEqual(['mcp.call', 'mcp.listTools']);
    const [added] = await runSteps(
      rig,
      [{ resource: 'mcp:**', rights: ['list', 'call'] }],
      [{ syscall: 'mcp.add', input: { id: 'evil', transport: { kind: 'stdio', argv: ['sh'] } } }],
    );
    expect(codeOf(added)).toBe('NOT_FOUND');
    expect(await rig.runtime.mcp.list()).toStrictEqual([]);
  });

  it('runs the server in the sandbox: it sees only what the process may read, read-only', async () => {
    const rig = await makeRig();
    writeFileSync(join(rig.workspace, 'shown.txt'), 'shown');
    mkdirSync(join(rig.workspace, 'private'));
    writeFileSync(join(rig.workspace, 'private', 'secret.txt'), 'secret');
    await addStdioFixture(rig, 'fx', { marker: uniqueMarker('sandbox') });
    const [, probed] = await runSteps(
      rig,
      [
        { resource: 'mcp:fx/**', rights: ['list', 'call'] },
        { resource: 'fs:shown.txt', rights: ['read', 'write'] },
      ],
      [list('fx'), call('fx', 'probe')],
    );
    const report = JSON.parse(valueOf<McpCallOutput>(probed).preview) as {
      cwd: string;
      entries: string[];
      canWrite: boolean;
    };
    expect(report.cwd).toBe('/workspace');
    expect(report.entries).toStrictEqual(['shown.txt']);
    expect(report.canWrite).toBe(false);
  });

  it('fails a call whose server is killed mid-call: the intent is failed and nothing is replayed', async () => {
    // The clients are wrapped only to learn when the request has left (no sleeping on a guess).
    const clients = createMcpClients();
    let sent!: () => void;
    const requestSent = new Promise<void>((resolve) => (sent = resolve));
    const observed: McpClients = {
      ...clients,
      listTools: (server, options) => clients.listTools(server, options),
      close: () => clients.close(),
      callTool: (server, c) =>
        clients.callTool(server, {
          ...c,
          onSend: () => {
            c.onSend();
            sent();
          },
        }),
    };
    await using rig = await createRig({ mcp: observed });
    const marker = uniqueMarker('killed');
    await addStdioFixture(rig, 'fx', { marker });
    await rig.runtime.mcp.show('fx', { refresh: true });
    const goal = 'killed-mid-call';
    const outcomes: Outcome[] = [];
    let again: unknown = null;
    rig.script(goal, async (ctx) => {
      const input = call('fx', 'slow', { ms: 60_000 }).input;
      outcomes.push(await rig.call(ctx, 'mcp.call', input));
      // Made again with the same call id, the call is never run a second time.
      again = await ctx
        .syscall('mcp.call', input, { callId: rig.calls.at(-1)!.callId })
        .catch((error: unknown) => error);
    });
    const pid = await rig.spawn(goal, { grants: [{ resource: 'mcp:fx/**', rights: ['call'] }] });
    const running = rig.runtime.run({ maxQuanta: 50 });
    await requestSent;
    // The operator's listing started a server of its own (another view): every one is killed.
    for (const p of processesWith(marker))
      if (p.argv[0]?.endsWith('node') === true) process.kill(p.pid, 'SIGKILL');
    await running;
    expect(codeOf(outcomes[0])).toBe('MCP_UNAVAILABLE');
    const intents = await rig.runtime.store.read((r) => r.listIntents({ pid, limit: 10 }));
    expect(intents.map((i) => i.state)).toStrictEqual(['failed']);
    const entry = await outcomeEntry(rig, rig.callsOf('mcp.call')[0]!);
    expect(entry?.type).toBe('syscall.failed');
    expect(entry?.data).toMatchObject({ code: 'MCP_UNAVAILABLE' });
    expect((again as { code?: string } | null)?.code).toBe('ALREADY_EXISTS');
    await until(() => processesWith(marker).length === 0);
  });

  it('times a slow call out with DEADLINE_EXCEEDED', async () => {
    const rig = await makeRig();
    await addStdioFixture(rig, 'fx', { marker: uniqueMarker('timeout') });
    await rig.runtime.mcp.show('fx', { refresh: true });
    const [slow] = await runSteps(
      rig,
      [{ resource: 'mcp:fx/**', rights: ['call'] }],
      [call('fx', 'slow', { ms: 30_000 }, { timeoutMs: 100 })],
    );
    expect(codeOf(slow)).toBe('DEADLINE_EXCEEDED');
  });

  it('closes every server it started when the runtime closes', async () => {
    const rig = await makeRig();
    const marker = uniqueMarker('close');
    await addStdioFixture(rig, 'fx', { marker });
    await addStdioFixture(rig, 'fy', { marker });
    await runSteps(rig, [{ resource: 'mcp:**', rights: ['list'] }], [list('fx'), list('fy')]);
    expect(processesWith(marker).length).toBeGreaterThanOrEqual(2);
    await rig.runtime.close();
    await until(() => processesWith(marker).length === 0);
  });
});

// No sandbox is what this is about: it runs on every host, with or without bubblewrap.
describe('MCP servers over stdio, on a host without the sandbox', { timeout: 60_000 }, () => {
  const makeRig = useMcpRigs();

  it('refuses a stdio server when the host has no sandbox, unless the operator registered it unsandboxed', async () => {
    const rig = await makeRig({ bwrap: false });
    await addStdioFixture(rig, 'boxed', { marker: uniqueMarker('no-sandbox') });
    await addStdioFixture(rig, 'open', { marker: uniqueMarker('unsandboxed'), unsandboxed: true });
    const [refused, listed] = await runSteps(
      rig,
      [{ resource: 'mcp:**', rights: ['list'] }],
      [list('boxed'), list('open')],
    );
    expect(codeOf(refused)).toBe('NOT_PERMITTED');
    expect(valueOf<McpListToolsOutput>(listed).isolation).toBe('none');
  });
});
