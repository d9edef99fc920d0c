// A temporary directory for one benchmark's databases, removed on dispose.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A directory under the OS temp dir; `await using` removes it with everything inside. */
export interface TempDir extends AsyncDisposable {
  readonly path: string;
}

/** Creates a fresh temporary directory named after `prefix`. */
export async function createTempDir(prefix: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), `libos-bench-${prefix}-`));
  return {
    path,
    async [Symbol.asyncDispose]() {
      await rm(path, { recursive: true, force: true });
    },
  };
}
