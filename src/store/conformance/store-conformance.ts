// The Store contract suite: every adapter (SQLite, PostgreSQL) runs these cases through a factory.
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../ports/store.js';
import { describeCallCases } from './call-cases.js';
import { describeCapabilityVersionCases } from './capability-version-cases.js';
import { describeImageCases } from './image-cases.js';
import { describeJournalCases } from './journal-cases.js';
import { describeMessageCases } from './message-cases.js';
import { describeNamespaceCases } from './namespace-cases.js';
import { describeProcessCases } from './process-cases.js';
import { describeSkillCases } from './skill-cases.js';
import { describeTransactionCases } from './transaction-cases.js';
import { describeTaskCases } from './task-cases.js';
import { describeMcpCases } from './mcp-cases.js';
import { describeFlowCases } from './flow-cases.js';
import { describeCheckpointCases } from './checkpoint-cases.js';
import { describeFileChangeCases } from './file-change-cases.js';
import { describeTranscriptCases } from './transcript-cases.js';

/** A fresh, empty, writable store and how to dispose of it (close it and delete its data). */
export interface StoreUnderTest {
  readonly store: Store;
  cleanup(): Promise<void>;
}

/**
 * Defines a vitest `describe` block that checks `Store` semantics against stores made by `factory`:
 * one fresh store per case, cleaned up after it.
 * @example
 * describeStoreConformance('sqlite', async () => {
 *   const dir = await mkdtemp(join(tmpdir(), 'libos-'));
 *   const store = await openSqliteStore({ path: join(dir, 'runtime.db'), clock: createManualClock() });
 *   return { store, cleanup: async () => { await store.close(); await rm(dir, { recursive: true }); } };
 * });
 */
export function describeStoreConformance(
  name: string,
  factory: () => Promise<StoreUnderTest>,
): void {
  describe(`Store conformance: ${name}`, () => {
    let current: StoreUnderTest | undefined;
    const store = (): Store => {
      if (current === undefined) throw new Error('The store under test is not open');
      return current.store;
    };
    beforeEach(async () => {
      current = await factory();
    });
    afterEach(async () => {
      const done = current;
      current = undefined;
      await done?.cleanup();
    });
    describeTransactionCases(store);
    describeProcessCases(store);
    describeMessageCases(store);
    describeJournalCases(store);
    describeCallCases(store);
    describeImageCases(store);
    describeCapabilityVersionCases(store);
    describeNamespaceCases(store);
    describeTranscriptCases(store);
    describeSkillCases(store);
    describeTaskCases(store);
    describeMcpCases(store);
    describeFlowCases(store);
    describeCheckpointCases(store);
    describeFileChangeCases(store);
  });
}
