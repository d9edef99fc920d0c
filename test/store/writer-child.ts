// Child process for the single-writer test: opens the store at argv[2] for writing, journals one
// entry, prints "ready" and then holds the store open until it is killed.
import { createSystemClock } from '../../src/base/clock.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: writer-child.ts <db path>');
const store = await openSqliteStore({ path, clock: createSystemClock(), stream: 'child' });
await store.transact((tx) =>
  tx.appendJournal([
    { type: 'child.started', pid: null, actor: 'runtime', data: { pid: process.pid } },
  ]),
);
process.stdout.write('ready\n');
// Hold the store open (and locked) until killed; should the parent die first, stdin closes and
// the child goes too, so it can never be left behind holding the lock. The closure must name the
// store: a module binding no function uses may be collected once the module has run, and a
// collected connection closes, dropping the lock while the child still runs.
process.stdin.on('close', () => {
  void store.close().finally(() => process.exit(0));
});
process.stdin.resume();
