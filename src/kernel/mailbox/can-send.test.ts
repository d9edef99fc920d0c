// Tests for who may message whom along the process tree.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../base/ids.js';
import type { Actor } from '../process/types.js';
import { canSend } from './can-send.js';

// root ─┬─ child ─── grandchild
//       └─ sibling           unrelated (another root)
const ROOT = 'proc_00000001' as Pid;
const CHILD = 'proc_00000002' as Pid;
const SIBLING = 'proc_00000003' as Pid;
const GRANDCHILD = 'proc_00000004' as Pid;
const UNRELATED = 'proc_00000005' as Pid;

const PARENT: ReadonlyMap<Pid, Pid | null> = new Map([
  [ROOT, null],
  [CHILD, ROOT],
  [SIBLING, ROOT],
  [GRANDCHILD, CHILD],
  [UNRELATED, null],
]);

/** Decides a send from `sender` to `receiver` using the tree above. */
function decide(sender: Actor, receiver: Pid): boolean {
  return canSend(sender, {
    receiverPid: receiver,
    receiverParent: PARENT.get(receiver) ?? null,
    senderParent:
      sender === 'operator' || sender === 'runtime' ? null : (PARENT.get(sender) ?? null),
  });
}

describe('canSend', () => {
  it.each([
    ['a process to itself', CHILD, CHILD],
    ['a root process to itself', ROOT, ROOT],
    ['a parent to its direct child', ROOT, CHILD],
    ['a child to its parent', CHILD, ROOT],
    ['a grandchild to its own parent', GRANDCHILD, CHILD],
  ])('allows %s', (_what, sender, receiver) => {
    expect(decide(sender, receiver)).toBe(true);
  });

  it.each([
    ['a process to its sibling', CHILD, SIBLING],
    ['a grandparent to its grandchild', ROOT, GRANDCHILD],
    ['a grandchild to its grandparent', GRANDCHILD, ROOT],
    ['a process to its nephew', SIBLING, GRANDCHILD],
    ['a process to an unrelated root', CHILD, UNRELATED],
    ['one root to another', ROOT, UNRELATED],
    ['an unrelated root into a tree', UNRELATED, CHILD],
  ])('denies %s', (_what, sender, receiver) => {
    expect(decide(sender, receiver)).toBe(false);
  });

  it.each([...PARENT.keys()])('lets the operator message %s', (receiver) => {
    expect(decide('operator', receiver)).toBe(true);
  });

  it.each([...PARENT.keys()])('lets the runtime message %s', (receiver) => {
    expect(decide('runtime', receiver)).toBe(true);
  });

  it('denies two root processes even though neither has a parent', () => {
    const lineage = { receiverPid: UNRELATED, receiverParent: null, senderParent: null };
    expect(canSend(ROOT, lineage)).toBe(false);
  });
});
