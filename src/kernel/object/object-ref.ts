// References to object versions (`obj_…@N`) as labels, manifests and journal entries write them.
import { isId } from '../../base/ids.js';
import type { ObjectId } from './types.js';

/** An object, optionally pinned to one version. */
export interface ObjectRef {
  readonly id: ObjectId;
  /** Null: the latest version. */
  readonly version: number | null;
}

/** Parses `obj_…` or `obj_…@N`; null when the text is neither. */
export function parseObjectRef(text: string): ObjectRef | null {
  const at = text.indexOf('@');
  const id = at < 0 ? text : text.slice(0, at);
  if (!isId('object', id)) return null;
  if (at < 0) return { id, version: null };
  const digits = text.slice(at + 1);
  if (!/^[1-9][0-9]{0,8}$/.test(digits)) return null;
  return { id, version: Number(digits) };
}

/** `obj_…@N`: the reference to one version. */
export function formatVersionRef(id: ObjectId, version: number): string {
  return `${id}@${version}`;
}
