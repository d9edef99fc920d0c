// Tests for planning a command's sandbox from grants: what is bound, read-only or writable, and what is absent.
import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseId } from '../../base/ids.js';
import { capabilityFixture } from '../../kernel/capability/capability-fixture.js';
import { parseResource } from '../../kernel/capability/resource.js';
import type { Capability, CapabilityId } from '../../kernel/capability/types.js';
import type { SandboxEntry } from '../../ports/command-runner.js';
import { createFsSandbox, type FsSandbox } from '../fs/fs-test-kit.js';
import { MAX_SANDBOX_BINDS, planSandbox, type PlanAuthority } from './sandbox-plan.js';

const NOW = 1_000;
let box: FsSandbox;
let nextId = 1;

beforeEach(() => {
  box = createFsSandbox();
  nextId = 1;
});
afterEach(async () => {
  await box.dispose();
});

function record(text: string, rights: string, fields: Partial<Capability> = {}): Capability {
  const parsed = parseResource(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return capabilityFixture({
    id: parseId('capability', `cap_${String(nextId++).padStart(8, '0')}`),
    resource: parsed.value,
    rights: rights.split(',') as Capability['rights'],
    ...fields,
  });
}

function plant(files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(box.workspace, path, '..'), { recursive: true });
    writeFileSync(join(box.workspace, path), content);
  }
}

/** The plan as `path → how it is shown`: `ro`, `rw`, `dir` (recreated empty) or `-> target`. */
async function shown(
  records: readonly Capability[],
  extra: Partial<PlanAuthority> = {},
): Promise<Record<string, string>> {
  const planned = await planSandbox(box.root, {
    records,
    delegators: new Map(),
    reserved: ['.agent-libos'],
    now: NOW,
    callHash: 'call',
    ...extra,
  });
  try {
    return Object.fromEntries(planned.entries.map((e: SandboxEntry) => [e.path, how(e)]));
  } finally {
    await planned.close();
  }
}

function how(entry: SandboxEntry): string {
  switch (entry.kind) {
    case 'bind':
      return entry.writable ? 'rw' : 'ro';
    case 'dir':
      return 'dir';
    case 'symlink':
      return `-> ${entry.target}`;
  }
}

