// How a SHA-256 digest is stored: 32 bytes instead of 64 hex characters, read back as hex.

/** A hash column: 32 bytes since migration 006, 64 hex characters in rows written before. */
export type HashColumn = string | Buffer;

/** A hash as stored: 32 bytes for a SHA-256 hex digest, anything else as it is. */
export function toHashColumn(hex: string): HashColumn {
  return /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : hex;
}

/** A stored hash as hex; a missing one (its row was deleted) as the empty string. */
export function fromHashColumn(value: HashColumn | null): string {
  if (value === null) return '';
  return typeof value === 'string' ? value : value.toString('hex');
}
