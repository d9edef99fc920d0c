// The file change reads of a SQLite handle, a layer on the reader that every transaction builds on.
import type {
  FileChange,
  FileChangeQuery,
  FileChangeReader,
} from '../../ports/file-change-store.js';
import { checkLimit } from './check-limit.js';
import { fromFileChangeRow, type FileChangeReads } from './prepare-file-changes.js';
import type { SqliteReads } from './prepare-reads.js';
import { SqliteReader } from './sqlite-reader.js';

/** The StoreReader of a SQLite handle: the reader plus file changes (migration 013). */
export class SqliteFileChangeReader extends SqliteReader implements FileChangeReader {
  readonly #changes: FileChangeReads;

  constructor(reads: SqliteReads, options: { capabilityVersion?: () => number | null } = {}) {
    super(reads, options);
    this.#changes = reads.fileChanges;
  }

  /** File changes of `pids` after `afterSeq`, in seq order. */
  listFileChanges(query: FileChangeQuery): Promise<FileChange[]> {
    return this.use('Listing file changes', () => {
      checkLimit(query.limit);
      if (query.pids.length === 0) return [];
      const pids = JSON.stringify(query.pids);
      return this.#changes.list(pids, query.afterSeq, query.limit).map(fromFileChangeRow);
    });
  }

  /** The greatest file change seq ever assigned (0 when none). */
  fileChangeHighWater(): Promise<number> {
    return this.use('Reading the file change mark', () => this.#changes.highWater());
  }
}
