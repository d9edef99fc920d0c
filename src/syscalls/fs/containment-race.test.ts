// Attack tests for check-then-use races: the disk changes after resources() resolved the path and before (or while) the body runs.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLibosError } from '../../base/errors.js';
import type { SyscallSpec } from '../define-syscall.js';
import { fsDelete } from './fs-delete.js';
import { fsList } from './fs-list.js';
import { fsMkdir } from './fs-mkdir.js';
import { fsMove } from './fs-move.js';
import { fsRead } from './fs-read.js';
import { fsStat } from './fs-stat.js';
import { fsWrite } from './fs-write.js';
import {
  createFsSandbox,
  failureOf,
  leaksHostPath,
  prepareFsSyscall,
  type FsSandbox,
} from './fs-test-kit.js';

let sandbox: FsSandbox;
beforeEach(() => {
  sandbox = createFsSandbox();
  writeFileSync(join(sandbox.outside, 'secret'), 'outside secret');
  mkdirSync(inWs('d'));
  writeFileSync(inWs('d/secret'), 'inside secret');
  writeFileSync(inWs('f'), 'inside');
});
afterEach(async () => {
  await sandbox.dispose();
});

const inWs = (path: string): string => join(sandbox.workspace, path);

function outsideUntouched(): void {
  expect(readdirSync(sandbox.outside)).toEqual(['secret']);
  expect(readFileSync(join(sandbox.outside, 'secret'), 'utf8')).toBe('outside secret');
}

/** Resolves resources now, lets `change` alter the disk, then runs the body. */
async function raceRefused<I, O>(
  spec: SyscallSpec<I, O>,
  raw: unknown,
  change: () => void,
): Promise<string> {
  const prepared = prepareFsSyscall(spec, raw, { sandbox });
  change();
  const error = await failureOf(prepared.run(prepared.input));
  expect(leaksHostPath(error, sandbox)).toBe(false);
  outsideUntouched();
  return error.code;
}

const swapDirForOutsideLink = (): void => {
  renameSync(inWs('d'), inWs('d.orig'));
  symlinkSync(sandbox.outside, inWs('d'));
};

describe('a directory swapped for a symbolic link after resolution', () => {
  it.each([
    ['fs.read', fsRead, { path: 'd/secret' }],
    ['fs.write overwrite', fsWrite, { path: 'd/secret', content: 'pwned' }],
    ['fs.write new file', fsWrite, { path: 'd/new', content: 'pwned' }],
    ['fs.write create', fsWrite, { path: 'd/new', content: 'pwned', mode: 'create' }],
    ['fs.write append', fsWrite, { path: 'd/secret', content: 'pwned', mode: 'append' }],
    ['fs.list', fsList, { path: 'd' }],
    ['fs.stat', fsStat, { path: 'd/secret' }],
    ['fs.mkdir', fsMkdir, { path: 'd/sub' }],
    ['fs.mkdir recursive', fsMkdir, { path: 'd/sub/deeper', recursive: true }],
    ['fs.delete', fsDelete, { path: 'd/secret' }],
    ['fs.move from', fsMove, { from: 'd/secret', to: 'stolen' }],
    ['fs.move to', fsMove, { from: 'f', to: 'd/planted' }],
  ] as const)('%s is refused with NOT_PERMITTED', async (_name, spec, raw) => {
    expect(
      await raceRefused(spec as SyscallSpec<unknown, unknown>, raw, swapDirForOutsideLink),
    ).toBe('NOT_PERMITTED');
    expect(existsSync(inWs('stolen'))).toBe(false);
    expect(readFileSync(inWs('d.orig/secret'), 'utf8')).toBe('inside secret');
  });

  it('is refused even when the link points back inside the workspace', async () => {
    mkdirSync(inWs('other'));
    const code = await raceRefused(fsWrite, { path: 'd/x', content: 'x' }, () => {
      renameSync(inWs('d'), inWs('d.orig'));
      symlinkSync('other', inWs('d'));
    });
    expect(code).toBe('NOT_PERMITTED');
    expect(readdirSync(inWs('other'))).toEqual([]);
  });
});

