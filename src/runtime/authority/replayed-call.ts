// Whether a call re-issued after a crash already made its state change (and so is not decided again).
import type { StoreReader } from '../../ports/store.js';
import type { AnySyscall } from '../../syscalls/define-syscall.js';

/**
 * True when this very call (a state change) already made its change before a crash: it was
 * authorised then (and spent any one-shot use), so it is not decided again; its body runs on the
 * stored outcomes. Read in the same snapshot as the decision it replaces.
 */
export async function replayedCall(
  reader: StoreReader,
  call: { spec: AnySyscall; outcomeKey: string },
): Promise<boolean> {
  return (
    call.spec.effect === 'state' && (await reader.getCallOutcome(call.outcomeKey)) !== undefined
  );
}
