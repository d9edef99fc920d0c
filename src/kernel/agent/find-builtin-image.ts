// Looking up a built-in image: a given version, or the newest one the release ships.
import { BUILTIN_IMAGES } from './builtin-images.js';
import type { ImageRef } from './image-ref.js';
import type { AgentImage } from './types.js';

/**
 * The built-in image `ref` names: version `ref.version`, or the highest version shipped when it
 * names none (a release that changes a built-in adds a version and keeps the old ones, so a
 * process pinned to one still finds it). Undefined when there is none.
 */
export function findBuiltinImage(ref: ImageRef): AgentImage | undefined {
  let found: AgentImage | undefined;
  for (const image of BUILTIN_IMAGES) {
    if (image.id !== ref.id) continue;
    if (ref.version !== undefined) {
      if (image.version === ref.version) return image;
    } else if (found === undefined || image.version > found.version) found = image;
  }
  return found;
}
