// Security corpus: symbolic and hard links out of the workspace, planted before the call, swapped in between the pipeline's decision and the body, and raced against many calls.
import { linkSync, mkdirSync, readdirSync, renameSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnySyscall } from '../../src/syscalls/define-syscall.js';
import { fsRead } from '../../src/syscalls/fs/fs-read.js';
import { fsWrite } from '../../src/syscalls/fs/fs-write.js';
import {
  createRig,
  expectDeniedAndUntouched,
  expectOutsideUntouched,
  onlyCall,
  OUTSIDE_SECRET,
  outcomeEntry,
  plant,
  readWorkspace,
  type Rig,
} from './helpers.js';

const EVERYTHING = [{ resource: 'fs:**', rights: 'read,write,delete' }] as const;

/** Plants `link.txt` → outside secret, `linkdir` → outside dir, `hard.txt` = outside secret. */
function plantLinks(rig: Rig): void {
  plant(rig, { 'inside.txt': 'inside' });
  symlinkSync(join(rig.outside, 'secret.txt'), join(rig.workspace, 'link.txt'));
  symlinkSync(rig.outside, join(rig.workspace, 'linkdir'));
  linkSync(join(rig.outside, 'secret.txt'), join(rig.workspace, 'hard.txt'));
}

async function attack(
  rig: Rig,
  calls: readonly (readonly [string, unknown])[],
  options: { chdir?: string } = {},
): Promise<void> {
  rig.script('attacker', async (ctx) => {
    if (options.chdir !== undefined) await rig.call(ctx, 'process.chdir', { path: options.chdir });
    for (const [name, input] of calls) await rig.call(ctx, name, input);
  });
  await rig.spawn('attacker', { grants: EVERYTHING });
  await rig.run();
}

describe('links planted before the call', () => {
  it.each([
    ['fs.read', { path: 'link.txt' }],
    ['fs.write', { path: 'link.txt', content: 'pwned' }],
    ['fs.write', { path: 'link.txt', content: 'pwned', mode: 'append' }],
    ['fs.read', { path: 'linkdir/secret.txt' }],
    ['fs.write', { path: 'linkdir/new.txt', content: 'pwned' }],
    ['fs.list', { path: 'linkdir' }],
    ['fs.stat', { path: 'linkdir/secret.txt' }],
    ['fs.mkdir', { path: 'linkdir/made', recursive: true }],
    ['fs.delete', { path: 'linkdir/secret.txt' }],
    ['fs.move', { from: 'linkdir/secret.txt', to: 'stolen.txt' }],
    ['fs.move', { from: 'inside.txt', to: 'linkdir/dropped.txt' }],
    ['fs.read', { path: 'hard.txt' }],
    ['fs.write', { path: 'hard.txt', content: 'pwned' }],
    ['fs.write', { path: 'hard.txt', content: 'pwned', mode: 'append' }],
  ] as const)('refuses %s %j through a link to outside', async (name, input) => {
    await using rig = await createRig();
    plantLinks(rig);
    await attack(rig, [[name, input]]);
    await expectDeniedAndUntouched(rig, onlyCall(rig, name), {
      untouched: () => {
        expectOutsideUntouched(rig);
        expect(readWorkspace(rig, 'inside.txt')).toBe('inside');
        expect(readWorkspace(rig, 'stolen.txt')).toBeNull();
      },
    });
  });

  it('refuses a read relative to a cwd that is a link to outside', async () => {
    await using rig = await createRig();
    plantLinks(rig);
    await attack(rig, [['fs.read', { path: 'secret.txt' }]], { chdir: 'linkdir' });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read'));
  });
});

/**
 * `spec` with `hook` run after the pipeline decided and wrote its intent, just before the body;
 * the hook gets the workspace and the outside directory next to it.
 */
function afterDecision(
  spec: AnySyscall,
  hook: (at: { workspace: string; outside: string }) => void,
): AnySyscall {
  return {
    ...spec,
    run: async (input: unknown, ctx: Parameters<AnySyscall['run']>[1]) => {
      hook({ workspace: ctx.workspace.path, outside: join(ctx.workspace.path, '..', 'outside') });
      return spec.run(input, ctx);
    },
  };
}

