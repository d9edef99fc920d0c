// JIT tools are bounded: wall clock, heap, syscall count, frame and result size, and the protocol itself.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { snapshotTree } from '../helpers.js';
import { createJitRig, expectToolError, guestsAlive, KIT_LIMITS, type JitRig } from './jit-kit.js';

let rig: JitRig;

beforeAll(async () => {
  rig = await createJitRig({
    ...KIT_LIMITS,
    wallMs: 2_000,
    maxFrameBytes: 64 * 1024,
    maxResultBytes: 8 * 1024,
  });
});
afterEach(() => {
  // Every guest is gone once its call has settled, whatever it did.
  expect(guestsAlive(rig.denoDir)).toEqual([]);
});
afterAll(async () => {
  await rig[Symbol.asyncDispose]();
});

describe('a JIT tool that will not stop', () => {
  it('is killed at the wall-clock limit (DEADLINE_EXCEEDED)', async () => {
    // The code says which limit stopped it; how long that took is bench/'s business.
    const attack = await rig.attack('export function run() { for (;;) {} }');
    expectToolError(attack, 'DEADLINE_EXCEEDED');
    expect(attack.guestCalls).toEqual([]);
  });

  it('is killed when its heap passes the limit (OUT_OF_RANGE)', async () => {
    const attack = await rig.attack(`export function run() {
      const hoard: number[][] = [];
      for (;;) hoard.push(new Array(1e5).fill(1));
    }`);
    expectToolError(attack, 'OUT_OF_RANGE');
    expect(JSON.stringify(attack.result.value)).toContain('heap');
  });
});

describe('a JIT tool flooding its host', () => {
  it('is stopped after its syscall allowance, each call journaled as the process', async () => {
    const attack = await rig.attack(`export async function run(_a: unknown, libos: any) {
      for (let i = 0; i < 10_000; i++) await libos.syscall('clock.now', {});
    }`);
    expectToolError(attack, 'OUT_OF_RANGE');
    // Exactly the allowance went through the pipeline, each as this process, then it was killed.
    expect(attack.guestCalls).toHaveLength(KIT_LIMITS.maxSyscalls ?? 0);
    expect(attack.guestCalls.every((e) => e.pid === attack.pid)).toBe(true);
  });

  it('cannot queue a burst of syscalls without waiting for answers', async () => {
    const attack = await rig.attack(`export async function run(_a: unknown, libos: any) {
      await Promise.all(Array.from({ length: 5_000 }, () => libos.syscall('clock.now', {})));
    }`);
    expectToolError(attack, 'OUT_OF_RANGE');
    expect(attack.guestCalls.length).toBeLessThanOrEqual(KIT_LIMITS.maxSyscalls ?? 0);
  });
});

describe('a JIT tool abusing the stdio channel', () => {
  it('fails on malformed frames, and nothing it wrote is brokered', async () => {
    const before = snapshotTree(rig.workspace);
    const attack = await rig.attack(`export async function run() {
      const enc = new TextEncoder();
      await Deno.stdout.write(enc.encode('{"t":"call","id":"x","name":"fs.write"}\\nnot json\\n'));
      await new Promise(() => {});
    }`);
    expectToolError(attack, 'TOOL_FAILED');
    expect(JSON.stringify(attack.result.value)).toContain('malformed frame');
    expect(attack.guestCalls).toEqual([]);
    expect(snapshotTree(rig.workspace)).toEqual(before);
  });

  it('cannot pass off an endless frame: the host stops reading at the frame limit', async () => {
    const attack = await rig.attack(`export async function run() {
      const enc = new TextEncoder();
      // Starts a result frame, then never ends it.
      await Deno.stdout.write(enc.encode('{"t":"done","ok":true,"value":"'));
      const chunk = enc.encode('A'.repeat(64 * 1024));
      for (;;) await Deno.stdout.write(chunk);
    }`);
    expectToolError(attack, 'OUT_OF_RANGE');
    expect(JSON.stringify(attack.result.value)).toContain('frame');
  });

  it('cannot return a result larger than the limit, whatever size it claims', async () => {
    const attack = await rig.attack(`export function run() {
      return { size: 10, data: 'B'.repeat(32 * 1024) };
    }`);
    expectToolError(attack, 'OUT_OF_RANGE');
    const results = attack.journal.filter((e) => e.type === 'tool.completed');
    // What was persisted is the short error, not the claimed or the real payload.
    expect(results.every((e) => Number(e.data.bytes) < 1024)).toBe(true);
  });
});
