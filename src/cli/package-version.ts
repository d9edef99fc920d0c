// The package's version, read from its package.json (for --version, /api/health and OpenAPI).
import { readFileSync } from 'node:fs';

/** The version in package.json, or `unknown` when the manifest cannot be read. */
export function packageVersion(): string {
  try {
    const manifest: unknown = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    );
    if (typeof manifest === 'object' && manifest !== null && 'version' in manifest)
      return String(manifest.version);
  } catch {
    // Fall through: a missing manifest must not stop the CLI.
  }
  return 'unknown';
}
