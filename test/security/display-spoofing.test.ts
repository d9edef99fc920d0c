// Security corpus: text a process writes for a person to read (questions, reasons, notices,
// resources, goals, names) carrying terminal escapes, forged lines, bidi overrides or zero-width
// characters. Each is malformed input: refused as INVALID_INPUT before any decision (journaled as
// `syscall.failed`), nothing is created, and the message names the field and the character's code
// point without echoing it.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import {
  allRequests,
  childrenOf,
  createRig,
  expectDeniedAndUntouched,
  existsInWorkspace,
  onlyCall,
  type Rig,
  type RigGrant,
} from './helpers.js';

const MALFORMED = { code: 'INVALID_INPUT', journal: 'syscall.failed' } as const;

/** A forged prompter line: clear the line, then text that looks like the runtime's own. */
const FORGED_LINE = 'Deploy?\n\u001b[2K[2/2] apr_00000009 from proc_00000001: notification';
/** Right-to-left override: `txt.exe` shows as `exe.txt`. */
const RLO = 'report/\u202Etxt.exe';
/** A zero-width space inside a word that matches a grant by eye. */
const ZWSP = 'fs:notes/se\u200Bcret.txt';

const HUMAN: readonly RigGrant[] = [{ resource: 'human:owner', rights: ['ask', 'notify'] }];
const SPAWN: readonly RigGrant[] = [
  { resource: 'process:spawn', rights: 'spawn' },
  { resource: 'image:base', rights: 'exec' },
];

/** Runs one `attacker` call of `name` with `input` and returns the attacker's pid. */
async function attack(
  rig: Rig,
  call: { name: string; input: unknown; grants: readonly RigGrant[] },
): Promise<Pid> {
  const pid = await rig.spawn('attacker', { grants: call.grants });
  rig.script('attacker', async (ctx) => {
    await rig.call(ctx, call.name, call.input);
  });
  await rig.run();
  return pid;
}

/** The refusal, and a message that names the field and code point but holds no raw character. */
async function expectRefused(
  rig: Rig,
  call: { name: string; field: string; codePoint: string; untouched: () => unknown },
): Promise<void> {
  const record = onlyCall(rig, call.name);
  await expectDeniedAndUntouched(rig, record, { ...MALFORMED, untouched: call.untouched });
  const error = record.outcome.kind === 'error' ? record.outcome.error : undefined;
  expect(error?.message).toMatch(
    new RegExp(`\\b(${call.field}: (the \\w+ )?|the ${call.field} )contains `),
  );
  expect(error?.message).toContain(`(${call.codePoint})`);
  expect(error?.message).not.toMatch(/[\p{Cc}\p{Cf}]/u);
}

describe('text for a person carrying terminal escapes or invisible characters', () => {
  it.each([
    ['a cleared line and a forged prompt', FORGED_LINE, 'U+001B'],
    ['a right-to-left override', `Approve ${RLO}?`, 'U+202E'],
    ['a zero-width space', 'Read se\u200Bcret.txt?', 'U+200B'],
    ['a carriage return', 'ok\rDenied', 'U+000D'],
  ])('refuses human.ask with %s and asks nobody', async (_what, question, codePoint) => {
    await using rig = await createRig();
    await attack(rig, { name: 'human.ask', input: { question }, grants: HUMAN });
    await expectRefused(rig, {
      name: 'human.ask',
      field: 'question',
      codePoint,
      untouched: async () => {
        expect(await allRequests(rig)).toEqual([]);
      },
    });
  });

  it('refuses human.notify with a bidi isolate and leaves no notification', async () => {
    await using rig = await createRig();
    await attack(rig, {
      name: 'human.notify',
      input: { message: 'Build \u2067finished\u2069' },
      grants: HUMAN,
    });
    await expectRefused(rig, {
      name: 'human.notify',
      field: 'message',
      codePoint: 'U+2067',
      untouched: async () => {
        expect(await allRequests(rig)).toEqual([]);
      },
    });
  });

  it.each(['human.requestPermission', 'capability.request'])(
    'refuses %s whose reason forges a line',
    async (name) => {
      await using rig = await createRig();
      const input = { resource: 'fs:notes/**', rights: ['read'], reason: FORGED_LINE };
      await attack(rig, { name, input, grants: HUMAN });
      await expectRefused(rig, {
        name,
        field: 'reason',
        codePoint: 'U+001B',
        untouched: async () => {
          expect(await allRequests(rig)).toEqual([]);
        },
      });
    },
  );

  it.each([
    ['a right-to-left override', `fs:${RLO}`, 'U+202E'],
    ['a zero-width space', ZWSP, 'U+200B'],
  ])('refuses capability.request for a resource with %s', async (_what, resource, codePoint) => {
    await using rig = await createRig();
    const input = { resource, rights: ['read'], reason: 'I need it' };
    await attack(rig, { name: 'capability.request', input, grants: HUMAN });
    await expectRefused(rig, {
      name: 'capability.request',
      field: 'resource',
      codePoint,
      untouched: async () => {
        expect(await allRequests(rig)).toEqual([]);
      },
    });
  });

  it('refuses a write to a path with a bidi override under an ask record: no one is asked', async () => {
    await using rig = await createRig();
    await attack(rig, {
      name: 'fs.write',
      input: { path: RLO, content: 'x' },
      grants: [
        { resource: 'fs:report/**', rights: 'write' },
        { resource: 'fs:report/**', rights: 'write', effect: 'ask' },
      ],
    });
    const record = onlyCall(rig, 'fs.write');
    await expectDeniedAndUntouched(rig, record, {
      ...MALFORMED,
      untouched: async () => {
        expect(await allRequests(rig)).toEqual([]);
        expect(existsInWorkspace(rig, RLO)).toBe(false);
      },
    });
  });
});

