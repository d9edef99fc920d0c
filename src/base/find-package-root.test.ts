// Tests for finding the package root from a module inside it, however deep and whatever the build.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findPackageRoot } from './find-package-root.js';

const dirs: string[] = [];

function tempTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agent-libos-root-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('findPackageRoot', () => {
  it('finds the repository root from this source file', () => {
    expect(findPackageRoot(import.meta.url)).toBe(
      fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, ''),
    );
  });

  it('finds the same root from a bundle chunk two levels down, past another package.json', () => {
    const root = tempTree();
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'agent-libos' }));
    mkdirSync(join(root, 'dist', 'cli-bundle', 'chunks'), { recursive: true });
    writeFileSync(join(root, 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
    const chunk = pathToFileURL(join(root, 'dist', 'cli-bundle', 'chunks', 'chunk-A.js')).href;
    expect(findPackageRoot(chunk)).toBe(root);
  });

  it('throws INTERNAL when no ancestor is the agent-libos package', () => {
    const root = tempTree();
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'other' }));
    const file = pathToFileURL(join(root, 'x.js')).href;
    expect(() => findPackageRoot(file)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