describe('links swapped in between the decision and the body', () => {
  it('refuses a write whose directory became a link to outside after it was authorised', async () => {
    await using rig = await createRig({
      syscalls: [
        afterDecision(fsWrite, ({ workspace, outside }) => {
          renameSync(join(workspace, 'dir'), join(workspace, 'dir.moved'));
          symlinkSync(outside, join(workspace, 'dir'));
        }),
      ],
    });
    plant(rig, { 'dir/a.txt': 'inside' });
    await attack(rig, [['fs.write', { path: 'dir/secret.txt', content: 'pwned' }]]);
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.write'), {
      untouched: () => {
        expectOutsideUntouched(rig);
      },
    });
  });

  it('refuses a read whose directory became a link to outside after it was authorised', async () => {
    await using rig = await createRig({
      syscalls: [
        afterDecision(fsRead, ({ workspace, outside }) => {
          renameSync(join(workspace, 'dir'), join(workspace, 'dir.moved'));
          symlinkSync(outside, join(workspace, 'dir'));
        }),
      ],
    });
    plant(rig, { 'dir/secret.txt': 'inside decoy' });
    await attack(rig, [['fs.read', { path: 'dir/secret.txt' }]]);
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read'));
  });

  it('refuses a read whose file became a link to outside after it was authorised', async () => {
    await using rig = await createRig({
      syscalls: [
        afterDecision(fsRead, ({ workspace, outside }) => {
          unlinkSync(join(workspace, 'notes.txt'));
          symlinkSync(join(outside, 'secret.txt'), join(workspace, 'notes.txt'));
        }),
      ],
    });
    plant(rig, { 'notes.txt': 'notes' });
    await attack(rig, [['fs.read', { path: 'notes.txt' }]]);
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read'));
  });

  it('refuses a write whose file became a hard link to outside after it was authorised', async () => {
    await using rig = await createRig({
      syscalls: [
        afterDecision(fsWrite, ({ workspace, outside }) => {
          unlinkSync(join(workspace, 'notes.txt'));
          linkSync(join(outside, 'secret.txt'), join(workspace, 'notes.txt'));
        }),
      ],
    });
    plant(rig, { 'notes.txt': 'notes' });
    await attack(rig, [['fs.write', { path: 'notes.txt', content: 'pwned', mode: 'append' }]]);
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.write'), {
      untouched: () => {
        expectOutsideUntouched(rig);
      },
    });
  });
});

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Flips `flip` between a real directory and a link to outside every few turns of the event loop
 * until stopped, so the calls racing it see every state: directory, missing, link.
 */
function startFlipping(rig: Rig): { stop: () => Promise<number> } {
  const flip = join(rig.workspace, 'flip');
  const parked = join(rig.workspace, 'flip.real');
  const state = { running: true };
  let flips = 0;
  const loop = (async () => {
    while (state.running) {
      // Hold each state for 1 to 7 turns so that calls of every length meet every state.
      const turns = (flips % 7) + 1;
      renameSync(flip, parked);
      symlinkSync(rig.outside, flip);
      for (let i = 0; i < turns; i++) await nextTurn();
      unlinkSync(flip);
      renameSync(parked, flip);
      flips += 1;
      for (let i = 0; i < turns; i++) await nextTurn();
    }
  })();
  return {
    stop: async () => {
      state.running = false;
      await loop;
      return flips;
    },
  };
}

const RACE_CALLS = 60;

describe('calls racing a directory that flips to a link', () => {
  it('never writes outside, and journals every refusal as denied', async () => {
    await using rig = await createRig();
    mkdirSync(join(rig.workspace, 'flip'));
    rig.script('racer', async (ctx) => {
      for (let i = 0; i < RACE_CALLS; i++)
        await rig.call(ctx, 'fs.write', { path: `flip/f-${i}.txt`, content: 'x' });
    });
    await rig.spawn('racer', { grants: EVERYTHING });
    const flipper = startFlipping(rig);
    try {
      await rig.run();
    } finally {
      expect(await flipper.stop()).toBeGreaterThan(0);
    }
    expectOutsideUntouched(rig);
    const calls = rig.callsOf('fs.write');
    expect(calls).toHaveLength(RACE_CALLS);
    const written = new Set(readdirSync(join(rig.workspace, 'flip')));
    for (const call of calls) {
      const entry = await outcomeEntry(rig, call);
      if (call.outcome.kind === 'value') {
        expect(written.has((call.input as { path: string }).path.slice('flip/'.length))).toBe(true);
        expect(entry?.type).toBe('syscall.completed');
        continue;
      }
      expect(call.outcome.kind).toBe('error');
      if (call.outcome.kind !== 'error') continue;
      // Missing (mid-flip) or moved during the commit are honest failures; a link is a denial.
      expect(['NOT_PERMITTED', 'NOT_FOUND', 'INTERNAL']).toContain(call.outcome.error.code);
      if (call.outcome.error.code === 'NOT_PERMITTED') {
        await expectDeniedAndUntouched(rig, call);
      }
    }
  });

  it('never returns the outside secret to a reader', async () => {
    await using rig = await createRig();
    plant(rig, { 'flip/secret.txt': 'inside decoy' });
    rig.script('racer', async (ctx) => {
      for (let i = 0; i < RACE_CALLS; i++)
        await rig.call(ctx, 'fs.read', { path: 'flip/secret.txt' });
    });
    await rig.spawn('racer', { grants: EVERYTHING });
    const flipper = startFlipping(rig);
    try {
      await rig.run();
    } finally {
      await flipper.stop();
    }
    const calls = rig.callsOf('fs.read');
    expect(calls).toHaveLength(RACE_CALLS);
    for (const call of calls) {
      expect(JSON.stringify(call.outcome)).not.toContain(OUTSIDE_SECRET);
      if (call.outcome.kind === 'value')
        expect(call.outcome.value).toMatchObject({ content: 'inside decoy' });
      else if (call.outcome.kind === 'error' && call.outcome.error.code === 'NOT_PERMITTED')
        await expectDeniedAndUntouched(rig, call);
    }
  });
});
