// Tracing with no SDK installed is a no-op, and process contexts are derived, not remembered.
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../base/ids.js';
import { processSpanContext } from './process-span-context.js';
import { Tracing } from './tracing.js';

const ROOT = 'proc_root0001' as Pid;
const CHILD = 'proc_child001' as Pid;

describe('Tracing', () => {
  it('records nothing and starts no syscall span when the host installed no SDK', () => {
    const tracing = new Tracing();
    const quantum = tracing.startQuantum({ pid: CHILD, parentPid: ROOT, rootPid: ROOT, fence: 3 });
    expect(quantum.isRecording()).toBe(false);
    // The no-op span still carries the derived context, so a host's own spans could join it.
    expect(quantum.spanContext()).toMatchObject({
      traceId: processSpanContext(CHILD, ROOT).traceId,
      spanId: processSpanContext(CHILD, ROOT).spanId,
    });
    expect(tracing.startSyscall(quantum, { name: 'fs.read', callId: 'c1' })).toBeNull();
    expect(tracing.startToolCall(quantum, { name: 'read_file', id: 'c1' })).toBe(quantum);
    expect(tracing.startModelCall(quantum, { spec: 'openai:gpt-4.1', turn: 0 })).toBe(quantum);
    // The library never installs a provider of its own.
    expect(trace.getTracerProvider().getTracer('x').startSpan('y').isRecording()).toBe(false);
  });
});

describe('processSpanContext', () => {
  it('derives one valid trace per root and one span per process, the same every time', () => {
    const root = processSpanContext(ROOT, ROOT);
    const child = processSpanContext(CHILD, ROOT);
    expect(isSpanContextValid(root)).toBe(true);
    expect(isSpanContextValid(child)).toBe(true);
    expect(child.traceId).toBe(root.traceId);
    expect(child.spanId).not.toBe(root.spanId);
    expect(processSpanContext(CHILD, ROOT)).toEqual(child);
    expect(processSpanContext(CHILD, CHILD).traceId).not.toBe(root.traceId);
  });
});
