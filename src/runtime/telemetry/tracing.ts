// The runtime's spans: quanta, syscalls, model calls and tool calls, through @opentelemetry/api only.
import {
  isValidSpanId,
  isValidTraceId,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Context,
  type Link,
  type Span,
  type SpanContext,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import type { Json } from '../../base/canonical-json.js';
import type { Pid } from '../../base/ids.js';
import { modelResource } from '../../kernel/agent/model-resource.js';
import type { ModelUsage } from '../../ports/model-provider.js';
import { ATTR, SPAN } from './attributes.js';
import { processSpanContext } from './process-span-context.js';

/** The process setting that keeps the span context of the process's `agent.process` span. */
export const TRACE_SETTING = 'trace.process';

/** The name the runtime's tracer is registered under. */
export const TRACER_NAME = 'agent-libos';

/** How many processes' derived contexts are kept (cheap to derive again). */
const MAX_CACHED = 10_000;

/** What a quantum span is about. */
export interface QuantumTrace {
  readonly pid: Pid;
  readonly parentPid: Pid | null;
  readonly rootPid: Pid;
  readonly fence: number;
}

/** How a syscall invocation was decided, and how it ended. */
export type SyscallDecision = 'allow' | 'deny' | 'ask';
/** The one outcome of a syscall invocation (`blocked`: it now waits on a human, a child, …). */
export type SyscallOutcome = 'completed' | 'denied' | 'failed' | 'blocked';

/**
 * The runtime's tracing, one per runtime. With no OpenTelemetry SDK installed by the host, the
 * API's tracer is a no-op and every span below is a non-recording one: a quantum starts under
 * its process's context (cached per pid) and a syscall, model or tool span costs one
 * `isRecording` check. The library never installs an SDK.
 */
export class Tracing {
  readonly #tracer: Tracer;
  /** Per pid: the context its quanta start in (kept or derived), and their links. */
  readonly #processes = new Map<Pid, { context: Context; links: Link[] }>();

  constructor(options: { provider?: TracerProvider; version?: string } = {}) {
    this.#tracer = (options.provider ?? trace.getTracerProvider()).getTracer(
      TRACER_NAME,
      options.version,
    );
  }

  /**
   * Starts the `agent.process` span of a process about to be spawned: under `parent` (the span of
   * the spawning call, in the parent's quantum), or a new trace for a root. It is ended once the
   * spawn committed; `keptContext` gives what the spawn stores with the process.
   */
  startProcess(parent: Span | undefined, kind: 'spawned' | 'forked'): Span {
    const span = this.#tracer.startSpan(
      SPAN.process,
      { kind: SpanKind.INTERNAL, ...(parent === undefined ? { root: true } : {}) },
      parent === undefined ? ROOT_CONTEXT : trace.setSpan(ROOT_CONTEXT, parent),
    );
    if (span.isRecording()) span.setAttribute(ATTR.processKind, kind);
    return span;
  }

  /** Whether a quantum of `pid` needs no stored context read (it is cached). */
  knows(pid: Pid): boolean {
    return this.#processes.has(pid);
  }

  /**
   * Starts the span of one quantum, under its process's span: the `agent.process` span stored
   * with the process at spawn (`stored`, the `TRACE_SETTING` value), else a context derived from
   * the pids (see `processSpanContext`), linked to the parent's.
   */
  startQuantum(quantum: QuantumTrace, stored?: Json): Span {
    const { context, links } = this.#processOf(quantum, stored);
    const span = this.#tracer.startSpan(SPAN.quantum, { kind: SpanKind.INTERNAL, links }, context);
    if (span.isRecording()) {
      span.setAttributes({
        [ATTR.pid]: quantum.pid,
        [ATTR.rootPid]: quantum.rootPid,
        [ATTR.fence]: quantum.fence,
        ...(quantum.parentPid === null ? {} : { [ATTR.parentPid]: quantum.parentPid }),
      });
    }
    return span;
  }

  /** Starts a syscall's span under `parent`; null when nothing records it. */
  startSyscall(parent: Span | undefined, call: { name: string; callId: string }): Span | null {
    if (parent?.isRecording() !== true) return null;
    const span = this.#child(parent, SPAN.syscall);
    span.setAttributes({ [ATTR.syscall]: call.name, [ATTR.callId]: call.callId });
    return span;
  }

  /**
   * Starts a model call's span under `parent` (the provider and model from the spec; a scripted
   * model is named by its file's base name, never its path). Returns `parent` when nothing records.
   */
  startModelCall(parent: Span, call: { spec: string; turn: number }): Span {
    if (!parent.isRecording()) return parent;
    const span = this.#child(parent, SPAN.modelCall);
    span.setAttributes({
      [ATTR.operationName]: 'chat',
      [ATTR.turn]: call.turn,
      ...named(call.spec),
    });
    return span;
  }

  /** Starts a tool call's span under `parent`; returns `parent` when nothing records. */
  startToolCall(parent: Span, call: { name: string; id: string }): Span {
    if (!parent.isRecording()) return parent;
    const span = this.#child(parent, SPAN.toolCall);
    span.setAttributes({
      [ATTR.operationName]: 'execute_tool',
      [ATTR.toolName]: call.name,
      [ATTR.toolCallId]: call.id,
    });
    return span;
  }

  #child(parent: Span, name: string): Span {
    return this.#tracer.startSpan(
      name,
      { kind: SpanKind.INTERNAL },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
  }

  #processOf(quantum: QuantumTrace, stored: Json | undefined): { context: Context; links: Link[] } {
    const known = this.#processes.get(quantum.pid);
    if (known !== undefined) return known;
    const kept = parseKept(stored);
    const made =
      kept === null
        ? {
            context: trace.setSpanContext(
              ROOT_CONTEXT,
              processSpanContext(quantum.pid, quantum.rootPid),
            ),
            links:
              quantum.parentPid === null
                ? []
                : [{ context: processSpanContext(quantum.parentPid, quantum.rootPid) }],
          }
        : { context: trace.setSpanContext(ROOT_CONTEXT, kept), links: [] };
    if (this.#processes.size >= MAX_CACHED) {
      const oldest = this.#processes.keys().next();
      if (oldest.done !== true) this.#processes.delete(oldest.value);
    }
    this.#processes.set(quantum.pid, made);
    return made;
  }
}

