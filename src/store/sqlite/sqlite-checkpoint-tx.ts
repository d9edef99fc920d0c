// The checkpoint writes of a SQLite transaction, a layer between the flow writes and SqliteTx.
import type { Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import type { MessageId, Pid } from '../../base/ids.js';
import type { TranscriptEntry } from '../../kernel/agent/types.js';
import type { Checkpoint, CheckpointId } from '../../kernel/checkpoint/types.js';
import type { EffectId } from '../../kernel/effect/types.js';
import type { CheckpointWriter } from '../../ports/checkpoint-store.js';
import { toHashColumn } from './hash-column.js';
import { toCheckpointRow } from './prepare-checkpoints.js';
import type { SqliteReads } from './prepare-reads.js';
import type { SqliteWrites } from './prepare-writes.js';
import { SqliteFlowTx } from './sqlite-flow-tx.js';
import { isUniqueViolation } from './to-store-error.js';
import { toTranscriptWrite } from './transcript-row.js';

/** A transaction's reads and flow writes plus checkpoint writes; SqliteTx adds the rest. */
export class SqliteCheckpointTx extends SqliteFlowTx implements CheckpointWriter {
  readonly #w: Pick<SqliteWrites, 'checkpoints' | 'agents' | 'objects'>;

  constructor(
    reads: SqliteReads,
    writes: Pick<SqliteWrites, 'mcp' | 'flow' | 'checkpoints' | 'agents' | 'objects'>,
    options: { capabilityVersion?: () => number | null },
  ) {
    super(reads, writes, options);
    this.#w = writes;
  }

  /** Stores a checkpoint with its manifest. */
  insertCheckpoint(checkpoint: Checkpoint, manifest: Uint8Array): Promise<void> {
    return this.use(`Storing checkpoint ${checkpoint.id}`, () => {
      try {
        this.#w.checkpoints.insert.run({ ...toCheckpointRow(checkpoint), manifest });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new LibosError(
          'ALREADY_EXISTS',
          `Storing checkpoint ${checkpoint.id} failed: it exists`,
        );
      }
    });
  }

  /** Deletes a checkpoint; true when there was one. */
  deleteCheckpoint(id: CheckpointId): Promise<boolean> {
    return this.use(
      `Deleting checkpoint ${id}`,
      () => this.#w.checkpoints.delete.run(id).changes > 0,
    );
  }

  /** Replaces the transcript of `pid` with `entries` at their seqs. */
  rewindTranscript(pid: Pid, entries: readonly TranscriptEntry[]): Promise<void> {
    return this.use(`Rewinding the transcript of ${pid}`, () => {
      this.#w.checkpoints.clearTranscript.run(pid);
      for (const entry of entries) {
        const row = toTranscriptWrite(entry.item);
        if (row.blob !== null)
          this.#w.objects.putBlob.run(row.blob.sha256, row.blob.bytes.byteLength, row.blob.bytes);
        this.#w.agents.append.run({
          pid,
          seq: entry.seq,
          kind: row.kind,
          item_json: row.itemJson,
          created_at: entry.createdAt,
          content_sha256: row.contentSha256,
        });
      }
    });
  }

  /** Replaces the settings of `pid`. */
  replaceSettings(pid: Pid, settings: readonly { key: string; value: Json }[]): Promise<void> {
    return this.use(`Restoring the settings of ${pid}`, () => {
      this.#w.checkpoints.clearSettings.run(pid);
      for (const { key, value } of settings)
        this.#w.agents.putSetting.run(pid, key, JSON.stringify(value));
    });
  }

  /** Makes messages unread again. */
  undeliverMessages(ids: readonly MessageId[]): Promise<void> {
    return this.use('Returning messages to their mailbox', () => {
      for (const id of ids) this.#w.checkpoints.undeliver.run(id);
    });
  }

  /** Marks messages superseded by the restore of `by`, or clears the mark. */
  supersedeMessages(ids: readonly MessageId[], by: CheckpointId | null): Promise<void> {
    return this.use('Marking messages superseded', () => {
      for (const id of ids) this.#w.checkpoints.supersede.run(by, id);
    });
  }

  /** Gives an intent a new idempotency key. */
  rekeyIntent(id: EffectId, idempotencyKey: string): Promise<void> {
    return this.use(`Retiring the key of intent ${id}`, () => {
      this.#w.checkpoints.rekeyIntent.run(toHashColumn(idempotencyKey), id);
    });
  }
}
