// The file change writes of a SQLite transaction (issue 14's workspace rollback); SqliteTx builds on it.
import type {
  FileChange,
  FileChangeDraft,
  FileChangePrune,
  FileChangeWriter,
} from '../../ports/file-change-store.js';
import { checkLimit } from './check-limit.js';
import { toFileChangeInsert, type FileChangeWrites } from './prepare-file-changes.js';
import type { SqliteReads } from './prepare-reads.js';
import type { SqliteWrites } from './prepare-writes.js';
import { SqliteCheckpointTx } from './sqlite-checkpoint-tx.js';

/** A reader that also writes file changes and releases blobs; `SqliteTx` adds the rest. */
export class SqliteFileChangeTx extends SqliteCheckpointTx implements FileChangeWriter {
  readonly #changes: FileChangeWrites;

  constructor(
    reads: SqliteReads,
    writes: Pick<
      SqliteWrites,
      'mcp' | 'flow' | 'checkpoints' | 'agents' | 'objects' | 'fileChanges'
    >,
    options: { capabilityVersion?: () => number | null },
  ) {
    super(reads, writes, options);
    this.#changes = writes.fileChanges;
  }

  /** Inserts the changes in order; each gets the next seq. */
  insertFileChanges(drafts: readonly FileChangeDraft[]): Promise<FileChange[]> {
    return this.use('Recording file changes', () =>
      drafts.map((draft) => {
        const stored = this.#changes.insert.get(toFileChangeInsert(draft));
        if (stored === undefined) throw new Error('INSERT … RETURNING returned no row');
        return { ...draft, seq: stored.seq, preImageKept: stored.pre_image_kept === 1 };
      }),
    );
  }

  /** Deletes the oldest changes through `throughSeq`, then the blobs only they referenced. */
  pruneFileChanges(options: { throughSeq: number; limit: number }): Promise<FileChangePrune> {
    return this.use('Pruning file changes', () => {
      checkLimit(options.limit);
      const rows = this.#changes.oldest.all(options.throughSeq, options.limit);
      const last = rows.at(-1);
      if (last === undefined) return { rows: 0, blobs: 0 };
      this.#changes.deleteThrough.run(last.seq);
      const hashes = new Set(rows.flatMap((row) => row.before_sha256 ?? []));
      return { rows: rows.length, blobs: this.#release(hashes) };
    });
  }

  /** Deletes those of `sha256s` that nothing references. */
  releaseBlobs(sha256s: readonly string[]): Promise<number> {
    return this.use('Releasing blobs', () => this.#release(new Set(sha256s)));
  }

  #release(hashes: ReadonlySet<string>): number {
    let released = 0;
    for (const sha256 of hashes) released += this.#changes.releaseBlob.run({ sha256 }).changes;
    return released;
  }
}
