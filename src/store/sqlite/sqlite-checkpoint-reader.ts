// Checkpoint reads of a SQLite handle (migration 014), a layer under SqliteReader.
import type { Json } from '../../base/canonical-json.js';
import type { MessageId, Pid } from '../../base/ids.js';
import type { Checkpoint, CheckpointId } from '../../kernel/checkpoint/types.js';
import type { CheckpointReader, StoredMessage } from '../../ports/checkpoint-store.js';
import { checkLimit } from './check-limit.js';
import { fromMessageRow } from './message-row.js';
import { fromCheckpointRow, type CheckpointReads } from './prepare-checkpoints.js';
import { SqliteHandle } from './sqlite-handle.js';

/** Reads of checkpoints and of the rows a capture copies. */
export class SqliteCheckpointReader extends SqliteHandle implements CheckpointReader {
  readonly #reads: CheckpointReads;

  constructor(reads: CheckpointReads) {
    super();
    this.#reads = reads;
  }

  /** One checkpoint, without its manifest. */
  getCheckpoint(id: CheckpointId): Promise<Checkpoint | undefined> {
    return this.use('Reading a checkpoint', () => {
      const row = this.#reads.get(id);
      return row === undefined ? undefined : fromCheckpointRow(row);
    });
  }

  /** The stored manifest of a checkpoint. */
  getCheckpointManifest(id: CheckpointId): Promise<Uint8Array | undefined> {
    return this.use('Reading a checkpoint manifest', () => this.#reads.manifest(id));
  }

  /** Checkpoints keyset-paged by id. */
  listCheckpoints(query: {
    rootPid?: Pid;
    afterId?: CheckpointId;
    limit: number;
  }): Promise<Checkpoint[]> {
    return this.use('Listing checkpoints', () => {
      checkLimit(query.limit);
      return this.#reads.list(query).map(fromCheckpointRow);
    });
  }

  /** Every setting of `pid`. */
  listSettings(pid: Pid): Promise<{ key: string; value: Json }[]> {
    return this.use('Listing process settings', () =>
      this.#reads
        .listSettings(pid)
        .map((row) => ({ key: row.key, value: JSON.parse(row.value_json) as Json })),
    );
  }

  /** The newest journal seq this connection sees. */
  journalTail(): Promise<number> {
    return this.use('Reading the journal tail', () => this.#reads.journalTail());
  }

  /** Every stored call outcome of `pid`. */
  listCallOutcomes(pid: Pid): Promise<{ key: string; value: Json }[]> {
    return this.use('Listing call outcomes', () =>
      this.#reads
        .listCallOutcomes(pid)
        .map((row) => ({ key: row.call_key, value: JSON.parse(row.value_json) as Json })),
    );
  }

  /** One message, delivered or not, with its restore mark. */
  getMessage(id: MessageId): Promise<StoredMessage | undefined> {
    return this.use('Reading a message', () => {
      const row = this.#reads.getMessage(id);
      return row === undefined
        ? undefined
        : { ...fromMessageRow(row), supersededBy: row.superseded_by as CheckpointId | null };
    });
  }
}
