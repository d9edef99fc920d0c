// Child process for the lock-holder test: takes the writer lock of the store at argv[2] recording
// argv[3] as its owner's pid (a process that has ended), prints "ready" and holds it until killed.
import { hostname } from 'node:os';
import { acquireWriterLock } from '../../src/store/sqlite/acquire-writer-lock.js';

const [path, ownerPid] = process.argv.slice(2);
if (path === undefined || ownerPid === undefined)
  throw new Error('usage: lock-holder-child.ts <db path> <owner pid>');
// The lock now belongs to this process while its record names another: what a lock passed on
// to a process the record does not name looks like.
const lock = acquireWriterLock(path, {
  owner: { pid: Number(ownerPid), since: 1, host: hostname() },
});
process.stdout.write('ready\n');
// The closure names the lock: an unreferenced lock connection may be collected, and closes.
process.stdin.on('close', () => {
  lock.release();
  process.exit(0);
});
process.stdin.resume();
