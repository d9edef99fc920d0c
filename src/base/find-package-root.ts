// Finds the agent-libos package's root from a module inside it, wherever the build put that module.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LibosError } from './errors.js';

/** The `name` in the package's own package.json, which marks its root. */
const PACKAGE_NAME = 'agent-libos';

/**
 * The directory holding agent-libos's package.json, found by walking up from `moduleUrl` (pass
 * `import.meta.url`). The same answer from `src/…` (tests, tsx), `dist/…` (the library build) and
 * `dist/cli-bundle/…` (the CLI's bundle, where a module's own path says nothing of where its source
 * was), so files shipped with the package are found from the root instead of next to a module.
 * @throws INTERNAL when no ancestor directory holds agent-libos's package.json.
 */
export function findPackageRoot(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    if (readPackageName(join(dir, 'package.json')) === PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new LibosError('INTERNAL', 'Finding the agent-libos package failed: no package.json');
    dir = parent;
  }
}

function readPackageName(path: string): unknown {
  try {
    const manifest: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof manifest === 'object' && manifest !== null && 'name' in manifest
      ? manifest.name
      : undefined;
  } catch {
    return undefined;
  }
}
