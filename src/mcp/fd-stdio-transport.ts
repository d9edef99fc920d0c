// An MCP stdio transport over a child started with extra descriptors (bwrap binds the workspace by descriptor).
import { spawn, type ChildProcess } from 'node:child_process';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** How long a child gets to end after its stdin closes before it is killed. */
const GRACE_MS = 1_000;
/** Bytes of the child's stderr kept for the operator's diagnostics (never shown to a model). */

/** What to start: a file, its arguments, and descriptors handed to it as fds 3, 4, …. */
export interface FdStdioCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Host descriptors the child gets as fds 3, 4, … in this order. */
  readonly fds: readonly number[];
}

/**
 * The SDK's `StdioClientTransport` cannot hand a child extra descriptors, which bubblewrap's
 * `--ro-bind-fd` needs (a bind of a descriptor the plan verified, not of a path a rename could
 * redirect); this transport speaks the same newline-delimited JSON-RPC over the child's stdio.
 */
export class FdStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];
  readonly #command: FdStdioCommand;
  readonly #buffer = new ReadBuffer();
  #child: ChildProcess | null = null;
  #exited: Promise<void> | null = null;

  constructor(command: FdStdioCommand) {
    this.#command = command;
  }

  /** Starts the child; resolves once it is spawned, rejects when it cannot be. */
  start(): Promise<void> {
    if (this.#child !== null) throw new Error('FdStdioTransport already started');
    const command = this.#command;
    return new Promise((resolve, reject) => {
      const child = spawn(command.file, [...command.args], {
        env: { ...command.env },
        cwd: command.cwd,
        // stderr is dropped, as for an unsandboxed server: nothing reads it.
        stdio: ['pipe', 'pipe', 'ignore', ...command.fds],
        windowsHide: true,
      });
      this.#child = child;
      this.#exited = new Promise((done) => {
        child.once('close', () => {
          done();
        });
      });
      child.once('error', (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.once('spawn', () => {
        resolve();
      });
      child.once('close', () => {
        this.#child = null;
        this.onclose?.();
      });
      child.stdin?.on('error', (error) => {
        this.onerror?.(error);
      });
      child.stdout?.on('data', (chunk: Buffer) => {
        try {
          this.#buffer.append(chunk);
        } catch (error) {
          // A line past the buffer's bound: the server is broken or hostile; end it.
          this.onerror?.(error instanceof Error ? error : new Error(String(error)));
          child.kill('SIGKILL');
          return;
        }
        this.#drain();
      });
    });
  }

  /** Writes one message to the child's stdin. */
  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.#child?.stdin;
    if (stdin == null) return Promise.reject(new Error('Not connected'));
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else
        stdin.once('drain', () => {
          resolve();
        });
    });
  }

  /** Ends the child: stdin closed, then SIGKILL after a grace period; resolves once it is gone. */
  async close(): Promise<void> {
    const child = this.#child;
    if (child === null) return;
    child.stdin?.end();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, GRACE_MS);
    try {
      await this.#exited;
    } finally {
      clearTimeout(timer);
      this.#buffer.clear();
    }
  }

  #drain(): void {
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.#buffer.readMessage();
      } catch (error) {
        this.onerror?.(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  }
}
