// A per-process cache of capability records, keyed by the store's capability version.
import type { Pid } from '../../base/ids.js';
import type { ResourceKind } from '../../kernel/capability/catalog.js';
import type { ResourcePattern } from '../../kernel/capability/resource.js';
import type { Capability } from '../../kernel/capability/types.js';
import type { AuthorityReader, CapabilityKeys } from '../../ports/authority-store.js';
import { capabilitiesOf } from './capabilities-of.js';

/** One process's unrevoked records as of one version, indexed like the store's lookup index. */
interface Held {
  readonly version: number;
  /** Null when the process holds more records than are worth holding: read through instead. */
  readonly records: readonly Capability[] | null;
  readonly index: ReadonlyMap<string, readonly Capability[]>;
}

/** Sizes of a {@link CapabilityCache}. */
export interface CapabilityCacheOptions {
  /** Processes whose records are held at once; the least recently used go first (default 4096). */
  readonly maxProcesses?: number;
  /**
   * Records held at once over all processes, which bounds the memory the cache takes; the least
   * recently used processes go first (default 100,000).
   */
  readonly maxHeldRecords?: number;
  /**
   * A process with more records is not held: its lookups go to the store, as without a cache
   * (default 1000).
   */
  readonly maxRecords?: number;
}

const NONE: readonly Capability[] = [];

/**
 * Holds each process's unrevoked capability records under the version of the snapshot they were
 * read from, so deciding a call and materializing a context stop reading them on every call. It
 * caches records, never decisions: callers still run the pure `decide` with the current time and
 * call hash, so expiry, one-shot use counts and call-bound approvals are judged afresh each time.
 * A lookup is served only when the reader reports exactly the version an entry was read at (equal
 * versions mean equal rows, see `AuthorityReader.capabilityVersion`); a reader that reports none
 * (a transaction that wrote capability rows, a read-only store) always reads through. Entries are
 * per subject, so one process's records never answer for another. One cache per runtime.
 */
export class CapabilityCache {
  readonly #held = new Map<Pid, Held>();
  readonly #maxProcesses: number;
  readonly #maxRecords: number;
  readonly #maxHeldRecords: number;
  #heldRecords = 0;

  constructor(options: CapabilityCacheOptions = {}) {
    this.#maxProcesses = options.maxProcesses ?? 4096;
    this.#maxRecords = options.maxRecords ?? 1000;
    this.#maxHeldRecords = options.maxHeldRecords ?? 100_000;
  }

  /**
   * The records of `subject` that can cover a resource with these keys: the same set as
   * `reader.findCapabilities`, from the cache when it holds the reader's version.
   */
  async find(
    reader: AuthorityReader,
    query: { subject: Pid; kind: ResourceKind; keys: CapabilityKeys },
  ): Promise<readonly Capability[]> {
    const held = await this.#load(reader, query.subject);
    if (held?.records == null) {
      return reader.findCapabilities(query.subject, query.kind, query.keys);
    }
    const { index } = held;
    const out = [
      ...(index.get(slot(query.kind, 'exact', query.keys.exact)) ?? NONE),
      ...(index.get(slot(query.kind, 'any', '')) ?? NONE),
    ];
    for (const path of query.keys.subtrees) {
      const found = index.get(slot(query.kind, 'subtree', path));
      if (found !== undefined) out.push(...found);
    }
    return out;
  }

  /** Every unrevoked record of `subject` in id order (what `capabilitiesOf` yields). */
  async all(reader: AuthorityReader, subject: Pid): Promise<readonly Capability[]> {
    const held = await this.#load(reader, subject);
    if (held?.records != null) return held.records;
    const out: Capability[] = [];
    for await (const record of capabilitiesOf(reader, subject)) out.push(record);
    return out;
  }

  /** Forgets everything (the next lookup of each process reads the store). */
  clear(): void {
    this.#held.clear();
    this.#heldRecords = 0;
  }

  async #load(reader: AuthorityReader, subject: Pid): Promise<Held | undefined> {
    const version = await reader.capabilityVersion();
    if (version === null) return undefined;
    const cached = this.#held.get(subject);
    // A process once found to hold too many records stays read through (at any version) rather
    // than paying a large read at every version; it is tried again once it has been evicted.
    if (cached !== undefined && (cached.version === version || cached.records === null)) {
      // Most recently used last, so eviction takes the least recently used first.
      this.#held.delete(subject);
      this.#held.set(subject, cached);
      return cached;
    }
    const records: Capability[] = [];
    let isTooMany = false;
    for await (const record of capabilitiesOf(reader, subject)) {
      if (records.length === this.#maxRecords) {
        isTooMany = true;
        break;
      }
      records.push(Object.freeze(record));
    }
    // A reader whose version moved while reading (a transaction that wrote a capability row
    // meanwhile) may have returned rows that are not the version's: use them, never keep them.
    if ((await reader.capabilityVersion()) !== version) return undefined;
    const held: Held = isTooMany
      ? { version, records: null, index: new Map() }
      : { version, records: Object.freeze(records), index: indexOf(records) };
    // An older snapshot never replaces what a newer one read.
    if (cached === undefined || cached.version < version) this.#keep(subject, held);
    return held;
  }

  #keep(subject: Pid, held: Held): void {
    this.#forget(subject);
    this.#held.set(subject, held);
    this.#heldRecords += held.records?.length ?? 0;
    while (this.#held.size > this.#maxProcesses || this.#heldRecords > this.#maxHeldRecords) {
      const oldest = this.#held.keys().next();
      if (oldest.done === true) break;
      this.#forget(oldest.value);
    }
  }

  #forget(subject: Pid): void {
    const held = this.#held.get(subject);
    if (held === undefined) return;
    this.#held.delete(subject);
    this.#heldRecords -= held.records?.length ?? 0;
  }
}

function slot(kind: ResourceKind, match: ResourcePattern['match'], path: string): string {
  return `${kind}\u0000${match}\u0000${path}`;
}

// The same keys as the store's lookup index: (kind, match, path), with no path for "any".
function indexOf(records: readonly Capability[]): Map<string, Capability[]> {
  const index = new Map<string, Capability[]>();
  for (const record of records) {
    const { resource } = record;
    const key = slot(resource.kind, resource.match, resource.match === 'any' ? '' : resource.path);
    const list = index.get(key);
    if (list === undefined) index.set(key, [record]);
    else list.push(record);
  }
  return index;
}
