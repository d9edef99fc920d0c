// Reads lines or single key presses from a stream, handing unread input back when closed.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { abortError } from '../../base/abort.js';

const ESCAPE = '\u001b';

/**
 * A pull reader over a byte or text stream. Lines end at `\n` (a trailing `\r` is dropped); a key
 * is one character, except that an escape sequence (arrow keys and the like) comes back whole as a
 * single `\u001b` so it is never mistaken for the letters it contains. Close it to stop reading
 * and put back what was read but not used.
 */
export class InputReader {
  private readonly input: Readable;
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private isEnded: boolean;
  private wake: (() => void) | undefined;
  private readonly onReadable = (): void => {
    this.wake?.();
  };
  private readonly onEnd = (): void => {
    this.isEnded = true;
    this.wake?.();
  };

  constructor(input: Readable) {
    this.input = input;
    this.isEnded = input.readableEnded;
    input.on('readable', this.onReadable);
    input.on('end', this.onEnd);
    input.on('close', this.onEnd);
  }

  /**
   * The next line without its line ending, or null once the input has ended with nothing left.
   * @throws CANCELLED when `signal` fires while waiting
   */
  async readLine(options: { signal?: AbortSignal | undefined } = {}): Promise<string | null> {
    for (;;) {
      this.drain();
      const newline = this.buffer.indexOf('\n');
      if (newline >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        return line.endsWith('\r') ? line.slice(0, -1) : line;
      }
      if (this.isEnded) {
        if (this.buffer === '') return null;
        const rest = this.buffer;
        this.buffer = '';
        return rest;
      }
      await this.next(options.signal);
    }
  }

  /**
   * The next key press (one character; `\r\n` counts as one), or null once the input has ended.
   * @throws CANCELLED when `signal` fires while waiting
   */
  async readKey(options: { signal?: AbortSignal | undefined } = {}): Promise<string | null> {
    for (;;) {
      this.drain();
      const [key] = this.buffer;
      if (key !== undefined) {
        if (key === ESCAPE) {
          this.buffer = '';
          return ESCAPE;
        }
        this.buffer = this.buffer.slice(key.length);
        if (key === '\r' && this.buffer.startsWith('\n')) this.buffer = this.buffer.slice(1);
        return key;
      }
      if (this.isEnded) return null;
      await this.next(options.signal);
    }
  }

  /** Stops listening, pauses the stream and puts unused input back for the next reader. */
  close(): void {
    this.input.off('readable', this.onReadable);
    this.input.off('end', this.onEnd);
    this.input.off('close', this.onEnd);
    this.buffer += this.decoder.end();
    if (this.buffer !== '' && !this.isEnded && !this.input.destroyed) {
      this.input.unshift(Buffer.from(this.buffer, 'utf8'));
    }
    this.buffer = '';
    this.input.pause();
  }

  private drain(): void {
    for (let chunk: unknown = this.input.read(); chunk !== null; chunk = this.input.read()) {
      this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk as Buffer);
    }
  }

  private next(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(abortError(signal, 'Reading the answer'));
        return;
      }
      const onAbort = (): void => {
        this.wake = undefined;
        reject(abortError(signal as AbortSignal, 'Reading the answer'));
      };
      this.wake = () => {
        this.wake = undefined;
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