describe('a write target replaced by a symbolic link after resolution', () => {
  it.each(['overwrite', 'append', 'create'] as const)(
    'does not write through it (mode %s)',
    async (mode) => {
      const code = await raceRefused(fsWrite, { path: 'target', content: 'pwned', mode }, () => {
        symlinkSync(join(sandbox.outside, 'secret'), inWs('target'));
      });
      expect(code).toBe(mode === 'create' ? 'ALREADY_EXISTS' : 'NOT_PERMITTED');
      expect(lstatSync(inWs('target')).isSymbolicLink()).toBe(true);
    },
  );

  it.each(['overwrite', 'append', 'create'] as const)(
    'does not create the target of a dangling link (mode %s)',
    async (mode) => {
      await raceRefused(fsWrite, { path: 'target', content: 'pwned', mode }, () => {
        symlinkSync(join(sandbox.outside, 'planted'), inWs('target'));
      });
      expect(existsSync(join(sandbox.outside, 'planted'))).toBe(false);
    },
  );

  it('does not create a directory through a link that appeared', async () => {
    for (const recursive of [false, true]) {
      await raceRefused(fsMkdir, { path: 'newdir', recursive }, () => {
        symlinkSync(sandbox.outside, inWs('newdir'));
      });
      expect(readdirSync(sandbox.outside)).toEqual(['secret']);
      renameSync(inWs('newdir'), inWs(`gone-${String(recursive)}`));
    }
  });
});

describe('a directory flipping between real and a link while writes run', () => {
  it('never lets a write land outside or a read see outside, whatever the interleaving', async () => {
    symlinkSync(sandbox.outside, inWs('d-link'));
    let flips = 0;
    const state = { running: true };
    const ticks = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i += 1) await new Promise((resolve) => setImmediate(resolve));
    };
    const flipper = (async () => {
      while (state.running) {
        // d ⇄ link to outside, through two renames each way; d is briefly missing. Each state
        // lasts a varying number of event-loop turns so that writes meet every phase.
        renameSync(inWs('d'), inWs('d.real'));
        renameSync(inWs('d-link'), inWs('d'));
        await ticks(1 + (flips % 5));
        renameSync(inWs('d'), inWs('d-link'));
        renameSync(inWs('d.real'), inWs('d'));
        await ticks(1 + (flips % 7) * 3);
        flips += 1;
      }
    })();
    const codes = new Set<string>();
    const contents = new Set<string>();
    const attempt = async (work: () => Promise<void>): Promise<void> => {
      try {
        await work();
        codes.add('ok');
      } catch (error) {
        if (!isLibosError(error)) throw error;
        // INTERNAL only for the detected "directory moved during the commit" case.
        codes.add(
          error.code === 'INTERNAL' && /moved while/.test(error.message) ? 'MOVED' : error.code,
        );
      }
    };
    for (let i = 0; i < 200; i += 1) {
      const write = prepareFsSyscall(fsWrite, { path: `d/new-${i}`, content: 'x' }, { sandbox });
      const read = prepareFsSyscall(fsRead, { path: 'd/secret' }, { sandbox });
      await attempt(async () => {
        await write.run(write.input);
      });
      await attempt(async () => {
        contents.add((await read.run(read.input)).content);
      });
    }
    state.running = false;
    await flipper;
    expect(flips).toBeGreaterThan(0);
    const expected = ['ok', 'NOT_PERMITTED', 'NOT_FOUND', 'MOVED'];
    expect([...codes].filter((code) => !expected.includes(code))).toEqual([]);
    expect([...contents].filter((content) => content !== 'inside secret')).toEqual([]);
    outsideUntouched();
  });
});
