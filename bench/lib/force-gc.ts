// Forces full garbage collections so heap figures measure live objects, not garbage.
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Runs `global.gc` a few times with event-loop turns in between (so finalizers and weak
 * callbacks settle) and returns `heapUsed` afterwards.
 * @throws Error when Node was started without `--expose-gc`.
 */
export async function settledHeapUsed(): Promise<number> {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error('Heap figures need `node --expose-gc` (use npm run bench)');
  for (let i = 0; i < 4; i++) {
    gc();
    await nextTurn();
  }
  return process.memoryUsage().heapUsed;
}
