// A JIT tool can never do more than its caller: its syscalls are decided and journaled as the
// calling process, exactly as if the process had made them itself; and it dies with its host.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createJitRig, expectToolError, guestsAlive, type JitRig } from './jit-kit.js';

let rig: JitRig;

beforeAll(async () => {
  rig = await createJitRig();
  await writeFile(join(rig.workspace, 'secret.txt'), 'workspace secret 91c2');
  await writeFile(join(rig.workspace, 'public.txt'), 'hello');
});
afterEach(() => {
  expect(guestsAlive(rig.denoDir)).toEqual([]);
});
afterAll(async () => {
  await rig[Symbol.asyncDispose]();
});

/** The fields of a denial that do not depend on the call id. */
function denial(entry: { type: string; pid: string | null; data: Record<string, unknown> }) {
  const { callId: _id, ...data } = entry.data;
  return { type: entry.type, pid: entry.pid, data };
}

describe('a JIT tool making syscalls', () => {
  it('is denied a read its caller lacks, journaled exactly as the process’s own read', async () => {
    const attack = await rig.attack(
      `export async function run(_a: unknown, libos: any) {
        let code = 'none';
        try { await libos.syscall('fs.read', { path: 'secret.txt' }); } catch (e: any) { code = e.code; }
        const pub = await libos.syscall('fs.read', { path: 'public.txt' });
        return { code, pub: pub.content };
      }`,
      {
        grants: [{ resource: 'fs:public.txt', rights: 'read' }],
        then: [{ read_file: { path: 'secret.txt' } }],
      },
    );
    expect(attack.result).toEqual({
      isError: false,
      value: { code: 'NOT_PERMITTED', pub: 'hello' },
    });
    const [guestDenial, guestRead] = attack.guestCalls;
    expect(guestRead).toMatchObject({ type: 'syscall.completed', pid: attack.pid });
    expect(guestDenial).toMatchObject({
      type: 'syscall.denied',
      pid: attack.pid,
      data: { syscall: 'fs.read', resource: 'fs:secret.txt', code: 'NOT_PERMITTED' },
    });
    // The process's own read_file of the same path: the same denial, another call id.
    const direct = attack.journal.filter(
      (e) => e.type === 'syscall.denied' && !JSON.stringify(e.data.callId).includes(':jit.'),
    );
    expect(direct.map(denial)).toEqual([denial(guestDenial!)]);
    const transcript = await rig.runtime.store.read((r) =>
      r.listTranscript(attack.pid, { limit: 100 }),
    );
    expect(JSON.stringify(transcript)).not.toContain('workspace secret');
  });

  it('as a registered tool, cannot write where its caller may not', async () => {
    const attack = await rig.attack(
      `export async function run(_a: unknown, libos: any) {
        await libos.syscall('fs.write', { path: 'planted.txt', content: 'x' });
      }`,
      { register: true, grants: [{ resource: 'fs:**', rights: 'read' }] },
    );
    expectToolError(attack, 'TOOL_FAILED');
    expect(JSON.stringify(attack.result.value)).toContain('denied');
    expect(existsSync(join(rig.workspace, 'planted.txt'))).toBe(false);
    expect(attack.journal.some((e) => e.type === 'tool.registered')).toBe(true);
    expect(attack.guestCalls).toMatchObject([
      {
        type: 'syscall.denied',
        pid: attack.pid,
        data: { syscall: 'fs.write', code: 'NOT_PERMITTED' },
      },
    ]);
  });

  it('cannot make the agent loop’s own model call, though its process may call the model', async () => {
    const attack = await rig.attack(`export async function run(_a: unknown, libos: any) {
      try {
        await libos.syscall('model.call', { model: 'scripted:x', turn: 9, request: { system: 's', messages: [], tools: [], maxOutputTokens: 10 } });
        return 'called';
      } catch (e: any) { return e.code; }
    }`);
    expect(attack.result).toEqual({ isError: false, value: 'NOT_PERMITTED' });
    // Refused before the pipeline: no model call, no transcript turn, no intent.
    expect(attack.guestCalls).toEqual([]);
    const models = attack.journal.filter(
      (e) => e.type === 'syscall.completed' && e.data.syscall === 'model.call',
    );
    expect(models).toHaveLength(3); // propose_tool, test_tool and exit turns: the loop's own
    expect(attack.journal.filter((e) => e.type === 'effect.intended')).toHaveLength(3);
  });

  it('cannot be registered without tool:<name> register, and is then not in the table', async () => {
    // test_tool still runs it (as the process); register_tool is refused; the call finds no tool.
    const attack = await rig.attack('export function run() { return 1; }', {
      then: [{ register_tool: { name: 'attack' } }, { attack: {} }],
    });
    expect(attack.result).toEqual({ isError: false, value: 1 });
    const denied = attack.journal.filter((e) => e.type === 'syscall.denied');
    expect(denied).toMatchObject([
      {
        pid: attack.pid,
        data: { syscall: 'tool.register', resource: 'tool:attack', code: 'NOT_PERMITTED' },
      },
    ]);
    expect(attack.journal.some((e) => e.type === 'tool.registered')).toBe(false);
    const settings = await rig.runtime.store.read((r) => r.getSetting(attack.pid, 'jitTools'));
    expect(settings).toBeUndefined();
  });
});

describe('a JIT tool whose host dies', () => {
  it('is killed with it (no Deno survives a SIGKILLed host)', async () => {
    const denoDir = await mkdtemp(join(tmpdir(), 'agent-libos-jit-host-'));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./jit-host-child.ts', import.meta.url)), denoDir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await once(child.stdout, 'data');
      // Wait for the guest to be up, then kill its host outright.
      for (let i = 0; i < 100 && guestsAlive(denoDir).length === 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(guestsAlive(denoDir)).toHaveLength(1);
      child.kill('SIGKILL');
      await once(child, 'exit');
      for (let i = 0; i < 100 && guestsAlive(denoDir).length > 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(guestsAlive(denoDir)).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      for (const pid of guestsAlive(denoDir)) process.kill(pid, 'SIGKILL');
      await rm(denoDir, { recursive: true, force: true });
    }
  });
});
