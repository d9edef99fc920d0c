// Renders journal entry data as short `key=value` pairs for one table cell.
import type { Json } from '../../base/canonical-json.js';
import { truncate } from './truncate.js';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * `data` as space-separated `key=value` pairs: hashes shortened to 12 characters, nested values as
 * compact JSON, the whole cut to `max` characters.
 */
export function compactData(
  data: { readonly [key: string]: Json },
  options: { max: number },
): string {
  const parts = Object.entries(data).map(([key, value]) => `${key}=${compactValue(value)}`);
  return truncate(parts.join(' '), options.max);
}

function compactValue(value: Json): string {
  if (typeof value === 'string') {
    if (SHA256.test(value)) return `${value.slice(0, 12)}…`;
    return /^[\w.:@/-]+$/.test(value) ? value : JSON.stringify(value);
  }
  return truncate(JSON.stringify(value), 40);
}
