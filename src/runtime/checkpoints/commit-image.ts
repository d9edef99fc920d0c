// Committing a checkpoint to an image: the root's image, JIT tools and objects as a new version.
import { LibosError } from '../../base/errors.js';
import { formatImageRef, parseImageRef } from '../../kernel/agent/image-ref.js';
import { JIT_TABLE_SETTING, parseJitTable } from '../../kernel/agent/jit-tool.js';
import type { AgentImage, ImageObject, Requirement } from '../../kernel/agent/types.js';
import { formatResource } from '../../kernel/capability/resource.js';
import type { Capability } from '../../kernel/capability/types.js';
import type { Checkpoint, CheckpointManifest } from '../../kernel/checkpoint/types.js';
import { formatVersionRef } from '../../kernel/object/object-ref.js';
import { privateNamespace } from '../../kernel/object/types.js';
import { checkImage, storeImage } from '../agent/register-image.js';
import { loadPinnedImage } from '../agent/image-registry.js';
import type { CommandScope } from '../commands/command-scope.js';
import { readManifest } from './manifest-codec.js';

/** Most objects an image may carry (each is linked into every process spawned from it). */
export const MAX_IMAGE_OBJECTS = 1000;
const MAX_DESCRIPTION = 2000;

/** The image version a commit makes: an id and an explicit version. */
export interface CommitTarget {
  readonly id: string;
  readonly version: number;
}

/**
 * Parses `--as id@N`; the version must be named (a commit never picks one).
 * @throws INVALID_INPUT
 */
export function parseCommitTarget(text: string): CommitTarget {
  const parsed = parseImageRef(text.trim());
  const failed = `Committing a checkpoint to image ${JSON.stringify(text.slice(0, 80))} failed`;
  if (!parsed.ok)
    throw new LibosError('INVALID_INPUT', `${failed}: ${parsed.reason}`, {
      details: { field: 'as' },
    });
  if (parsed.value.version === undefined)
    throw new LibosError('INVALID_INPUT', `${failed}: name the new version, as in id@N`, {
      details: { field: 'as' },
    });
  return { id: parsed.value.id, version: parsed.value.version };
}

/**
 * In the caller's command: registers `target` as a new image version baked from `checkpoint`'s
 * root as captured: its image version's prompt, tool table, budget, model, clearance and Skills;
 * its JIT tool table (sources pinned by object version); the live objects of its private
 * namespace by reference (`obj_…@N` and the payload's sha256, never a copy). External authority
 * is never baked in: each captured record not issued by the runtime (lineage, Skills) and not a
 * deny becomes a declared requirement (`why: held by <pid> at checkpoint <id>`), identical ones
 * once. Journals `image.registered` and `image.committed`.
 * @throws INVALID_INPUT (bad id, a tool that no longer exists), ALREADY_EXISTS (that version, a
 *   built-in id), OUT_OF_RANGE (more than {@link MAX_IMAGE_OBJECTS} objects), NOT_FOUND (the
 *   root's image version), STORE_CORRUPT
 */
export async function commitImage(
  scope: CommandScope,
  checkpoint: Checkpoint,
  target: CommitTarget,
): Promise<AgentImage> {
  const failed = `Committing ${checkpoint.id} to image ${formatImageRef(target)} failed`;
  const manifest = await readManifest(scope.tx, checkpoint);
  const root = manifest.processes.find((p) => p.process.pid === manifest.root);
  if (root === undefined)
    throw new LibosError('STORE_CORRUPT', `${failed}: the manifest has no root process`);
  const base = await loadPinnedImage(scope.tx, root.process);
  const setting = root.settings.find((s) => s.key === JIT_TABLE_SETTING)?.value;
  const jitTools = Object.values(parseJitTable(setting));
  const objects = await rootObjects(scope, manifest, failed);
  const { objects: _o, jitTools: _j, ...kept } = base;
  const origin = `committed from ${checkpoint.id}${checkpoint.name === null ? '' : ` (${checkpoint.name})`} of ${root.process.pid}, which ran ${formatImageRef(base)}`;
  const image: AgentImage = {
    ...kept,
    id: target.id,
    version: target.version,
    // The origin always fits: the base's description gives way.
    description:
      base.description === ''
        ? origin
        : `${base.description.slice(0, Math.max(0, MAX_DESCRIPTION - origin.length - 3))} (${origin})`,
    // The root's own records: its image is the root's, the children hold theirs.
    requirements: withHeld(
      base.requirements,
      manifest.capabilities.filter((c) => c.subject === manifest.root),
      checkpoint,
    ),
    ...(objects.length === 0 ? {} : { objects }),
    ...(jitTools.length === 0 ? {} : { jitTools }),
  };
  checkImage(image);
  await storeImage(scope, image);
  scope.journal('image.committed', root.process.pid, {
    checkpoint: checkpoint.id,
    image: formatImageRef(image),
    from: formatImageRef(base),
    objects: objects.length,
    jitTools: jitTools.map((t) => t.name),
    requirements: image.requirements.length,
  });
  return image;
}

/** The live objects of the root's private namespace as captured, by version and hash. */
async function rootObjects(
  scope: CommandScope,
  manifest: CheckpointManifest,
  failed: string,
): Promise<ImageObject[]> {
  const namespace = privateNamespace(manifest.root);
  const captured = manifest.objects.filter((o) => o.namespace === namespace);
  if (captured.length > MAX_IMAGE_OBJECTS)
    throw new LibosError(
      'OUT_OF_RANGE',
      `${failed}: the root holds ${captured.length} objects, more than ${MAX_IMAGE_OBJECTS}`,
    );
  const out: ImageObject[] = [];
  for (const o of captured) {
    const object = await scope.tx.getObject(o.id);
    const version = await scope.tx.getVersion(o.id, o.version);
    if (object === undefined || version === undefined)
      throw new LibosError(
        'STORE_CORRUPT',
        `${failed}: ${formatVersionRef(o.id, o.version)} is gone`,
      );
    out.push({
      name: o.name,
      type: object.type,
      source: formatVersionRef(o.id, o.version),
      sha256: version.sha256,
    });
  }
  return out;
}

/** The image's own requirements, then one per captured record of authority from outside. */
function withHeld(
  declared: readonly Requirement[],
  records: readonly Capability[],
  checkpoint: Checkpoint,
): Requirement[] {
  const out = [...declared];
  const seen = new Set(out.map((r) => `${r.resource} ${[...r.rights].sort().join(',')}`));
  for (const record of records) {
    if (record.issuedBy === 'runtime' || record.effect === 'deny') continue;
    const resource = formatResource(record.resource);
    const key = `${resource} ${[...record.rights].sort().join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      resource,
      rights: [...record.rights],
      why: `held by ${record.subject} at checkpoint ${checkpoint.id}${record.effect === 'ask' ? ' (ask)' : ''}`,
    });
  }
  return out;
}
