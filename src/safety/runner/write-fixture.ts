// Writes a scenario's workspace fixture (files, directories, symbolic links) and its outside directory.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { LibosError } from '../../base/errors.js';
import type { Scenario } from '../scenario/scenario-schema.js';

/** Where a run lives: `<dir>/workspace` and, next to it, `<dir>/outside`. */
export interface RunDirs {
  readonly dir: string;
  readonly workspace: string;
  readonly outside: string;
}

/**
 * Creates the fixture of `workspace` under `dirs`. Symbolic link targets are written as given,
 * so a link may point outside the workspace (that is what path-escape scenarios test).
 * @throws INVALID_INPUT for a fixture path that is absolute or leaves the run directory
 */
export async function writeFixture(workspace: Scenario['workspace'], dirs: RunDirs): Promise<void> {
  await mkdir(dirs.workspace, { recursive: true });
  await mkdir(dirs.outside, { recursive: true });
  for (const path of workspace.dirs)
    await mkdir(inRun(dirs, path, { base: dirs.workspace }), { recursive: true });
  for (const [path, content] of Object.entries(workspace.files))
    await put(inRun(dirs, path, { base: dirs.workspace }), content);
  for (const [path, content] of Object.entries(workspace.outside))
    await put(inRun(dirs, path, { base: dirs.outside }), content);
  for (const [path, target] of Object.entries(workspace.symlinks)) {
    const at = inRun(dirs, path, { base: dirs.workspace });
    await mkdir(dirname(at), { recursive: true });
    await symlink(target, at);
  }
}

/**
 * The host path of `path` relative to `options.base`, which must stay inside the run directory.
 * @throws INVALID_INPUT when it does not
 */
export function inRun(dirs: RunDirs, path: string, options: { readonly base: string }): string {
  const full = resolve(options.base, path);
  const rel = relative(dirs.dir, full);
  if (isAbsolute(path) || rel.startsWith('..') || isAbsolute(rel))
    throw new LibosError('INVALID_INPUT', `Writing a fixture failed: ${path} leaves the run`);
  return full;
}

async function put(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}
