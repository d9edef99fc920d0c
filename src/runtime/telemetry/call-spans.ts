// The spans of one quantum's calls: each syscall under its caller's span, and the one running now.
import type { Span } from '@opentelemetry/api';
import type { SyscallResult } from '../../syscalls/define-syscall.js';
import { traceSyscall, type Decided } from './trace-syscall.js';
import type { Tracing } from './tracing.js';

/**
 * One per quantum (`QuantumContext.spans`). `run` wraps a syscall in its span (under `parent`, else the quantum's) and
 * remembers it as the running call while it runs, so a spawn inside it puts the child's process
 * span under it. A quantum's calls run one at a time, so one slot is enough.
 */
export class CallSpans {
  readonly #tracing: Tracing | undefined;
  readonly #quantum: Span | undefined;
  #running: Span | undefined;

  constructor(tracing: Tracing | undefined, quantum: Span | undefined) {
    this.#tracing = tracing;
    this.#quantum = quantum;
  }

  /** The span of the call running now, else the quantum's (absent: nothing traced). */
  get current(): Span | undefined {
    return this.#running ?? this.#quantum;
  }

  /** Starts a model call's span under the quantum's (absent: nothing traced). */
  startModelCall(call: { spec: string; turn: number }): Span | undefined {
    if (this.#tracing === undefined || this.#quantum === undefined) return undefined;
    return this.#tracing.startModelCall(this.#quantum, call);
  }

  /** Starts a tool call's span under the quantum's (absent: nothing traced). */
  startToolCall(call: { name: string; id: string }): Span | undefined {
    if (this.#tracing === undefined || this.#quantum === undefined) return undefined;
    return this.#tracing.startToolCall(this.#quantum, call);
  }

  /** Runs `invoke` (the pipeline) for one call inside its span, when anything records it. */
  async run(
    call: { name: string; callId: string; parent: Span | undefined },
    invoke: (decided?: Decided) => Promise<SyscallResult<unknown>>,
  ): Promise<SyscallResult<unknown>> {
    const span = this.#tracing?.startSyscall(call.parent ?? this.#quantum, call) ?? null;
    if (span === null) return invoke();
    const outer = this.#running;
    this.#running = span;
    try {
      return await traceSyscall(span, call, invoke);
    } finally {
      this.#running = outer;
    }
  }
}
