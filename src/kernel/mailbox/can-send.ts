// Who may message whom: self, parent and direct children; the operator may message anyone.
import type { Pid } from '../../base/ids.js';
import type { Actor } from '../process/types.js';

/** Lineage facts needed to decide a send. */
export interface SendLineage {
  readonly receiverPid: Pid;
  readonly receiverParent: Pid | null;
  /** The sender's parent when the sender is a process. */
  readonly senderParent: Pid | null;
}

/** Whether `sender` may post to the receiver described by `lineage`. */
export function canSend(sender: Actor, lineage: SendLineage): boolean {
  if (sender === 'operator' || sender === 'runtime') return true;
  return (
    sender === lineage.receiverPid || // self
    sender === lineage.receiverParent || // parent to direct child
    lineage.senderParent === lineage.receiverPid // child to its parent
  );
}
