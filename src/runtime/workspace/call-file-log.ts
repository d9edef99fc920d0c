// The file change log of one syscall call: pre-images kept as blobs now, changes written with the call's settlement.
import { sha256Hex } from '../../base/hash.js';
import type { Pid } from '../../base/ids.js';
import type { EffectId } from '../../kernel/effect/types.js';
import type { FileChangeLog, FileChangeReport } from '../../ports/file-change-store.js';
import type { Store, StoreTx } from '../../ports/store.js';

/** Who made the changes of a call, written with each row. */
export interface FileChangeCall {
  readonly pid: Pid;
  readonly intent: EffectId | null;
  readonly callKey: string;
  readonly syscall: string;
}

/**
 * What `ctx.fileChanges` is for one call. `keep` stores a pre-image in a transaction of its own
 * (the body runs outside transactions, and a recursive delete may keep far more bytes than
 * should wait in memory); `record` only collects. `write` runs inside the transaction that settles
 * the call: the recorded changes are inserted there, so a change is stored exactly when the
 * call's outcome is, and every kept blob no row references (the effect never began) is released.
 */
export class CallFileLog implements FileChangeLog {
  readonly #store: Store;
  readonly #call: FileChangeCall;
  readonly #kept = new Set<string>();
  readonly #changes: FileChangeReport[] = [];

  constructor(
    store: Store,
    call: {
      readonly pid: Pid;
      readonly callKey: string;
      readonly spec: { readonly name: string };
      readonly authorized: { readonly intent: { readonly id: EffectId } | null };
    },
  ) {
    this.#store = store;
    this.#call = {
      pid: call.pid,
      intent: call.authorized.intent?.id ?? null,
      callKey: call.callKey,
      syscall: call.spec.name,
    };
  }

  /** Stores `bytes` as a blob (once per call) and returns their sha256. */
  async keep(bytes: Uint8Array): Promise<string> {
    const sha256 = sha256Hex(bytes);
    if (this.#kept.has(sha256)) return sha256;
    await this.#store.transact((tx) => tx.putBlob(sha256, bytes));
    this.#kept.add(sha256);
    return sha256;
  }

  /** Adds a change the body made. */
  record(change: FileChangeReport): void {
    this.#changes.push(change);
  }

  /**
   * Writes the recorded changes and releases the unreferenced kept blobs, in `tx`. **Decision —
   * only while a checkpoint exists:** a rollback goes back to a checkpoint's mark and needs only
   * the changes after it, and every checkpoint taken later has a later mark; so with no
   * checkpoint in the store no change can ever be needed, and none is kept (a runtime that never
   * checkpoints stores no pre-images; the journal still records each write's hashes).
   */
  async write(tx: StoreTx, at: number): Promise<void> {
    // Most calls change no file: they pay nothing here, not even the checkpoint probe.
    if (this.#changes.length === 0 && this.#kept.size === 0) return;
    const needed = (await tx.listCheckpoints({ limit: 1 })).length > 0;
    if (this.#changes.length > 0 && needed) {
      const by = this.#call;
      await tx.insertFileChanges(this.#changes.map((change) => ({ ...change, ...by, at })));
    }
    if (this.#kept.size > 0) await tx.releaseBlobs([...this.#kept]);
  }
}
