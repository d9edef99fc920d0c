// The runtime's spans: quanta, syscalls, model calls and tool calls, through @opentelemetry/api only.
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
  type Span,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import type { Pid } from '../../base/ids.js';
import { modelResource } from '../../kernel/agent/model-resource.js';
import type { ModelUsage } from '../../ports/model-provider.js';
import { ATTR, SPAN } from './attributes.js';
import { processSpanContext } from './process-span-context.js';

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
 * API's tracer is a no-op and every span below is a non-recording one: a quantum derives its
 * process's context (cached) and a syscall, model or tool span costs one `isRecording` check.
 * The library never installs an SDK.
 */
export class Tracing {
  readonly #tracer: Tracer;
  /** Per pid: the context a quantum span starts in, and the link to the parent's process span. */
  readonly #processes = new Map<Pid, { context: Context; links: Link[] }>();

  constructor(options: { provider?: TracerProvider; version?: string } = {}) {
    this.#tracer = (options.provider ?? trace.getTracerProvider()).getTracer(
      TRACER_NAME,
      options.version,
    );
  }

  /**
   * Starts the span of one quantum, as a child of its process's derived span (see
   * `processSpanContext`); a child process's quanta link to their parent's process span.
   */
  startQuantum(quantum: QuantumTrace): Span {
    const { context, links } = this.#processOf(quantum);
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

  #processOf(quantum: QuantumTrace): { context: Context; links: Link[] } {
    const known = this.#processes.get(quantum.pid);
    if (known !== undefined) return known;
    const made = {
      context: trace.setSpanContext(ROOT_CONTEXT, processSpanContext(quantum.pid, quantum.rootPid)),
      links:
        quantum.parentPid === null
          ? []
          : [{ context: processSpanContext(quantum.parentPid, quantum.rootPid) }],
    };
    if (this.#processes.size >= MAX_CACHED) {
      const oldest = this.#processes.keys().next();
      if (oldest.done !== true) this.#processes.delete(oldest.value);
    }
    this.#processes.set(quantum.pid, made);
    return made;
  }
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

/** Ends a tool call or quantum span with how it ended and the error code, if any. */
export function endOutcomeSpan(
  span: Span,
  end: { key: 'tool' | 'quantum'; outcome: string; code: string | null },
): void {
  if (!span.isRecording()) return;
  span.setAttribute(end.key === 'tool' ? ATTR.toolOutcome : ATTR.quantumOutcome, end.outcome);
  if (end.code !== null) span.setAttribute(ATTR.errorCode, end.code);
  endWith(span, end.code);
}

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
