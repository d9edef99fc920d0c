// A spawn or fork inside the new process's `agent.process` span, whose context is kept with it.
import type { Span } from '@opentelemetry/api';
import type { Json } from '../../base/canonical-json.js';
import { toLibosError } from '../../base/errors.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import { ATTR } from './attributes.js';
import { endOutcomeSpan, keptContext, type Tracing } from './tracing.js';

/**
 * Starts the new process's span under `spawn.parent` (the spawning call's span; none: a new
 * trace), runs `create` with the span context to keep in the process's settings (null when
 * nothing records), and ends the span with the new pid. With no `tracing`, just creates.
 */
export async function traceSpawn(
  tracing: Tracing | undefined,
  spawn: { parent: Span | undefined; kind: 'spawned' | 'forked' },
  create: (traceContext: Json) => Promise<AgentProcess>,
): Promise<AgentProcess> {
  const span = tracing?.startProcess(spawn.parent, spawn.kind);
  if (span === undefined) return create(null);
  let child: AgentProcess;
  try {
    child = await create(keptContext(span));
  } catch (error) {
    endOutcomeSpan(span, {
      key: 'process',
      outcome: 'failed',
      code: toLibosError(error, spawn.kind).code,
    });
    throw error;
  }
  if (span.isRecording())
    span.setAttributes({
      [ATTR.pid]: child.pid,
      ...(child.parentPid === null ? {} : { [ATTR.parentPid]: child.parentPid }),
    });
  endOutcomeSpan(span, { key: 'process', outcome: spawn.kind, code: null });
  return child;
}
