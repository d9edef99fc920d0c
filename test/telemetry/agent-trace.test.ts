// One agent tree is one trace: quanta, model calls, tool calls and syscalls as spans, a child
// process under its parent, denials with their decision, and the trace going on after a restart.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  context,
  INVALID_SPAN_CONTEXT,
  trace,
  type Attributes,
  type TracerProvider,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createScriptedProvider } from '../../src/models/scripted/create-scripted-provider.js';
import type { ModelProvider } from '../../src/ports/model-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import { ATTR, SPAN } from '../../src/runtime/telemetry/attributes.js';
import { processSpanContext } from '../../src/runtime/telemetry/process-span-context.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(provider);
});

afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

beforeEach(() => {
  exporter.reset();
});

// Sequential ids: the root is the first process, the child the second.
const ROOT = 'proc_00000001';
const CHILD = 'proc_00000002';

/** An image of this test's own: it spawns, reads and waits. */
const LEAD_IMAGE = {
  id: 'lead',
  version: 1,
  description: 'Delegates and reads.',
  systemPrompt: 'Delegate.',
  tools: ['spawn_agent', 'wait_agent', 'read_file', 'exit'],
  requirements: [],
  defaultBudget: { quanta: 50 },
  defaultModel: null,
};

/** A provider whose tracer records nothing, as with no SDK installed. */
const NOOP_PROVIDER: TracerProvider = {
  getTracer: () => ({
    startSpan: () => trace.wrapSpanContext(INVALID_SPAN_CONTEXT),
    startActiveSpan: () => {
      throw new Error('the runtime never starts an active span');
    },
  }),
};

function scripted(agents: unknown[]): (spec: string) => ModelProvider {
  const model = createScriptedProvider({ agents } as never);
  return () => model;
}

const attr = (span: ReadableSpan, key: string): Attributes[string] => span.attributes[key];
const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

