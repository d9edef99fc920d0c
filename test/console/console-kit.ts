// Kit of the console's browser tests: a real `serve` child over a scripted workspace, Debian's Chromium driven by playwright-core, and the API calls a test makes as a second operator.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { findSystemExecutable } from '../../src/sandbox/system-executable.js';
import { killAndWait } from '../support/kill-and-wait.js';
import { neededUnderCi } from '../support/needed-under-ci.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'agent-libos.js');

const executable = findSystemExecutable('chromium') ?? findSystemExecutable('chromium-browser');
const built = existsSync(join(ROOT, 'dist', 'console', 'index.html'));
/** Whether the browser tests can run here (always under CI, which fails otherwise). */
export const hasBrowser = neededUnderCi(
  "the console's browser tests",
  executable === null
    ? 'Chromium is missing (Debian package "chromium")'
    : built
      ? null
      : 'the console is not built (npm run build)',
);

/** Launches headless Chromium for one test file; close it in `afterAll`. */
export function launchBrowser(): Promise<Browser> {
  if (executable === null) throw new Error('Chromium is missing');
  return chromium.launch({
    executablePath: executable,
    headless: true,
    // As root Chromium needs --no-sandbox; the rest keeps it off a network this machine lacks.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A running `agent-libos serve` over a temporary workspace, and how to talk to it. */
export interface Served {
  readonly workspace: string;
  /** The login URL `serve` printed (`…/#token=…`). */
  readonly login: string;
  /** The base URL (`http://127.0.0.1:<port>`). */
  readonly url: string;
  readonly token: string;
  /** Calls the API as the operator; throws on a non-2xx answer. */
  api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  /** Stops the server (SIGTERM, then SIGKILL) and deletes the workspace and state. */
  close(): Promise<void>;
}

/**
 * Makes a temporary workspace with `files`, starts `serve` on a free loopback port over it (cwd
 * the workspace, so `scripted:<file>` models resolve there), and waits for its login URL.
 */
export async function startServe(files: Readonly<Record<string, string>>): Promise<Served> {
  const root = await mkdtemp(join(tmpdir(), 'libos-console-'));
  const workspace = join(root, 'workspace');
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(workspace, path)), { recursive: true });
    await writeFile(join(workspace, path), content);
  }
  const db = join(root, 'state', 'runtime.db');
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, 'serve', '--db', db, '--workspace', workspace, '--port', '0'],
    { cwd: workspace, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env } },
  );
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => void killAndWait(child), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(root, { recursive: true, force: true });
  };
  try {
    const login = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => {
        reject(new Error(`serve printed no login URL within 30 s: ${seen}`));
      }, 30_000);
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        seen += chunk;
        const found = /open the console: (\S+)/.exec(seen);
        if (found?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`serve exited (${String(code)}) before listening: ${seen}`));
      });
    });
    const url = login.slice(0, login.indexOf('/#token='));
    const token = login.slice(login.indexOf('#token=') + '#token='.length);
    return {
      workspace,
      login,
      url,
      token,
      async api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
        const response = await fetch(`${url}${path}`, {
          method: init.method ?? 'GET',
          headers: {
            authorization: `Bearer ${token}`,
            ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        });
        const text = await response.text();
        if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${text}`);
        return JSON.parse(text) as T;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
