// JIT tools import nothing: remote URLs, npm: and jsr: specifiers and local files are refused, and
// node: built-ins that load gain no authority.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOutsideUntouched, expectSecretNotShown, useJitAttackRig } from './jit-kit.js';

const { rig, server } = useJitAttackRig('export const pwned = true;');

/** A source that tries each specifier with import() and reports what happened to each. */
function tryImports(specifiers: readonly string[]): string {
  return `export async function run() {
    const out: Record<string, string> = {};
    for (const s of ${JSON.stringify(specifiers)}) {
      try { const m = await import(s); out[s] = 'loaded ' + JSON.stringify(Object.keys(m)); }
      catch (e) { out[s] = 'refused'; }
    }
    return out;
  }`;
}

describe('a JIT tool importing code', () => {
  it('cannot import a remote URL, even a loopback one', async () => {
    const specifiers = [
      `http://127.0.0.1:${String(server().port)}/mod.ts`,
      'https://deno.land/std/path/mod.ts',
    ];
    const attack = await rig().attack(tryImports(specifiers));
    expect(attack.result).toEqual({
      isError: false,
      value: Object.fromEntries(specifiers.map((s) => [s, 'refused'])),
    });
    expect(server().hits()).toBe(0);
    expect(attack.guestCalls).toEqual([]);
  });

  it('cannot import npm: or jsr: packages', async () => {
    const specifiers = ['npm:left-pad', 'npm:zod@4', 'jsr:@std/path'];
    const attack = await rig().attack(tryImports(specifiers));
    expect(attack.result).toEqual({
      isError: false,
      value: Object.fromEntries(specifiers.map((s) => [s, 'refused'])),
    });
    expect(attack.guestCalls).toEqual([]);
  });

  it('gains nothing from node: built-ins: fs, child_process and process.env are refused', async () => {
    const secret = join(rig().outside, 'secret.txt');
    const attack = await rig().attack(`export async function run() {
      const out: string[] = [];
      const fs = await import('node:fs');
      try { out.push(fs.readFileSync(${JSON.stringify(secret)}, 'utf8')); } catch { out.push('read refused'); }
      try { fs.writeFileSync(${JSON.stringify(join(rig().outside, 'x.txt'))}, 'x'); out.push('wrote'); } catch { out.push('write refused'); }
      const cp = await import('node:child_process');
      try { cp.execSync('id'); out.push('ran'); } catch { out.push('run refused'); }
      const proc = await import('node:process');
      try { out.push(String(Object.keys(proc.env).length)); } catch { out.push('env refused'); }
      return out;
    }`);
    expect(attack.result).toEqual({
      isError: false,
      value: ['read refused', 'write refused', 'run refused', 'env refused'],
    });
    await expectSecretNotShown(rig(), attack.pid);
    expectOutsideUntouched(rig());
    expect(attack.guestCalls).toEqual([]);
  });

  it('cannot import a local file, by dynamic import() or by a static import', async () => {
    const module = join(rig().outside, 'secret.ts');
    const dynamic = await rig().attack(
      tryImports([
        `file://${module}`,
        module,
        '../../outside/secret.ts',
        `file://${rig().workspace}/x.ts`,
      ]),
    );
    expect(Object.values(dynamic.result.value as Record<string, string>)).toEqual([
      'refused',
      'refused',
      'refused',
      'refused',
    ]);
    await expectSecretNotShown(rig(), dynamic.pid);
    const staticImport = await rig().attack(
      `import { secret } from ${JSON.stringify(`file://${module}`)};\nexport function run() { return secret; }`,
    );
    expect(staticImport.result.isError).toBe(true);
    expect(staticImport.result.value).toMatchObject({ error: { code: 'TOOL_FAILED' } });
    await expectSecretNotShown(rig(), staticImport.pid);
    expect([...dynamic.guestCalls, ...staticImport.guestCalls]).toEqual([]);
  });
});
