// Image references: `id` (the newest version) or `id@N` (version N), parsed and written back.
import type { Parsed } from '../capability/resource.js';

/** An image named by id, with the version pinned or (absent) the newest one. */
export interface ImageRef {
  readonly id: string;
  readonly version?: number;
}

/**
 * Parses `id` or `id@N`. A version must be a whole number from 1 (`base@x`, `base@0`, `@2` and
 * `base@` are refused, never read as "the newest"); `version`, when given, is the same choice
 * made separately and must agree with one written in the text.
 */
export function parseImageRef(ref: string, options: { version?: number } = {}): Parsed<ImageRef> {
  const at = ref.lastIndexOf('@');
  const id = at === -1 ? ref : ref.slice(0, at);
  if (id.length === 0) return { ok: false, reason: 'the image id is empty' };
  let version: number | undefined;
  if (at !== -1) {
    const text = ref.slice(at + 1);
    if (!/^[1-9][0-9]{0,14}$/.test(text))
      return { ok: false, reason: `${JSON.stringify(text)} is not an image version (1, 2, …)` };
    version = Number(text);
  }
  if (options.version !== undefined) {
    if (!Number.isSafeInteger(options.version) || options.version < 1)
      return { ok: false, reason: 'an image version is a whole number from 1' };
    if (version !== undefined && version !== options.version)
      return {
        ok: false,
        reason: `the reference names version ${version} and the version given is ${options.version}`,
      };
    version = options.version;
  }
  return { ok: true, value: version === undefined ? { id } : { id, version } };
}

/** `id@N`, the form journal entries, tables and errors use for one image version. */
export function formatImageRef(image: { readonly id: string; readonly version: number }): string {
  return `${image.id}@${image.version}`;
}
