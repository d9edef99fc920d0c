// The package's version, read from its package.json (for --version, /api/health and OpenAPI).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageRoot } from '../base/find-package-root.js';

/** The version in package.json, or `unknown` when the manifest cannot be read. */
export function packageVersion(): string {
  try {
    const manifest: unknown = JSON.parse(
      readFileSync(join(findPackageRoot(import.meta.url), 'package.json'), 'utf8'),
    );
    if (typeof manifest === 'object' && manifest !== null && 'version' in manifest)
      return String(manifest.version);
  } catch {
    // Fall through: a missing manifest must not stop the CLI.
  }
  return 'unknown';
}
