// fs.mkdir: create a workspace directory (and, when recursive, its missing parents) through verified descriptors.
import { promises as fsp } from 'node:fs';
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { isLibosError } from '../../base/errors.js';
import { defineSyscall, done } from '../define-syscall.js';
import { authorisedPath } from './authorised-path.js';
import type { ContainedDir } from './contained-dir.js';
import { openChildDir, openContainedDir } from './contained.js';
import { errnoOf, pathError, toFsError } from './fs-error.js';
import type { FsErrorContext } from './fs-error.js';
import { resolveWorkspacePath, splitPath } from './resolve-path.js';

const ATTEMPTED = 'Creating a directory';

const input = z.strictObject({ path: z.string(), recursive: z.boolean().default(false) });

/** Input of `fs.mkdir`. */
export type FsMkdirInput = z.infer<typeof input>;

/** Output of `fs.mkdir`. */
export interface FsMkdirOutput {
  /** Workspace-relative path of the directory. */
  readonly path: string;
  /** False when `recursive` found the directory already there. */
  readonly created: boolean;
}

/**
 * `fs.mkdir`: creates a directory. Without `recursive` the parent must exist and the name must
 * be free; with it, missing parents are created one by one, each created name opened without
 * following and verified before going deeper. Needs `write` on the path.
 * @throws ALREADY_EXISTS, NOT_FOUND (missing parent), NOT_PERMITTED (a link on the way,
 *   outside), INVALID_INPUT (a component is not a directory).
 */
export const fsMkdir = defineSyscall<FsMkdirInput, FsMkdirOutput>({
  name: 'fs.mkdir',
  summary: 'Create a workspace directory, optionally with its missing parents.',
  input,
  effect: 'external',
  resources: (args, ctx) => [
    {
      resource: resolveWorkspacePath(ctx.cwd, args.path, { attempted: ATTEMPTED }),
      right: 'write',
    },
  ],
  journal: (args, output) => ({
    path: output.path,
    recursive: args.recursive,
    created: output.created,
  }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const path = authorisedPath(ctx, args.path, { index: 0, right: 'write', attempted: ATTEMPTED });
    const context = { attempted: ATTEMPTED, path };
    const split = splitPath(path);
    if (split === null) {
      if (args.recursive) return done({ path, created: false });
      throw pathError('ALREADY_EXISTS', 'already exists', context);
    }
    if (!args.recursive) {
      const parent = await openContainedDir(ctx.workspace, split.parent, context);
      try {
        const made = await makeChild(parent, split.name, {
          context,
          allowExisting: false,
          onCreated: () => {
            ctx.effectStarted({ created: [path] });
          },
        });
        await made.dir.close();
        return done({ path, created: true });
      } finally {
        await parent.close();
      }
    }
    let dir = await openContainedDir(ctx.workspace, '.', context);
    let created = false;
    const made: string[] = [];
    try {
      for (const name of path.split('/')) {
        throwIfAborted(ctx.signal, ATTEMPTED);
        const next = await makeChild(dir, name, {
          context,
          allowExisting: true,
          onCreated: () => {
            made.push(dir.child(name));
            ctx.effectStarted({ created: [...made] });
          },
        });
        created = next.created;
        await dir.close();
        dir = next.dir;
      }
      return done({ path, created });
    } finally {
      await dir.close();
    }
  },
});

// mkdir through the parent's descriptor (a final symbolic link is never followed: mkdir fails
// with EEXIST on it), then open the result like any other component and verify it.
async function makeChild(
  parent: ContainedDir,
  name: string,
  options: {
    readonly context: FsErrorContext;
    readonly allowExisting: boolean;
    /** Called once the directory was created (before it is opened and verified). */
    readonly onCreated: () => void;
  },
): Promise<{ dir: ContainedDir; created: boolean }> {
  const { context } = options;
  let created = true;
  try {
    await fsp.mkdir(parent.at(name), 0o777);
    options.onCreated();
  } catch (cause) {
    if (errnoOf(cause) !== 'EEXIST' || !options.allowExisting) throw toFsError(cause, context);
    created = false;
  }
  try {
    return { dir: await openChildDir(parent, name, context), created };
  } catch (cause) {
    if (isLibosError(cause, 'INVALID_INPUT')) {
      throw pathError('ALREADY_EXISTS', 'exists and is not a directory', context);
    }
    throw cause;
  }
}
