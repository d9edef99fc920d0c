// The safety hooks are reachable only from code that imports the test kit: never from configuration or the package API.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { isLibosError } from '../../src/base/errors.js';
import { SAFETY_HOOKS } from '../../src/runtime/syscall-pipeline.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';
import { safetyHooks, SAFETY_RUNNERS, type SafetyRunner } from '../../src/testing/safety-hooks.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Reads secret.txt with no grant under `runner`; returns the journal outcome of the call. */
async function readWithoutGrant(runner: SafetyRunner) {
  await using t = await createTempRuntime({
    [SAFETY_HOOKS]: safetyHooks(runner),
    body: async (ctx) => {
      try {
        await ctx.syscall('fs.read', { path: 'secret.txt' }, { callId: 'read-1' });
      } catch (error) {
        if (!isLibosError(error, 'NOT_PERMITTED')) throw error;
      }
      await ctx.exit(null);
    },
  });
  writeFileSync(join(t.workspace, 'secret.txt'), 'top secret');
  await t.runtime.spawn({ imageId: 'base', goal: 'peek' });
  await t.runtime.run();
  const entries = await t.runtime.journal({ limit: 500 });
  return entries.find((e) => e.type.startsWith('syscall.') && e.data.callId === 'read-1');
}

describe('the safety hooks', () => {
  it('are keyed by an unregistered symbol, so no string or parsed configuration can name them', () => {
    expect(typeof SAFETY_HOOKS).toBe('symbol');
    expect(Symbol.keyFor(SAFETY_HOOKS)).toBeUndefined();
    const parsed = JSON.parse(JSON.stringify({ [SAFETY_HOOKS]: safetyHooks('direct') })) as object;
    expect(Object.getOwnPropertySymbols(parsed)).toEqual([]);
  });

  it('are exported by neither the package entry point nor any deep import', () => {
    expect(Object.values(api)).not.toContain(SAFETY_HOOKS);
    expect(Object.keys(api).filter((k) => /safety/i.test(k))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: object };
    expect(Object.keys(pkg.exports)).toEqual(['.']);
  });

  it('are referenced only by the pipeline, its host, the runtime options, the test kit and the benchmark', () => {
    const allowed =
      /^src\/(runtime\/syscall-pipeline\.ts|runtime\/pipeline-host\.ts|runtime\/runtime-options\.ts|testing\/safety-hooks\.ts|safety\/)/;
    const users = sourceFiles(join(ROOT, 'src'))
      .filter((file) => /SAFETY_HOOKS|safety-hooks\.js/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(users.filter((file) => !allowed.test(file))).toEqual([]);
  });

  it('lets the real runtime deny a read no capability allows, and direct perform it with no capability', async () => {
    const full = await readWithoutGrant('full');
    expect(full?.type).toBe('syscall.denied');
    const direct = await readWithoutGrant('direct');
    expect(direct?.type).toBe('syscall.completed');
    expect(direct?.data.capabilityId).toEqual([]);
  });

  it('cover every runner the benchmark names', () => {
    for (const runner of SAFETY_RUNNERS) expect(safetyHooks(runner)).toBeTypeOf('object');
    expect(safetyHooks('full')).toEqual({});
  });
});
