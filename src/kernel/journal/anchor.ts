// Journal anchors: a stream's head (seq, hash) recorded outside the database, and their text form.
import { GENESIS_HASH } from './entry.js';

/** One anchor: stream `stream` had entry `seq` with `hash` (seq 0 / genesis: an empty stream). */
export interface Anchor {
  readonly stream: string;
  readonly seq: number;
  readonly hash: string;
  /** The first line of an anchor log: where anchoring began (seq 0 for a new journal). */
  readonly start?: true;
}

/** One line of an anchor log as read back: the anchor, or why the line is not one. */
export type AnchorLine =
  | { readonly line: number; readonly anchor: Anchor }
  | { readonly line: number; readonly problem: string };

const HASH = /^[0-9a-f]{64}$/;
/** Stream names an anchor can carry (no `:`, so `stream:seq:hash` reads one way). */
const STREAM = /^[A-Za-z0-9._-]{1,100}$/;

/** One line of an anchor log (no newline). */
export function formatAnchor(anchor: Anchor): string {
  return JSON.stringify({
    ...(anchor.start === true ? { start: true } : {}),
    stream: anchor.stream,
    seq: anchor.seq,
    hash: anchor.hash,
  });
}

/** The anchor a log line holds, or null when the line is not one. */
export function parseAnchorLine(line: string): Anchor | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { stream, seq, hash, start } = value as Record<string, unknown>;
  if (typeof stream !== 'string' || !STREAM.test(stream)) return null;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return null;
  if (typeof hash !== 'string' || !HASH.test(hash)) return null;
  if (start !== undefined && start !== true) return null;
  if (seq === 0 && hash !== GENESIS_HASH) return null;
  return start === true ? { stream, seq, hash, start } : { stream, seq, hash };
}

/**
 * Parses `stream:seq:hash` (what `journal anchor` prints), the form an operator keeps elsewhere.
 * @returns null when the text is not one
 */
export function parseAnchorText(text: string): Anchor | null {
  const [stream, seq, hash, ...rest] = text.trim().split(':');
  if (stream === undefined || seq === undefined || hash === undefined || rest.length > 0)
    return null;
  if (!STREAM.test(stream) || !/^\d{1,15}$/.test(seq) || !HASH.test(hash)) return null;
  return { stream, seq: Number(seq), hash };
}

/** `stream:seq:hash`. */
export function anchorText(anchor: Anchor): string {
  return `${anchor.stream}:${anchor.seq}:${anchor.hash}`;
}
