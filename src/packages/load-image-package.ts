// Loading an image package: read and check it, then register its image version (once).
import { canonicalJson } from '../base/canonical-json.js';
import { isLibosError, LibosError } from '../base/errors.js';
import { findBuiltinImage } from '../kernel/agent/find-builtin-image.js';
import { formatImageRef } from '../kernel/agent/image-ref.js';
import type { AgentImage } from '../kernel/agent/types.js';
import { packageError } from './package-error.js';
import { IMAGE_FILE, readImagePackage, type ImagePackage } from './read-image-package.js';

/** Where a package's image is registered: a `Runtime`, or the API client of a live one. */
export interface ImageRegistrar {
  image(ref: string): Promise<AgentImage>;
  registerImage(image: AgentImage): Promise<AgentImage>;
  /**
   * The Skills registry a package's Skill folders are snapshotted into (`Runtime.skills`); absent
   * on the API client of a live runtime, which does not read folders of its host for a caller.
   */
  readonly skills?: {
    register(dir: string): Promise<{ readonly skill: { readonly name: string } }>;
  };
}

/** A loaded package: `registered` now, or `unchanged` (that version was registered identically). */
export interface LoadedImagePackage extends ImagePackage {
  readonly status: 'registered' | 'unchanged';
}

/**
 * Reads the image package in `dir` (see `readImagePackage`) and registers its image version as
 * the operator. Loading the same package again is a no-op (`unchanged`); the same id and version
 * with other contents is refused, as is a built-in id: a version, once registered, never changes,
 * which is what lets a process stay on the version it was spawned with. The package is checked
 * completely before anything is registered, and registering is one transaction, so a refused
 * package leaves nothing behind. Its Skill folders are snapshotted into the Skills registry first
 * (each a new version only when its content changed), so the image's processes find the Skills
 * they are granted; an image refused after that leaves those versions, which name no image.
 * @throws as readImagePackage; ALREADY_EXISTS (a built-in id; that version with other contents)
 * @example
 * await using rt = await openRuntime({ workspace: '.' });
 * const { image } = await loadImagePackage(rt, 'packages/reviewer');
 * await rt.spawn({ imageId: image.id, goal: 'Review src/', model: 'openai:gpt-4.1' });
 */
export async function loadImagePackage(
  registrar: ImageRegistrar,
  dir: string,
  options: { cwd?: string } = {},
): Promise<LoadedImagePackage> {
  return registerImagePackage(registrar, await readImagePackage(dir, options), { shown: dir });
}

/**
 * Registers the image of a package already read (`readImagePackage`), as `loadImagePackage`
 * does: for a caller that checks the package before it opens a store (the CLI). `shown` is how
 * errors name the package.
 * @throws ALREADY_EXISTS (a built-in id; that version with other contents)
 */
export async function registerImagePackage(
  registrar: ImageRegistrar,
  read: ImagePackage,
  options: { shown: string },
): Promise<LoadedImagePackage> {
  const { image } = read;
  const refuse = (field: 'id' | 'version', message: string): Error =>
    packageError('ALREADY_EXISTS', {
      shown: options.shown,
      problems: [{ file: IMAGE_FILE, field, message }],
    });
  if (findBuiltinImage({ id: image.id }) !== undefined)
    throw refuse('id', `${JSON.stringify(image.id)} is a built-in image: choose another id`);
  const existing = await registrar.image(formatImageRef(image)).catch((error: unknown) => {
    if (isLibosError(error, 'NOT_FOUND')) return undefined;
    throw error;
  });
  const taken = (): Error =>
    refuse(
      'version',
      `${formatImageRef(image)} is already registered with other contents: give them a new version`,
    );
  if (existing !== undefined) {
    if (canonicalJson(existing) !== canonicalJson(image)) throw taken();
    return { ...read, image: existing, status: 'unchanged' };
  }
  if (read.skillDirs.length > 0) {
    const { skills } = registrar;
    if (skills === undefined)
      throw new LibosError(
        'STORE_LOCKED',
        `Loading image package ${JSON.stringify(options.shown)} failed: it bundles Skills, which a running runtime's API does not register; stop the runtime that owns the database, then load it again`,
      );
    for (const [i, dir] of read.skillDirs.entries()) {
      // Read again to be snapshotted: a folder renamed in between must not register a stranger.
      const { name } = (await skills.register(dir)).skill;
      const listed = image.skills?.[i];
      if (name !== listed)
        throw packageError('INVALID_INPUT', {
          shown: options.shown,
          problems: [
            {
              file: IMAGE_FILE,
              field: `skills[${i}]`,
              message: `its SKILL.md now names ${JSON.stringify(name)}, not ${JSON.stringify(listed)}: it changed while the package loaded`,
            },
          ],
        });
    }
  }
  try {
    return { ...read, image: await registrar.registerImage(image), status: 'registered' };
  } catch (error) {
    // Registered by someone else between the look and the registration.
    if (isLibosError(error, 'ALREADY_EXISTS')) throw taken();
    throw error;
  }
}
