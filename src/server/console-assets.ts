// The web console's static files: read once from the build's `dist/console`, served without a token.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { findPackageRoot } from '../base/find-package-root.js';

/** One file of the console: its bytes and media type. */
export interface ConsoleFile {
  readonly body: Uint8Array;
  readonly type: string;
}

/** The console's files by URL path (`/`, `/assets/app.js`, …); empty when it was not built. */
export type ConsoleAssets = ReadonlyMap<string, ConsoleFile>;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/;

/**
 * The built console, `<package>/dist/console`, whether the server runs from `dist/server`, from
 * the CLI's bundle or from `src/server` (tests).
 */
export function defaultConsoleDir(): string {
  return join(findPackageRoot(import.meta.url), 'dist', 'console');
}

/**
 * Reads the console's `index.html` and the files of its `assets/` folder into memory. Only plain
 * names of known types are taken, so a request path can name nothing else on the host.
 */
export function loadConsoleAssets(dir: string): ConsoleAssets {
  const files = new Map<string, ConsoleFile>();
  const index = readIfPresent(join(dir, 'index.html'));
  if (index === null) return files;
  files.set('/', { body: index, type: TYPES['.html'] as string });
  let names: string[] = [];
  try {
    names = readdirSync(join(dir, 'assets'));
  } catch {
    names = [];
  }
  for (const name of names) {
    const type = TYPES[extname(name)];
    if (type === undefined || !SAFE_NAME.test(name)) continue;
    const body = readIfPresent(join(dir, 'assets', name));
    if (body !== null) files.set(`/assets/${name}`, { body, type });
  }
  return files;
}

function readIfPresent(path: string): Uint8Array | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}
