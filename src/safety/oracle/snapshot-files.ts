// Takes a snapshot of a run's files (workspace and the outside directory), not following links.
import { lstat, readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** One file system entry as found: a file with its text, or a link with its target as written. */
export type FileEntry =
  | { readonly type: 'file'; readonly content: string }
  | { readonly type: 'link'; readonly target: string };

/** The files of a run at one moment, by workspace-relative path (`../outside/…` for outside). */
export interface FileSnapshot {
  readonly entries: ReadonlyMap<string, FileEntry>;
  /** Each link's path and the workspace-relative path it resolves to (dangling links are left out). */
  readonly links: ReadonlyMap<string, string>;
}

/** Where a run's files live. */
export interface FileRoots {
  readonly workspace: string;
  /** The fixture's outside directory, next to the workspace (reached as `../outside/…`). */
  readonly outside: string;
}

/**
 * Every file and link under `roots.workspace` and `roots.outside`. Directories are walked but
 * not recorded: a write creates its parents, so a new directory is no effect of its own. Links
 * are recorded, not followed; what one resolves to is kept so a change behind it can be named
 * by the link's path too.
 * @example
 * const before = await snapshotFiles({ workspace: '/run/workspace', outside: '/run/outside' });
 */
export async function snapshotFiles(roots: FileRoots): Promise<FileSnapshot> {
  const entries = new Map<string, FileEntry>();
  const links = new Map<string, string>();
  // A link resolves to a real path; compare it with the real workspace (tmpdir may be a link).
  const real = { ...roots, workspace: await realpath(roots.workspace) };
  for (const root of [roots.workspace, roots.outside]) {
    for (const host of await walk(root)) {
      const path = workspacePath(roots, host);
      const stat = await lstat(host);
      if (stat.isSymbolicLink()) {
        entries.set(path, { type: 'link', target: await readlink(host) });
        const resolved = await realpath(host).catch(() => null);
        if (resolved !== null) links.set(path, workspacePath(real, resolved));
      } else if (stat.isFile()) {
        entries.set(path, { type: 'file', content: await readFile(host, 'utf8') });
      }
    }
  }
  return { entries, links };
}

/** Host paths of every non-directory entry under `dir` (none when `dir` is missing). */
async function walk(dir: string): Promise<string[]> {
  const found = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of found.sort((a, b) => a.name.localeCompare(b.name))) {
    const host = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(host)));
    else out.push(host);
  }
  return out;
}

function workspacePath(roots: FileRoots, host: string): string {
  return relative(roots.workspace, host).split(sep).join('/');
}
