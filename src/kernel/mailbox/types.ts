// Durable mailbox messages.
import type { Json } from '../../base/canonical-json.js';
import type { MessageId, Pid } from '../../base/ids.js';
import type { Actor, MessageFilter } from '../process/types.js';

/** A message in a process's mailbox. */
export interface Message {
  readonly id: MessageId;
  readonly to: Pid;
  readonly from: Actor;
  readonly body: Json;
  /** An interrupt preempts the receiver's quantum and is delivered before other messages. */
  readonly interrupt: boolean;
  readonly postedAt: number;
  /** When it was handed to the receiver; null while unread. */
  readonly deliveredAt: number | null;
}

/** True when `message` passes `filter`. */
export function matchesFilter(message: Pick<Message, 'from'>, filter: MessageFilter): boolean {
  return filter.from === undefined || filter.from.includes(message.from);
}