/** What a spawn stores of its `agent.process` span (null: nothing records it). */
export function keptContext(span: Span): Json {
  if (!span.isRecording()) return null;
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

function parseKept(value: Json | undefined): SpanContext | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { traceId, spanId } = value as { traceId?: unknown; spanId?: unknown };
  if (typeof traceId !== 'string' || typeof spanId !== 'string') return null;
  if (!isValidTraceId(traceId) || !isValidSpanId(spanId)) return null;
  return { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true };
}

/** Ends a syscall span with its decision (when one was made), outcome and error code. */
export function endSyscallSpan(
  span: Span,
  end: {
    decision: SyscallDecision | null;
    outcome: SyscallOutcome;
    code: string | null;
    replayed: boolean;
  },
): void {
  span.setAttributes({
    [ATTR.outcome]: end.outcome,
    ...(end.decision === null ? {} : { [ATTR.decision]: end.decision }),
    ...(end.code === null ? {} : { [ATTR.errorCode]: end.code }),
    ...(end.replayed ? { [ATTR.replayed]: true } : {}),
  });
  endWith(span, end.outcome === 'denied' || end.outcome === 'failed' ? end.code : null);
}

/**
 * Ends a model call span with the tokens and model the provider reported, the error code, or
 * `blocked` (the call waits on a human's approval and is made again when decided).
 */
export function endModelCallSpan(
  span: Span,
  end: { usage: ModelUsage; model: string } | { code: string } | { blocked: true },
): void {
  if (!span.isRecording()) return;
  if ('blocked' in end) {
    span.setAttribute(ATTR.modelOutcome, 'blocked');
    endWith(span, null);
    return;
  }
  if ('code' in end) {
    span.setAttribute(ATTR.errorCode, end.code);
    endWith(span, end.code);
    return;
  }
  span.setAttributes({
    [ATTR.inputTokens]: end.usage.inputTokens,
    [ATTR.outputTokens]: end.usage.outputTokens,
    [ATTR.responseModel]: end.model.slice(0, 200),
  });
  endWith(span, null);
}

/** Ends a tool call, quantum or process span with how it ended and the error code, if any. */
export function endOutcomeSpan(
  span: Span,
  end: { key: 'tool' | 'quantum' | 'process'; outcome: string; code: string | null },
): void {
  if (!span.isRecording()) return;
  span.setAttribute(OUTCOME_KEYS[end.key], end.outcome);
  if (end.code !== null) span.setAttribute(ATTR.errorCode, end.code);
  endWith(span, end.code);
}

const OUTCOME_KEYS = {
  tool: ATTR.toolOutcome,
  quantum: ATTR.quantumOutcome,
  process: ATTR.processOutcome,
} as const;

function endWith(span: Span, code: string | null): void {
  // The status message is the stable code only: an error's message may quote what was attempted.
  if (code !== null) span.setStatus({ code: SpanStatusCode.ERROR, message: code });
  span.end();
}

function named(spec: string): Record<string, string> {
  try {
    const { path } = modelResource(spec);
    const slash = path.indexOf('/');
    return { [ATTR.provider]: path.slice(0, slash), [ATTR.requestModel]: path.slice(slash + 1) };
  } catch {
    return {};
  }
}
