// Starts the API of a runtime on its Unix socket (always) and on TCP (for `serve`), and stops it.
import { createAdaptorServer } from '@hono/node-server';
import { existsSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LibosError } from '../base/errors.js';
import type { Runtime } from '../runtime/runtime.js';
import { generateToken, readToken } from './api-token.js';
import type { ConsoleAssets } from './console-assets.js';
import { createApi } from './create-api.js';
import { JournalFollower } from './journal-follower.js';
import { removeLiveNote, socketPathFor, writeLiveNote } from './live-runtime.js';

/** Where and how to serve. */
export interface ServerOptions {
  /** The runtime's state directory: token, socket and live note go here. */
  readonly stateDirectory: string;
  /** The database file (its anchor log sits beside it). */
  readonly dbPath: string;
  /** Also listen on TCP (`serve`); port 0 picks a free one. */
  readonly tcp?: { readonly host: string; readonly port: number };
  /** Read the token from this file instead of generating one (required off loopback). */
  readonly tokenFile?: string;
  /** The web console's files (default: the built `dist/console`). */
  readonly console?: ConsoleAssets;
  /** The version `/api/health` and the OpenAPI document report. */
  readonly version: string;
}

/** A serving API; `close` ends event streams, stops listening and removes the live note. */
export interface RunningServer {
  /** `http://host:port` when listening on TCP, else null. */
  readonly url: string | null;
  readonly socket: string;
  readonly tokenFile: string;
  readonly token: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Serves the API of `runtime` (which must own its store: the caller opened it for writing) and
 * publishes where in `<state>/live.json`, so CLI commands reach this runtime instead of failing
 * on its lock.
 * @throws INVALID_INPUT for a non-loopback host without `tokenFile`; NOT_FOUND / INVALID_INPUT
 *   for an unreadable or short token file; ALREADY_EXISTS when the TCP port is taken
 */
export async function startServer(
  runtime: Runtime,
  options: ServerOptions,
): Promise<RunningServer> {
  if (
    options.tcp !== undefined &&
    !LOOPBACK.has(options.tcp.host) &&
    options.tokenFile === undefined
  )
    throw new LibosError(
      'INVALID_INPUT',
      `Starting the API failed: listening on ${options.tcp.host} (not loopback) needs --token-file with a token you keep`,
    );
  const { token, file: tokenFile } =
    options.tokenFile === undefined
      ? generateToken(options.stateDirectory)
      : { token: readToken(options.tokenFile), file: options.tokenFile };
  const follower = await JournalFollower.open(runtime.store);
  const closing = new AbortController();
  const app = createApi(
    { runtime, follower, dbPath: options.dbPath },
    {
      token,
      closing: closing.signal,
      version: options.version,
      ...(options.console === undefined ? {} : { console: options.console }),
    },
  );
  const servers: Server[] = [];
  const socket = socketPathFor(options.stateDirectory);
  try {
    // We hold the writer lock, so a socket file left here is a dead runtime's.
    if (existsSync(socket)) rmSync(socket, { force: true });
    servers.push(await listen(app.fetch, { path: socket }));
    let url: string | null = null;
    if (options.tcp !== undefined) {
      const server = await listen(app.fetch, { host: options.tcp.host, port: options.tcp.port });
      servers.push(server);
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      url = `http://${host}:${address.port}`;
    }
    writeLiveNote(options.stateDirectory, {
      pid: process.pid,
      socket,
      url,
      tokenFile,
      startedAt: Date.now(),
      version: options.version,
    });
    let closed: Promise<void> | undefined;
    return {
      url,
      socket,
      tokenFile,
      token,
      close: () => {
        closed ??= (async () => {
          removeLiveNote(options.stateDirectory, process.pid);
          closing.abort();
          follower.close();
          await Promise.all(servers.map(stop));
          rmSync(socket, { force: true });
        })();
        return closed;
      },
    };
  } catch (error) {
    closing.abort();
    follower.close();
    await Promise.all(servers.map(stop));
    throw error;
  }
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  at: { path: string } | { host: string; port: number },
): Promise<Server> {
  const server = createAdaptorServer({ fetch }) as Server;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new LibosError(
              'ALREADY_EXISTS',
              `Starting the API failed: ${'path' in at ? at.path : `${at.host}:${at.port}`} is in use; pick another --port`,
            )
          : new LibosError('INTERNAL', 'Starting the API failed: cannot listen', { cause: error }),
      );
    });
    const ready = (): void => {
      resolve(server);
    };
    if ('path' in at) server.listen(at.path, ready);
    else server.listen(at.port, at.host, ready);
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}
