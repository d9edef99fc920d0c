// Resolving an image id: registered images in the store first, then the built-ins.
import { LibosError } from '../../base/errors.js';
import { BUILTIN_IMAGES } from '../../kernel/agent/builtin-images.js';
import type { AgentImage } from '../../kernel/agent/types.js';
import type { StoreReader } from '../../ports/store.js';

/**
 * The image named `ref` (`id` or `id@version`).
 * @throws NOT_FOUND when no such image exists
 */
export async function resolveImage(reader: StoreReader, ref: string): Promise<AgentImage> {
  const at = ref.lastIndexOf('@');
  const id = at > 0 ? ref.slice(0, at) : ref;
  const version = at > 0 ? Number(ref.slice(at + 1)) : undefined;
  const stored = await reader.getImage(id, Number.isInteger(version) ? version : undefined);
  if (stored !== undefined) return stored;
  const builtin = BUILTIN_IMAGES.find(
    (i) => i.id === id && (version === undefined || i.version === version),
  );
  if (builtin !== undefined) return builtin;
  throw new LibosError('NOT_FOUND', `Loading image ${JSON.stringify(ref)} failed: no such image`);
}
