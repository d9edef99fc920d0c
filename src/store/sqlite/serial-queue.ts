// A first-in first-out queue that runs async tasks one at a time; it serialises a connection's transactions.
import { abortError } from '../../base/abort.js';

/** Runs tasks strictly one after another, in the order they were submitted. */
export class SerialQueue {
  #isBusy = false;
  readonly #waiting: (() => void)[] = [];

  /**
   * Runs `task` once every earlier task has settled. When the queue is idle the task starts
   * synchronously, so an uncontended call costs no extra turn of the event loop.
   * @throws CANCELLED | DEADLINE_EXCEEDED when `signal` fires while the task is still waiting.
   */
  async run<T>(task: () => Promise<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    if (this.#isBusy) await this.#waitTurn(options.signal);
    else this.#isBusy = true;
    try {
      return await task();
    } finally {
      this.#handOver();
    }
  }

  /** Resolves once every task submitted before this call has settled. */
  async drain(): Promise<void> {
    await this.run(() => Promise.resolve());
  }

  #waitTurn(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(abortError(signal, 'Waiting for the store'));
        return;
      }
      const onAbort = (): void => {
        const index = this.#waiting.indexOf(start);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(abortError(signal as AbortSignal, 'Waiting for the store'));
      };
      const start = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.#waiting.push(start);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #handOver(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#isBusy = false;
    else next();
  }
}
