// Maps transcript items to and from rows of the `transcript` table, large tool results by reference.
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import type { TranscriptEntry, TranscriptItem } from '../../kernel/agent/types.js';

/**
 * Tool results at least this many UTF-8 bytes long are stored once in `blobs` and referenced by
 * sha256 (64 characters): below it the reference and the blob row cost more than they save.
 */
export const RESULT_BY_REFERENCE_BYTES = 128;

/** A transcript row as read, with the referenced content joined from `blobs`. */
export interface TranscriptRow {
  readonly pid: string;
  readonly seq: number;
  readonly kind: string;
  readonly item_json: string;
  readonly created_at: number;
  readonly content_sha256: string | null;
  /** The referenced blob's bytes; null when the content is inline (or the blob is missing). */
  readonly content: Buffer | null;
}

/** What to write for an item: its row's columns, and a blob to store when content is referenced. */
export interface TranscriptWrite {
  readonly kind: string;
  readonly itemJson: string;
  readonly contentSha256: string | null;
  readonly blob: { readonly sha256: string; readonly bytes: Buffer } | null;
}

/**
 * The row for `item`: a tool result of at least `RESULT_BY_REFERENCE_BYTES` keeps `"content":null`
 * in place (so the item's key order survives the round trip) and names its content by sha256.
 */
export function toTranscriptWrite(item: TranscriptItem): TranscriptWrite {
  if (item.kind === 'result' && Buffer.byteLength(item.content) >= RESULT_BY_REFERENCE_BYTES) {
    const bytes = Buffer.from(item.content, 'utf8');
    const sha256 = sha256Hex(bytes);
    return {
      kind: item.kind,
      itemJson: JSON.stringify({ ...item, content: null }),
      contentSha256: sha256,
      blob: { sha256, bytes },
    };
  }
  return { kind: item.kind, itemJson: JSON.stringify(item), contentSha256: null, blob: null };
}

/**
 * The entry stored in `row`, its referenced content resolved.
 * @throws STORE_CORRUPT (with `details.pid`, `details.seq`) when the referenced content is missing
 * or does not hash to its reference, or the item is not valid JSON.
 */
export function fromTranscriptRow(row: TranscriptRow): TranscriptEntry {
  const item = parseItem(row);
  if (row.content_sha256 !== null) {
    if (row.content === null || sha256Hex(row.content) !== row.content_sha256)
      throw corrupt(
        row,
        row.content === null ? 'its content is missing' : 'its content was altered',
      );
    (item as { content: string }).content = row.content.toString('utf8');
  }
  return { seq: row.seq, item, createdAt: row.created_at };
}

function parseItem(row: TranscriptRow): TranscriptItem {
  try {
    return JSON.parse(row.item_json) as TranscriptItem;
  } catch (error) {
    throw corrupt(row, 'it is not valid JSON', error);
  }
}

function corrupt(row: TranscriptRow, why: string, cause?: unknown): LibosError {
  return new LibosError(
    'STORE_CORRUPT',
    `Reading transcript entry ${row.seq} of ${row.pid} failed: ${why}`,
    { details: { pid: row.pid, seq: row.seq }, ...(cause === undefined ? {} : { cause }) },
  );
}
