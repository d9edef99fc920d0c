// Conformance cases for call identity: stored call outcomes, and requests found by call and purpose.
import { describe, expect, it } from 'vitest';
import type { HumanRequest, RequestBody, RequestId } from '../../kernel/approval/types.js';
import type { Store } from '../../ports/store.js';
import { expectCode } from './expect-code.js';
import { pidOf } from './fixtures.js';

function request(n: number, body: RequestBody, callHash: string): HumanRequest {
  return {
    id: `apr_${String(n).padStart(8, '0')}` as RequestId,
    pid: pidOf(1),
    channel: 'owner',
    body,
    state: { kind: 'pending' },
    deadline: null,
    callHash,
    consumed: false,
    createdAt: n,
    version: 1,
  };
}

/** Defines the call-identity cases against the store `store()` returns. */
export function describeCallCases(store: () => Store): void {
  describe('call outcomes', () => {
    it('stores an outcome once per call key and reads it back exactly', async () => {
      const outcome = { key: 'k1', pid: pidOf(1), value: { pid: 'proc_2', n: [1, null] }, at: 5 };
      await store().transact((tx) => tx.putCallOutcome(outcome));
      expect(await store().read((r) => r.getCallOutcome('k1'))).toStrictEqual(outcome.value);
      expect(await store().read((r) => r.getCallOutcome('k2'))).toBeUndefined();
      await expectCode(
        store().transact((tx) => tx.putCallOutcome({ ...outcome, value: 'other' })),
        'ALREADY_EXISTS',
      );
      expect(await store().read((r) => r.getCallOutcome('k1'))).toStrictEqual(outcome.value);
    });

    it('stores a null outcome (a change with no value) as present', async () => {
      await store().transact((tx) =>
        tx.putCallOutcome({ key: 'k', pid: pidOf(1), value: null, at: 1 }),
      );
      expect(await store().read((r) => r.getCallOutcome('k'))).toBeNull();
    });

    it('forgets the outcomes of one process only', async () => {
      await store().transact(async (tx) => {
        await tx.putCallOutcome({ key: 'a', pid: pidOf(1), value: 1, at: 1 });
        await tx.putCallOutcome({ key: 'b', pid: pidOf(2), value: 2, at: 1 });
        await tx.deleteCallOutcomes(pidOf(1));
      });
      expect(await store().read((r) => r.getCallOutcome('a'))).toBeUndefined();
      expect(await store().read((r) => r.getCallOutcome('b'))).toBe(2);
    });

    it('rolls an outcome back with the transaction that failed', async () => {
      await expectCode(
        store().transact(async (tx) => {
          await tx.putCallOutcome({ key: 'x', pid: pidOf(1), value: 1, at: 1 });
          await tx.putCallOutcome({ key: 'x', pid: pidOf(1), value: 2, at: 1 });
        }),
        'ALREADY_EXISTS',
      );
      expect(await store().read((r) => r.getCallOutcome('x'))).toBeUndefined();
    });
  });

  describe('requests by call', () => {
    it('finds a request by call hash only under its own purpose', async () => {
      const gate = request(
        1,
        {
          kind: 'permission',
          resource: 'human:owner',
          rights: ['ask'],
          reason: 'gate',
          syscall: 'human.ask',
          callHash: 'h',
          grant: false,
        },
        'h',
      );
      const question = request(2, { kind: 'question', question: 'why?' }, 'h');
      await store().transact(async (tx) => {
        await tx.insertRequest(gate);
        await tx.insertRequest(question);
      });
      expect(await store().read((r) => r.findRequestByCall(pidOf(1), 'h', 'gate'))).toStrictEqual(
        gate,
      );
      expect(await store().read((r) => r.findRequestByCall(pidOf(1), 'h', 'answer'))).toStrictEqual(
        question,
      );
      expect(await store().read((r) => r.findRequestByCall(pidOf(2), 'h', 'answer'))).toBe(
        undefined,
      );
    });
  });
}