describe('tracing an agent tree', () => {
  it('makes one trace of a root, its child, their quanta, model calls, tool calls and syscalls, across a restart', async () => {
    const models = scripted([
      {
        name: 'boss',
        calls: [
          {
            spawn_agent: {
              image: 'base',
              goal: 'Read the notes',
              name: 'helper',
              grants: [{ resource: 'fs:public.txt', rights: ['read'] }],
            },
          },
          { read_file: { path: 'public.txt' } },
          { read_file: { path: 'secret.txt' } },
          { wait_agent: { pid: CHILD } },
          { exit: { result: 'combined' } },
        ],
      },
      { name: 'helper', calls: [{ read_file: { path: 'public.txt' } }, { exit: { result: 'r' } }] },
    ]);
    const body = createAgentBody({ defaultModel: 'scripted:test' });
    await using t = await createTempRuntime({ models, body });
    await writeFile(join(t.workspace, 'public.txt'), 'hello');
    await writeFile(join(t.workspace, 'secret.txt'), 'TOP-SECRET-PAYLOAD');
    await t.runtime.registerImage(LEAD_IMAGE);
    const root = await t.runtime.spawn({
      model: 'scripted:test',
      imageId: 'lead',
      goal: 'Delegate',
      name: 'boss',
    });
    expect(root.pid).toBe(ROOT);
    await t.runtime.grantAll([
      { subject: ROOT, resource: 'process:spawn', rights: 'spawn' },
      { subject: ROOT, resource: 'fs:public.txt', rights: 'read', delegable: true },
    ]);
    // The parent's first quantum spawns, reads, is denied and waits on its child.
    await t.runtime.run({ maxQuanta: 1 });
    expect((await t.runtime.get(ROOT)).state.kind).toBe('waiting');
    const before = exporter.getFinishedSpans().length;

    // A restart: a new runtime on the same database, with nothing of the old one in memory.
    await t.reopen({ models, body });
    await t.runtime.run();
    expect((await t.runtime.get(ROOT)).state).toEqual({ kind: 'exited', result: 'combined' });
    const spans = exporter.getFinishedSpans();
    const after = spans.slice(before);
    expect(after.length).toBeGreaterThan(0);

    // One trace, rooted at the root's process span (the operator's spawn started it).
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const processSpans = spans.filter((s) => s.name === SPAN.process);
    const processOf = (pid: string): ReadableSpan | undefined =>
      processSpans.find((s) => attr(s, ATTR.pid) === pid);
    expect(processSpans).toHaveLength(2);
    const rootSpan = processOf(ROOT)!;
    const childSpan = processOf(CHILD)!;
    expect(parentOf(rootSpan)).toBeUndefined();
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(
      new Set([rootSpan.spanContext().traceId]),
    );
    // Every span but the root's has its parent in the trace: one tree, nothing dangling.
    for (const s of spans) if (s !== rootSpan) expect(byId.has(parentOf(s) ?? '')).toBe(true);

    // Quanta hang under their process's span, before and after the restart alike.
    const quanta = spans.filter((s) => s.name === SPAN.quantum);
    const quantaOf = (pid: string): ReadableSpan[] =>
      quanta.filter((s) => attr(s, ATTR.pid) === pid);
    expect(quantaOf(ROOT).length).toBeGreaterThanOrEqual(2);
    expect(quantaOf(CHILD).length).toBeGreaterThanOrEqual(1);
    for (const q of quantaOf(ROOT)) expect(parentOf(q)).toBe(rootSpan.spanContext().spanId);
    for (const q of quantaOf(CHILD)) expect(parentOf(q)).toBe(childSpan.spanContext().spanId);
    const resumedRoot = after.filter((s) => s.name === SPAN.quantum && attr(s, ATTR.pid) === ROOT);
    expect(resumedRoot.length).toBeGreaterThanOrEqual(1);
    for (const q of resumedRoot) expect(parentOf(q)).toBe(rootSpan.spanContext().spanId);

    // The child's process span is under its parent: root process → quantum → spawn_agent →
    // process.spawn → child process.
    const ancestry = (span: ReadableSpan): string[] => {
      const names: string[] = [];
      for (
        let at = byId.get(parentOf(span) ?? '');
        at !== undefined;
        at = byId.get(parentOf(at) ?? '')
      )
        names.push(
          `${at.name}:${String(attr(at, ATTR.syscall) ?? attr(at, ATTR.toolName) ?? attr(at, ATTR.pid))}`,
        );
      return names;
    };
    expect(ancestry(childSpan)).toEqual([
      `${SPAN.syscall}:process.spawn`,
      `${SPAN.toolCall}:spawn_agent`,
      `${SPAN.quantum}:${ROOT}`,
      `${SPAN.process}:${ROOT}`,
    ]);
    expect(attr(childSpan, ATTR.parentPid)).toBe(ROOT);

    // Model calls: under a quantum, with provider, model and tokens; the model.call syscall inside.
    const modelCalls = spans.filter((s) => s.name === SPAN.modelCall);
    expect(modelCalls.length).toBeGreaterThanOrEqual(7);
    for (const m of modelCalls) {
      expect(byId.get(parentOf(m) ?? '')?.name).toBe(SPAN.quantum);
      expect(attr(m, ATTR.provider)).toBe('scripted');
      expect(attr(m, ATTR.requestModel)).toBe('test');
      expect(typeof attr(m, ATTR.inputTokens)).toBe('number');
      expect(typeof attr(m, ATTR.outputTokens)).toBe('number');
    }
    const syscalls = spans.filter((s) => s.name === SPAN.syscall);
    const modelSyscalls = syscalls.filter((s) => attr(s, ATTR.syscall) === 'model.call');
    expect(modelSyscalls.length).toBe(modelCalls.length);
    for (const s of modelSyscalls) expect(byId.get(parentOf(s) ?? '')?.name).toBe(SPAN.modelCall);

    // Tool calls: under a quantum; the syscalls they make under them, with decision and outcome.
    const tools = spans.filter((s) => s.name === SPAN.toolCall);
    const toolNames = (pid: string): unknown[] =>
      tools
        .filter((s) => attr(byId.get(parentOf(s) ?? '')!, ATTR.pid) === pid)
        .map((s) => attr(s, ATTR.toolName));
    expect(toolNames(ROOT)).toEqual([
      'spawn_agent',
      'read_file',
      'read_file',
      'wait_agent',
      'wait_agent',
      'exit',
    ]);
    expect(toolNames(CHILD)).toEqual(['read_file', 'exit']);
    const spawn = syscalls.find((s) => attr(s, ATTR.syscall) === 'process.spawn');
    expect(spawn).toBeDefined();
    expect(byId.get(parentOf(spawn!) ?? '')?.name).toBe(SPAN.toolCall);
    expect(attr(spawn!, ATTR.decision)).toBe('allow');
    expect(attr(spawn!, ATTR.outcome)).toBe('completed');

    // The denial carries its decision, outcome and code, on the tool call and the syscall.
    const reads = syscalls.filter((s) => attr(s, ATTR.syscall) === 'fs.read');
    const denied = reads.filter((s) => attr(s, ATTR.decision) === 'deny');
    expect(denied).toHaveLength(1);
    expect(attr(denied[0]!, ATTR.outcome)).toBe('denied');
    expect(attr(denied[0]!, ATTR.errorCode)).toBe('NOT_PERMITTED');
    expect(denied[0]!.status).toMatchObject({ code: 2, message: 'NOT_PERMITTED' });
    const deniedTool = byId.get(parentOf(denied[0]!) ?? '')!;
    expect(attr(deniedTool, ATTR.toolOutcome)).toBe('denied');
    expect(attr(deniedTool, ATTR.errorCode)).toBe('NOT_PERMITTED');
    expect(reads.filter((s) => attr(s, ATTR.outcome) === 'completed')).toHaveLength(2);

    // The wait blocked the parent's first quantum; it completed after the restart.
    const waits = syscalls.filter((s) => attr(s, ATTR.syscall) === 'process.wait');
    expect(waits.map((s) => attr(s, ATTR.outcome))).toEqual(['blocked', 'completed']);

    // Spans carry names, ids, codes and counts, never payloads or host paths.
    const everything = JSON.stringify(
      spans.map((s) => ({ name: s.name, attributes: s.attributes, status: s.status })),
    );
    expect(everything).not.toContain('TOP-SECRET');
    expect(everything).not.toContain('hello');
    expect(everything).not.toContain('Read the notes');
    expect(everything).not.toContain(t.dir);
  });

  it('derives the context of processes spawned while nothing traced, and links a child to its parent', async () => {
    const models = scripted([
      {
        name: 'boss',
        calls: [
          { spawn_agent: { image: 'base', goal: 'Help', name: 'helper' } },
          { wait_agent: { pid: CHILD } },
          { exit: { result: 'done' } },
        ],
      },
      { name: 'helper', calls: [{ exit: { result: 'helped' } }] },
    ]);
    const body = createAgentBody({ defaultModel: 'scripted:test' });
    // The first runtime traces nothing: its provider is the API's no-op, so nothing is kept.
    await using t = await createTempRuntime({ models, body, tracerProvider: NOOP_PROVIDER });
    await t.runtime.registerImage(LEAD_IMAGE);
    await t.runtime.spawn({ model: 'scripted:test', imageId: 'lead', goal: 'Lead', name: 'boss' });
    await t.runtime.grant({ subject: ROOT, resource: 'process:spawn', rights: 'spawn' });
    await t.runtime.run({ maxQuanta: 1 });
    expect(exporter.getFinishedSpans()).toEqual([]);

    // Restarted with the host's SDK installed.
    await t.reopen({ models, body, tracerProvider: trace.getTracerProvider() });
    await t.runtime.run();
    expect((await t.runtime.get(ROOT)).state).toEqual({ kind: 'exited', result: 'done' });
    const quanta = exporter.getFinishedSpans().filter((s) => s.name === SPAN.quantum);
    const root = processSpanContext(ROOT, ROOT);
    const child = processSpanContext(CHILD, ROOT);
    const of = (pid: string): ReadableSpan[] => quanta.filter((s) => attr(s, ATTR.pid) === pid);
    expect(of(ROOT).length).toBeGreaterThanOrEqual(1);
    expect(of(CHILD).length).toBeGreaterThanOrEqual(1);
    for (const q of quanta) expect(q.spanContext().traceId).toBe(root.traceId);
    for (const q of of(ROOT)) expect(parentOf(q)).toBe(root.spanId);
    for (const q of of(CHILD)) {
      expect(parentOf(q)).toBe(child.spanId);
      expect(q.links.map((l) => l.context.spanId)).toEqual([root.spanId]);
    }
  });

  it('traces an ask as the decision that blocked the call', async () => {
    const models = scripted([
      { name: 'asker', calls: [{ write_file: { path: 'out.txt', content: 'x' } }] },
    ]);
    await using t = await createTempRuntime({
      models,
      body: createAgentBody({ defaultModel: 'scripted:test' }),
    });
    const p = await t.runtime.spawn({
      model: 'scripted:test',
      imageId: 'base',
      goal: 'Write',
      name: 'asker',
    });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'write', effect: 'ask' });
    await t.runtime.run();
    const write = exporter
      .getFinishedSpans()
      .find((s) => s.name === SPAN.syscall && attr(s, ATTR.syscall) === 'fs.write');
    expect(write?.attributes).toMatchObject({
      [ATTR.decision]: 'ask',
      [ATTR.outcome]: 'blocked',
    });
  });
});
