// The journal's anchor log: every commit's head appended to a file outside the database, and read back for verification.
import {
  closeSync,
  createReadStream,
  existsSync,
  statSync,
  fdatasyncSync,
  openSync,
  readSync,
  fstatSync,
  writeSync,
  constants,
} from 'node:fs';
import { createInterface } from 'node:readline';
import { LibosError } from '../base/errors.js';
import {
  formatAnchor,
  parseAnchorLine,
  type Anchor,
  type AnchorLine,
} from '../kernel/journal/anchor.js';

/** The anchor log beside a database file: `<db>-anchors.log`. */
export function anchorLogPath(dbPath: string): string {
  return `${dbPath}-anchors.log`;
}

// Read-write so the last anchor can be read back at open; every write still appends.
const APPEND = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT;
const TAIL_BYTES = 4096;

/**
 * An append-only log of journal heads. The store appends the new head of its stream after every
 * commit that added entries (one `write` of one line; with `fsync` durability it is synced too),
 * so someone who deletes entries from the tail and rewinds the head row inside the database is
 * caught by the anchors outside it. A crash between a commit and its anchor leaves the log one
 * commit behind, which is no break: the log is re-anchored at the head when the store reopens.
 */
export class AnchorLog {
  readonly #fd: number;
  readonly #sync: boolean;
  #closed = false;

  private constructor(fd: number, sync: boolean) {
    this.#fd = fd;
    this.#sync = sync;
  }

  /**
   * Opens (creating, 0600) the log at `path` for the stream whose current head is `head`. A new
   * log starts with a `start` line at that head (seq 0 for a new journal; later for a database
   * whose log went missing, which `journal verify` then reports). An existing log whose last
   * anchor is not the head gets the head appended.
   * @throws STORE_CORRUPT when the log cannot be opened or written
   */
  static open(path: string, options: { head: Anchor; sync: boolean }): AnchorLog {
    const isNew = !existsSync(path);
    let fd: number;
    try {
      fd = openSync(path, APPEND, 0o600);
    } catch (cause) {
      throw new LibosError('STORE_CORRUPT', 'Opening the anchor log failed', { cause });
    }
    const log = new AnchorLog(fd, options.sync);
    const last = isNew ? undefined : lastAnchor(fd);
    if (isNew) log.append({ ...options.head, start: true });
    else if (last?.seq !== options.head.seq || last.hash !== options.head.hash)
      log.append(options.head);
    return log;
  }

  /**
   * Appends one anchor.
   * @throws STORE_CORRUPT when the write fails
   */
  append(anchor: Anchor): void {
    if (this.#closed) return;
    try {
      writeSync(this.#fd, `${formatAnchor(anchor)}\n`);
      if (this.#sync) fdatasyncSync(this.#fd);
    } catch (cause) {
      throw new LibosError('STORE_CORRUPT', 'Appending to the anchor log failed', { cause });
    }
  }

  /** Closes the log; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
  }
}

/** The anchor log's size in bytes now, or null when there is none. */
export function anchorLogSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

/**
 * Reads the anchor log at `path` line by line (memory stays bounded by one line), only its first
 * `bytes` when given: measured before a read snapshot is taken, that leaves out anchors of
 * commits the snapshot cannot see, so a runtime writing meanwhile never looks like a truncation.
 * @returns null when there is no log at `path`
 */
export function readAnchorLog(
  path: string,
  options: { bytes?: number | null } = {},
): AsyncIterable<AnchorLine> | null {
  if (!existsSync(path) || options.bytes === null) return null;
  return lines(path, options.bytes);
}

async function* lines(path: string, bytes: number | undefined): AsyncGenerator<AnchorLine> {
  if (bytes === 0) return;
  const input = createReadStream(path, {
    encoding: 'utf8',
    ...(bytes === undefined ? {} : { end: bytes - 1 }),
  });
  const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of reader) {
      line += 1;
      if (text === '') continue;
      const anchor = parseAnchorLine(text);
      yield anchor === null
        ? { line, problem: `anchor log line ${line} is not an anchor: the log was edited` }
        : { line, anchor };
    }
  } finally {
    reader.close();
    input.destroy();
  }
}

// The last complete anchor of the file open on `fd` (its final line), if any.
function lastAnchor(fd: number): Anchor | undefined {
  const size = fstatSync(fd).size;
  const length = Math.min(size, TAIL_BYTES);
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, size - length);
  const text = buffer.subarray(0, read).toString('utf8').trimEnd();
  const last = text.slice(text.lastIndexOf('\n') + 1);
  return parseAnchorLine(last) ?? undefined;
}
