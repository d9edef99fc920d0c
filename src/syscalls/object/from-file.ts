// object.fromFile: snapshot a workspace file into an object (origin `file`), through fs containment.
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { defineSyscall, done } from '../define-syscall.js';
import { resolveWorkspacePath } from '../fs/resolve-path.js';
import { sensitivityInput } from './object-content.js';
import { locateName, nameInput, namespaceInput, objectNeed } from './object-target.js';
import { journalOf, viewOf, type ObjectView } from './object-view.js';
import { readWorkspaceFile } from './read-workspace-file.js';

const ATTEMPTED = 'Snapshotting a file into an object';

const input = z.strictObject({
  path: z.string(),
  namespace: namespaceInput.optional(),
  name: nameInput,
  type: z.string().min(1).max(40).default('file-snapshot'),
  expectedVersion: z.number().int().min(1).optional(),
  sensitivity: sensitivityInput.optional(),
});

/** Input of `object.fromFile`. */
export type ObjectFromFileInput = z.infer<typeof input>;

/** Output of `object.fromFile`. */
export interface ObjectFromFileOutput extends ObjectView {
  /** The workspace-relative file that was read. */
  readonly path: string;
}

/**
 * `object.fromFile`: reads a workspace file (as fs.read does: contained, no-follow) and stores
 * its bytes as a new object, or as a new version when `expectedVersion` is given. Needs `read`
 * on `fs:<path>` and `write` on the object's path. The version's origin is `file` and its source
 * resource `fs:<path>`, set by the runtime.
 * @throws NOT_PERMITTED, NOT_FOUND, INVALID_INPUT, OUT_OF_RANGE (file larger than a payload may
 *   be), ALREADY_EXISTS, VERSION_CONFLICT
 */
export const objectFromFile = defineSyscall<ObjectFromFileInput, ObjectFromFileOutput>({
  name: 'object.fromFile',
  summary: 'Snapshot a workspace file into an object (a new object or a new version).',
  input,
  effect: 'state',
  resources: (args, ctx) => [
    { resource: resolveWorkspacePath(ctx.cwd, args.path, { attempted: ATTEMPTED }), right: 'read' },
    objectNeed(locateName(args, { ...ctx, attempted: ATTEMPTED }), 'write'),
  ],
  journal: (_args, output) => ({ ...journalOf(output), path: output.path }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const { address } = locateName(args, { ...ctx, attempted: ATTEMPTED });
    const file = await readWorkspaceFile(ctx, args.path, {
      index: 0,
      maxBytes: ctx.kernel.objects.maxPayloadBytes,
      attempted: ATTEMPTED,
    });
    const content = {
      bytes: file.bytes,
      fromFile: file.path,
      ...(args.sensitivity === undefined ? {} : { sensitivity: args.sensitivity }),
    };
    const snapshot =
      args.expectedVersion === undefined
        ? await ctx.kernel.objects.create({ ...address, type: args.type, schema: null, content })
        : await ctx.kernel.objects.update(address, {
            content,
            expectedVersion: args.expectedVersion,
          });
    return done({ ...viewOf(snapshot), path: file.path });
  },
});
