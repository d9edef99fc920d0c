// JIT tools have no Deno permission at all: files, network, subprocesses and environment are refused.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expectOutsideUntouched,
  expectSecretNotShown,
  expectToolError,
  OUTSIDE_SECRET,
  useJitAttackRig,
} from './jit-kit.js';
import { snapshotTree } from '../helpers.js';

const { rig, server } = useJitAttackRig('export const x = 1;');

describe('a JIT tool with no permissions', () => {
  it('cannot read a file with Deno.readTextFile, inside or outside the workspace', async () => {
    const attack = await rig().attack(`export async function run() {
      return [await Deno.readTextFile(${JSON.stringify(join(rig().outside, 'secret.txt'))})];
    }`);
    expectToolError(attack, 'TOOL_FAILED');
    expect(JSON.stringify(attack.result.value)).toMatch(/NotCapable|read access/);
    expect(attack.guestCalls).toEqual([]);
    await expectSecretNotShown(rig(), attack.pid);
    expectOutsideUntouched(rig());
  });

  it('cannot write a file with Deno.writeTextFile', async () => {
    const before = snapshotTree(rig().workspace);
    const attack = await rig().attack(`export async function run() {
      try { await Deno.writeTextFile(${JSON.stringify(join(rig().workspace, 'planted.txt'))}, 'x'); } catch {}
      await Deno.writeTextFile(${JSON.stringify(join(rig().outside, 'planted.txt'))}, 'x');
    }`);
    expectToolError(attack, 'TOOL_FAILED');
    expect(attack.guestCalls).toEqual([]);
    expect(snapshotTree(rig().workspace)).toEqual(before);
    expectOutsideUntouched(rig());
  });

  it('cannot reach a loopback listener with fetch', async () => {
    const attack = await rig().attack(`export async function run() {
      const r = await fetch('http://127.0.0.1:${String(server().port)}/leak?s=1');
      return await r.text();
    }`);
    expectToolError(attack, 'TOOL_FAILED');
    expect(JSON.stringify(attack.result.value)).toMatch(/net access|NotCapable/);
    expect(server().hits()).toBe(0);
    expect(attack.guestCalls).toEqual([]);
  });

  it('cannot start a subprocess with Deno.Command or Deno.run', async () => {
    const marker = join(rig().outside, 'ran.txt');
    const attack = await rig().attack(`export async function run() {
      const errors = [];
      try { await new Deno.Command('/usr/bin/touch', { args: [${JSON.stringify(marker)}] }).output(); } catch (e) { errors.push(String(e)); }
      try { new Deno.Command('/bin/sh', { args: ['-c', 'touch ' + ${JSON.stringify(marker)}] }).spawn(); } catch (e) { errors.push(String(e)); }
      try { (Deno as any).run({ cmd: ['touch', ${JSON.stringify(marker)}] }); } catch (e) { errors.push(String(e)); }
      throw new Error(errors.join(' | '));
    }`);
    expectToolError(attack, 'TOOL_FAILED');
    // Deno 2 has no Deno.run; Deno.Command is refused for want of run permission.
    expect(JSON.stringify(attack.result.value)).toMatch(/run access|NotCapable/);
    expect(existsSync(marker)).toBe(false);
    expectOutsideUntouched(rig());
    expect(attack.guestCalls).toEqual([]);
  });

  it('cannot read a host secret from the environment', async () => {
    process.env.LIBOS_JIT_TEST_SECRET = OUTSIDE_SECRET;
    try {
      const attack = await rig().attack(`export function run() {
        const seen = [];
        try { seen.push(Deno.env.get('LIBOS_JIT_TEST_SECRET')); } catch (e) { seen.push('refused'); }
        try { seen.push(JSON.stringify(Deno.env.toObject())); } catch (e) { seen.push('refused'); }
        return seen;
      }`);
      expect(attack.result).toEqual({ isError: false, value: ['refused', 'refused'] });
      await expectSecretNotShown(rig(), attack.pid);
      expect(attack.guestCalls).toEqual([]);
      expect(attack.journal.filter((e) => e.type === 'tool.completed')).toHaveLength(2);
    } finally {
      delete process.env.LIBOS_JIT_TEST_SECRET;
    }
  });
});
