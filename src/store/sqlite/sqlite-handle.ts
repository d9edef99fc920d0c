// The base of every SQLite handle: calls run synchronously and fail once the handle has ended.
import { LibosError } from '../../base/errors.js';
import { toStoreError } from './to-store-error.js';

/**
 * A handle whose calls do their work when called and return settled promises; `end()` makes later
 * calls fail instead of silently reading (or writing) outside the transaction they belonged to.
 */
export class SqliteHandle {
  #isOpen = true;
  #failure: LibosError | undefined;

  /** The first storage error a call met; a transaction that met one must not commit. */
  get failure(): LibosError | undefined {
    return this.#failure;
  }

  /** Marks this handle as finished; every later call throws. */
  end(): void {
    this.#isOpen = false;
  }

  /**
   * Runs synchronous `work` now if the handle is still open and returns its outcome as a settled
   * promise; driver errors become LibosErrors.
   */
  protected use<T>(attempted: string, work: () => T): Promise<T> {
    if (!this.#isOpen) {
      return Promise.reject(
        new LibosError(
          'INTERNAL',
          `${attempted} failed: the transaction or read it belonged to has ended`,
        ),
      );
    }
    try {
      return Promise.resolve(work());
    } catch (error) {
      if (error instanceof LibosError) return Promise.reject(error);
      // A driver error may strike after part of a write went through: remember it so the
      // transaction rolls back even if the caller catches the rejection.
      const failure = toStoreError(error, attempted);
      this.#failure ??= failure;
      return Promise.reject(failure);
    }
  }
}
