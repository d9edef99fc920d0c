// Canonical JSON (sorted keys, no whitespace) so that equal values always hash equally.
import { LibosError } from './errors.js';

/** A JSON value. */
export type Json =
  null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/**
 * Serialises `value` canonically: object keys sorted by code unit, no whitespace, `undefined`
 * object members dropped.
 * @throws INVALID_INPUT for non-finite numbers, functions, symbols, bigints or cycles.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw invalid('a non-finite number');
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      return writeObject(value, seen);
    case 'undefined':
    case 'function':
    case 'symbol':
    case 'bigint':
      break;
  }
  throw invalid(`a value of type ${typeof value}`);
}

function writeObject(value: object, seen: Set<object>): string {
  if (seen.has(value)) throw invalid('a cycle');
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) {
    const items: string[] = [];
    // Index by position so holes in sparse arrays serialise as null, as JSON.stringify does.
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      items.push(item === undefined ? 'null' : write(item, seen));
    }
    out = `[${items.join(',')}]`;
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw invalid('a non-plain object');
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member !== undefined) parts.push(`${JSON.stringify(key)}:${write(member, seen)}`);
    }
    out = `{${parts.join(',')}}`;
  }
  seen.delete(value);
  return out;
}

function invalid(what: string): LibosError {
  return new LibosError(
    'INVALID_INPUT',
    `Serialising a value to canonical JSON failed: it contains ${what}`,
  );
}
