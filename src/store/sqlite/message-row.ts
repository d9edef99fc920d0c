// Maps mailbox messages to and from rows of the `messages` table.
import type { Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import type { MessageId, Pid } from '../../base/ids.js';
import type { Message } from '../../kernel/mailbox/types.js';
import type { Actor } from '../../kernel/process/types.js';

/** A row of the `messages` table, named as its columns. */
export interface MessageRow {
  readonly id: string;
  readonly to_pid: string;
  readonly from_actor: string;
  readonly body_json: string;
  readonly interrupt: number;
  readonly posted_at: number;
  readonly delivered_at: number | null;
}

/** The row for `message`. */
export function toMessageRow(message: Message): MessageRow {
  return {
    id: message.id,
    to_pid: message.to,
    from_actor: message.from,
    body_json: JSON.stringify(message.body),
    interrupt: message.interrupt ? 1 : 0,
    posted_at: message.postedAt,
    delivered_at: message.deliveredAt,
  };
}

/**
 * The message stored in `row`.
 * @throws STORE_CORRUPT when its body is not valid JSON.
 */
export function fromMessageRow(row: MessageRow): Message {
  let body: Json;
  try {
    body = JSON.parse(row.body_json) as Json;
  } catch (error) {
    throw new LibosError(
      'STORE_CORRUPT',
      `Reading message ${row.id} failed: its body is not valid JSON`,
      {
        details: { id: row.id },
        cause: error,
      },
    );
  }
  return {
    id: row.id as MessageId,
    to: row.to_pid as Pid,
    from: row.from_actor as Actor,
    body,
    interrupt: row.interrupt !== 0,
    postedAt: row.posted_at,
    deliveredAt: row.delivered_at,
  };
}
