// Crash safety of the durable kernel: a real child process running a workload of a few hundred
// processes (messaging, sleeping on durable timers, spawning, forking and waiting on children) is
// SIGKILLed at a seeded random moment. The store it leaves must verify, hold only legal states that
// agree with the journal, never show a second live lease, and, reopened, expire the dead leases
// and carry the workload through to its end. `bench/crash-trials.ts` runs the same trials at scale.
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kill, runTrial } from './harness.js';

const TRIALS = 20;
/** Trials running at once: each has a child workload or a reopened store busy on a core. */
const PARALLEL = 2;
/** Root trees per workload: about 230 processes. */
const ROOTS = 4;

/** Every fifth trial kills the workload twice: the second run starts from a recovered store. */
const trials = Array.from({ length: TRIALS }, (_, i) => ({
  seed: 1_000 + i,
  crashes: i % 5 === 4 ? 2 : 1,
}));

const slots = createSlots(PARALLEL);

describe.concurrent('a store whose writer is SIGKILLed mid-workload', () => {
  it.for(trials)(
    'verifies, holds legal states that match the journal with one lease per process, and finishes the workload after reopening (seed $seed, $crashes kill(s))',
    { timeout: 300_000 },
    async ({ seed, crashes }, { onTestFinished }) => {
      const children = new Set<ChildProcess>();
      onTestFinished(async () => {
        await Promise.all([...children].map((child) => kill(child)));
      });
      const result = await slots.run(() => runTrial({ seed, crashes, roots: ROOTS, children }));
      expect(result.problems, JSON.stringify(result.crashes)).toEqual([]);
      expect(result.crashes).toHaveLength(crashes);
      // The kill landed in the middle of the work, and the work then went on to the end.
      for (const crash of result.crashes) expect(crash.processes).toBeGreaterThan(0);
      expect(result.finalEntries).toBeGreaterThan(result.crashes.at(-1)!.entries);
    },
  );
});

/** Runs at most `size` tasks at once, the rest in arrival order. */
function createSlots(size: number): { run<T>(task: () => Promise<T>): Promise<T> } {
  let active = 0;
  const queue: (() => void)[] = [];
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active >= size) await new Promise<void>((resolve) => queue.push(resolve));
      else active += 1;
      try {
        return await task();
      } finally {
        const next = queue.shift();
        if (next === undefined) active -= 1;
        else next();
      }
    },
  };
}