describe('planSandbox', () => {
  it('binds the whole workspace once when one grant decides all of it', async () => {
    plant({ 'a.txt': 'a', 'src/b.ts': 'b' });
    expect(await shown([record('fs:**', 'read,write')])).toStrictEqual({ '.': 'rw' });
    expect(await shown([record('fs:**', 'read')])).toStrictEqual({ '.': 'ro' });
  });

  it('shows nothing of the workspace without an fs grant', async () => {
    plant({ 'a.txt': 'a' });
    expect(await shown([record('shell:*', 'execute')])).toStrictEqual({ '.': 'dir' });
  });

  it('makes a denied file absent, binding its siblings one by one', async () => {
    plant({ '.env': 'SECRET', 'a.txt': 'a', 'src/b.ts': 'b' });
    const records = [record('fs:**', 'read'), record('fs:.env', 'read', { effect: 'deny' })];
    expect(await shown(records)).toStrictEqual({ '.': 'dir', 'a.txt': 'ro', src: 'ro' });
  });

  it('binds a writable subtree inside a read-only workspace', async () => {
    plant({ 'a.txt': 'a', 'src/b.ts': 'b', 'docs/c.md': 'c' });
    const records = [record('fs:**', 'read'), record('fs:src/**', 'read,write')];
    expect(await shown(records)).toStrictEqual({
      '.': 'dir',
      'a.txt': 'ro',
      docs: 'ro',
      src: 'rw',
    });
  });

  it('recreates the parents of a deeper grant empty and shows nothing else of them', async () => {
    plant({ 'a/b/c.txt': 'c', 'a/b/other.txt': 'o', 'a/secret.txt': 's' });
    expect(await shown([record('fs:a/b/c.txt', 'read')])).toStrictEqual({
      '.': 'dir',
      a: 'dir',
      'a/b': 'dir',
      'a/b/c.txt': 'ro',
    });
  });

  it('keeps .git out of an allow over its parent (the carve-out) and shows it when named', async () => {
    plant({ '.git/config': '[core]', 'a.txt': 'a' });
    // The root is writable but not bound whole: a staging directory stands in for it.
    expect(await shown([record('fs:**', 'read,write')])).toStrictEqual({
      '.': 'rw',
      'a.txt': 'rw',
    });
    expect(
      await shown([record('fs:**', 'read,write'), record('fs:.git/**', 'read')]),
    ).toStrictEqual({ '.': 'rw', '.git': 'ro', 'a.txt': 'rw' });
  });

  it('never shows the reserved state paths, whatever the grants', async () => {
    plant({ '.agent-libos/runtime.db': 'db', 'state/runtime.db': 'db', 'a.txt': 'a' });
    const records = [record('fs:**', 'read,write'), record('fs:.agent-libos/**', 'read,write')];
    expect(await shown(records, { reserved: ['.agent-libos', 'state'] })).toStrictEqual({
      '.': 'rw',
      'a.txt': 'rw',
    });
  });

  it.each([
    ['an ask record', [record('fs:a.txt', 'read', { effect: 'ask' })]],
    ['a counted grant', [record('fs:a.txt', 'read', { usesRemaining: 3 })]],
    [
      'a one-shot approval bound to another call',
      [record('fs:a.txt', 'read', { boundCall: 'other' })],
    ],
    ['an expired grant', [record('fs:a.txt', 'read', { expiresAt: NOW })]],
    ['a revoked grant', [record('fs:a.txt', 'read', { revokedAt: 1 })]],
    ['write without read', [record('fs:a.txt', 'write')]],
  ])('leaves a file covered only by %s absent', async (_name, records) => {
    plant({ 'a.txt': 'a' });
    expect(await shown(records)).toStrictEqual({ '.': 'dir' });
  });

  it("honours a delegator's deny added after the delegation", async () => {
    plant({ '.env': 'SECRET', 'a.txt': 'a' });
    const delegated = record('fs:**', 'read', {
      parentId: 'cap_99999999' as CapabilityId,
      depth: 1,
    });
    const parentDeny = record('fs:.env', 'read', { effect: 'deny' });
    const delegators = new Map([[delegated.id, [[parentDeny]]]]);
    expect(await shown([delegated], { delegators })).toStrictEqual({ '.': 'dir', 'a.txt': 'ro' });
  });

  it('leaves a hard-linked file absent (its other name may lie outside)', async () => {
    writeFileSync(join(box.outside, 'secret.txt'), 'outside');
    linkSync(join(box.outside, 'secret.txt'), join(box.workspace, 'linked.txt'));
    plant({ 'a.txt': 'a' });
    expect(
      await shown([record('fs:a.txt', 'read'), record('fs:linked.txt', 'read')]),
    ).toStrictEqual({ '.': 'dir', 'a.txt': 'ro' });
  });

  it('recreates a granted symbolic link with its target text (resolved inside the sandbox)', async () => {
    plant({ 'a.txt': 'a' });
    symlinkSync(join(box.outside, 'secret.txt'), join(box.workspace, 'out'));
    const records = [record('fs:a.txt', 'read'), record('fs:out', 'read')];
    expect(await shown(records)).toStrictEqual({
      '.': 'dir',
      'a.txt': 'ro',
      out: `-> ${join(box.outside, 'secret.txt')}`,
    });
  });

  it('refuses a plan needing more than the bind limit, holding no descriptor', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i <= MAX_SANDBOX_BINDS; i++) files[`f${i}.txt`] = 'x';
    plant(files);
    const records = Object.keys(files).map((f) => record(`fs:${f}`, 'read'));
    await expect(shown(records)).rejects.toMatchObject({ code: 'OUT_OF_RANGE' });
  });
});
