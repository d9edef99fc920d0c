// Parsing a narrowing scope of a follow-up (`--drop`, `--only`): `kind:pattern` with optional `=rights`.
import { RESOURCE_CATALOG } from '../capability/catalog.js';
import { parseResource, parseRights, type Parsed } from '../capability/resource.js';
import type { NarrowingScope } from './carry-records.js';

/**
 * Parses `kind:pattern` (every right of the kind) or `kind:pattern=rights` (`fs:out/**=write`).
 * The rights start after the last `=`, so a pattern may itself contain `=`.
 */
export function parseScope(text: string): Parsed<NarrowingScope> {
  const at = text.lastIndexOf('=');
  const rightsText = at < 0 ? null : text.slice(at + 1);
  // A pattern holding `=` with no rights after it: everything is the pattern.
  const isRights = rightsText !== null && /^[a-z,\s]+$/.test(rightsText);
  const resource = parseResource(isRights ? text.slice(0, at) : text);
  if (!resource.ok) return resource;
  const { kind } = resource.value;
  if (!isRights)
    return { ok: true, value: { resource: resource.value, rights: RESOURCE_CATALOG[kind].rights } };
  const rights = parseRights(kind, rightsText);
  if (!rights.ok) return rights;
  return { ok: true, value: { resource: resource.value, rights: rights.value } };
}