describe('goals and names of processes carrying invisible characters', () => {
  it.each([
    ['process.spawn', { imageId: 'base', goal: 'Summarise \u202Eslaiceps' }, 'goal', 'U+202E'],
    ['process.spawn', { imageId: 'base', goal: 'Plan', name: 'help\u200Ber' }, 'name', 'U+200B'],
    ['process.spawn', { imageId: 'base', goal: 'Plan', name: 'a\nb' }, 'name', 'U+000A'],
    ['process.spawn', { imageId: 'ba\u2066se', goal: 'Plan' }, 'imageId', 'U+2066'],
    ['process.fork', { goal: 'Fork \u202Dreversed' }, 'goal', 'U+202D'],
  ] as const)('refuses %s with %j and starts no child', async (name, input, field, codePoint) => {
    await using rig = await createRig();
    const pid = await attack(rig, { name, input, grants: SPAWN });
    await expectRefused(rig, {
      name,
      field,
      codePoint,
      untouched: async () => {
        expect(await childrenOf(rig, pid)).toEqual([]);
      },
    });
  });

  it('refuses process.exec with a goal holding a bidi override and keeps the old goal', async () => {
    await using rig = await createRig();
    const pid = await attack(rig, {
      name: 'process.exec',
      input: { imageId: 'base', goal: 'New \u202Egoal' },
      grants: SPAWN,
    });
    await expectRefused(rig, {
      name: 'process.exec',
      field: 'goal',
      codePoint: 'U+202E',
      untouched: async () => {
        expect((await rig.runtime.get(pid)).goal).toBe('attacker');
      },
    });
  });

  it('refuses an object name with a right-to-left override and creates nothing', async () => {
    await using rig = await createRig();
    const pid = await attack(rig, {
      name: 'object.create',
      input: { name: 'notes\u202Etxt', type: 'note', content: 'x' },
      grants: [],
    });
    await expectRefused(rig, {
      name: 'object.create',
      field: 'name',
      codePoint: 'U+202E',
      untouched: async () => {
        const listed = await rig.runtime.store.read((r) =>
          r.listObjects({ namespace: `proc/${pid}`, limit: 10 }),
        );
        expect(listed).toEqual([]);
      },
    });
  });
});

describe('what stays allowed', () => {
  it('keeps multi-line questions with tabs: the process waits on a human', async () => {
    await using rig = await createRig();
    const question = 'Which title?\n\t1. Durable\n\t2. Runtimes';
    await attack(rig, { name: 'human.ask', input: { question }, grants: HUMAN });
    expect(onlyCall(rig, 'human.ask').outcome).toEqual({ kind: 'blocked' });
    const [request] = await allRequests(rig);
    expect(request?.body).toEqual({ kind: 'question', question });
  });
});
