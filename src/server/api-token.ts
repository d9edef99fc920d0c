// The service's bearer token: generated at each start into the state directory, or read from a file.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LibosError } from '../base/errors.js';
import { sha256Hex } from '../base/hash.js';

/** The token file's name in the runtime's state directory (never in the workspace). */
export const TOKEN_FILE_NAME = 'api.token';

const MIN_TOKEN_LENGTH = 32;

/**
 * Writes a fresh random token (256 bits, base64url) to `<stateDirectory>/api.token`, readable by
 * the user only (0600), replacing the previous one atomically. Returns the token and its file.
 */
export function generateToken(stateDirectory: string): { token: string; file: string } {
  const token = randomBytes(32).toString('base64url');
  const file = join(stateDirectory, TOKEN_FILE_NAME);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${token}\n`, { mode: 0o600 });
  renameSync(temporary, file);
  return { token, file };
}

/**
 * Reads a token kept in `file` (its first line, trimmed).
 * @throws NOT_FOUND when the file cannot be read; INVALID_INPUT when the token is shorter than 32
 *   characters or has whitespace inside
 */
export function readToken(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LibosError('NOT_FOUND', `Reading the API token failed: cannot read ${file}`, {
      cause: error,
    });
  }
  const token = text.split('\n', 1)[0]?.trim() ?? '';
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token))
    throw new LibosError(
      'INVALID_INPUT',
      `Reading the API token failed: the first line of ${file} must be a token of at least ${MIN_TOKEN_LENGTH} characters without spaces`,
    );
  return token;
}

/** Compares a presented token with the expected one in constant time (over their digests). */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(sha256Hex(presented), 'hex');
  const b = Buffer.from(sha256Hex(expected), 'hex');
  return timingSafeEqual(a, b);
}
