// Resolving an image: registered images in the store first, then the built-ins.
import { LibosError } from '../../base/errors.js';
import { findBuiltinImage } from '../../kernel/agent/find-builtin-image.js';
import { formatImageRef, parseImageRef, type ImageRef } from '../../kernel/agent/image-ref.js';
import type { AgentImage } from '../../kernel/agent/types.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import type { StoreReader } from '../../ports/store.js';

/**
 * The image named `ref` (`id` for its newest version, `id@N`); `options.version` names the
 * version separately (it must agree with one written in `ref`).
 * @throws INVALID_INPUT (a malformed reference, such as `base@x`), NOT_FOUND (no such image)
 */
export async function resolveImage(
  reader: StoreReader,
  ref: string,
  options: { version?: number; attempted?: string } = {},
): Promise<AgentImage> {
  const attempted = options.attempted ?? `Loading image ${JSON.stringify(ref)}`;
  const parsed = parseImageRef(
    ref,
    options.version === undefined ? {} : { version: options.version },
  );
  if (!parsed.ok)
    throw new LibosError('INVALID_INPUT', `${attempted} failed: ${parsed.reason}`, {
      details: { image: ref.slice(0, 200) },
    });
  const found = await findImage(reader, parsed.value);
  if (found === undefined) {
    const named =
      parsed.value.version === undefined
        ? parsed.value.id
        : formatImageRef({ id: parsed.value.id, version: parsed.value.version });
    throw new LibosError('NOT_FOUND', `${attempted} failed: no image ${named}`, {
      details: { image: named.slice(0, 200) },
    });
  }
  return found;
}

/** The image version `ref` names (the newest when it names none), or undefined. */
export async function findImage(
  reader: StoreReader,
  ref: ImageRef,
): Promise<AgentImage | undefined> {
  return (await reader.getImage(ref.id, ref.version)) ?? findBuiltinImage(ref);
}

/**
 * The image version `process` is pinned to: exactly that one, whatever was registered since.
 * @throws NOT_FOUND when that version no longer exists (a built-in version a release dropped)
 */
export async function loadPinnedImage(
  reader: StoreReader,
  process: Pick<AgentProcess, 'pid' | 'imageId' | 'imageVersion'>,
): Promise<AgentImage> {
  const ref = { id: process.imageId, version: process.imageVersion };
  const found = await findImage(reader, ref);
  if (found === undefined)
    throw new LibosError(
      'NOT_FOUND',
      `Loading the image of ${process.pid} failed: no image ${formatImageRef(ref)}`,
      { details: { pid: process.pid, image: formatImageRef(ref) } },
    );
  return found;
}
