// The trace context of a process, derived from pids alone, so it survives quanta and restarts.
import { TraceFlags, type SpanContext } from '@opentelemetry/api';
import { sha256Hex } from '../../base/hash.js';

/**
 * The span context that stands for process `pid` in the trace of the agent tree rooted at
 * `rootPid`: the trace id is the first 16 bytes of sha256 of the root pid, the span id the first
 * 8 bytes of sha256 of the pid. Nothing is stored: every quantum of every process of one tree,
 * on any runtime and after any restart, derives the same context. It is marked sampled and
 * remote, so a host's `ParentBased` sampler keeps it (a `TraceIdRatioBased` sampler on remote
 * parents keeps or drops whole agent trees, since the ratio is taken from the trace id).
 * @example
 * const { traceId } = processSpanContext(pid, rootPid); // look the tree up in a trace backend
 */
export function processSpanContext(pid: string, rootPid: string): SpanContext {
  return {
    traceId: sha256Hex(`agent-libos trace\u0000${rootPid}`).slice(0, 32),
    spanId: sha256Hex(`agent-libos process\u0000${pid}`).slice(0, 16),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  };
}
