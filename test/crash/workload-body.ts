// The crash workload: a seeded tree of processes that sleep on durable timers, spawn and fork
// children, message parent and children, and wait on children, driven by one quantum body.
//
// Every step is decided from durable state (the quantum count, the children and mailboxes in the
// store), never from memory, so a quantum cut short by SIGKILL is simply picked up again after
// recovery: a half-done spawn step spawns the missing children, a lost greeting is sent again.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { isLibosError } from '../../src/base/errors.js';
import type { Pid } from '../../src/base/ids.js';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import type { Store } from '../../src/ports/store.js';
import type { QuantumBody, QuantumContext } from '../../src/runtime/quantum-context.js';
import type { Runtime } from '../../src/runtime/runtime.js';

/** The size of the process tree and how long its steps take. */
export interface WorkloadShape {
  readonly roots: number;
  /** Depth of the deepest leaves (roots are at depth 0). */
  readonly maxDepth: number;
  /** Children per inner node are drawn from 1..maxFanout. */
  readonly maxFanout: number;
  /** Durable sleeps between spawning and greeting the children, drawn from 0..maxNaps. */
  readonly maxNaps: number;
  /** Each durable sleep lasts 1..maxSleepMs. */
  readonly maxSleepMs: number;
  /** Each quantum first waits 0..maxJitterMs of real time, so many quanta are in flight. */
  readonly maxJitterMs: number;
}

/** About 60 processes per root tree: depth 5, one to three children per inner node. */
export const DEFAULT_SHAPE: WorkloadShape = {
  roots: 6,
  maxDepth: 5,
  maxFanout: 3,
  maxNaps: 3,
  maxSleepMs: 5,
  maxJitterMs: 3,
};

/** Every workload goal starts with this; the rest is the node's path in the tree (`2.0.1`). */
export const GOAL_PREFIX = 'crash-workload:';

/** The image every workload process is spawned with (a built-in: the workload's body runs, not the agent loop's). */
export const WORKLOAD_IMAGE = 'base';

/** What one node of the tree does, fixed by the seed and its path. */
interface Plan {
  readonly fanout: number;
  /** Durable sleeps after spawning, before greeting the children (who wait for it meanwhile). */
  readonly naps: number;
}

/** Options of {@link createWorkloadBody}. */
export interface WorkloadOptions {
  readonly seed: number;
  readonly shape?: WorkloadShape;
  /** The store the body reads children and mailboxes from (the runtime's own). */
  readonly store: () => Store;
}

/** Builds the quantum body of the workload. */
export function createWorkloadBody(options: WorkloadOptions): QuantumBody {
  const shape = options.shape ?? DEFAULT_SHAPE;
  return async (ctx) => {
    const path = pathOf(ctx.process.goal);
    const plan = planFor(options.seed, path, shape);
    const quantum = ctx.process.usage.quanta - 1;
    const pause = (label: string): Promise<void> =>
      jitter(draw(options.seed, `${path}${label}${quantum}`, shape.maxJitterMs + 1), ctx.signal);
    await pause('@');
    const store = options.store();
    const children = await spawnMissing(ctx, { store, plan, path });
    // Naps come after spawning, so the tree unfolds at once and children wait for their greeting.
    // After each blocking call the body still takes a moment to return, as an agent loop doing
    // its bookkeeping would: wake-ups then commit while the quantum is still in flight.
    if (quantum < plan.naps) {
      await ctx.sleep(1 + draw(options.seed, `${path}~${quantum}`, shape.maxSleepMs));
      await pause('!');
      return;
    }
    const live = children.filter((child) => !isEnded(child));
    await greet(ctx, { store, children: live });
    if (children.length > 0)
      await ctx.receive({ filter: { from: children.map((c) => c.pid) }, limit: 64 });
    if (!(await allChildrenEnded(ctx, live))) {
      await pause('!');
      return;
    }
    const parent = ctx.process.parentPid;
    if (parent !== null && !(await wasGreeted(store, { pid: ctx.pid, parent }))) {
      const go = await ctx.receive({ wait: true, filter: { from: [parent] } });
      if (go.blocked) {
        await pause('!');
        return;
      }
      await ctx.send(parent, { done: path });
    }
    await ctx.exit({ path, children: children.length });
  };
}

/** Spawns the workload's root processes (`roots` of them; default the shape's) as the operator. */
export async function spawnRoots(
  runtime: Runtime,
  options: { roots?: number } = {},
): Promise<void> {
  const roots = options.roots ?? DEFAULT_SHAPE.roots;
  for (let i = 0; i < roots; i += 1)
    await runtime.spawn({ imageId: WORKLOAD_IMAGE, goal: `${GOAL_PREFIX}${i}`, name: `root-${i}` });
}

function planFor(seed: number, path: string, shape: WorkloadShape): Plan {
  const depth = path.split('.').length - 1;
  return {
    fanout: depth >= shape.maxDepth ? 0 : 1 + draw(seed, `${path}/fanout`, shape.maxFanout),
    naps: draw(seed, `${path}/naps`, shape.maxNaps + 1),
  };
}

/** The children of this process; spawns (or forks) those of its plan not yet created. */
async function spawnMissing(
  ctx: QuantumContext,
  options: { store: Store; plan: Plan; path: string },
): Promise<AgentProcess[]> {
  const children = await options.store.read((r) =>
    r.listProcesses({ parentPid: ctx.pid, limit: 1_000 }),
  );
  const have = new Set(children.map((c) => c.goal));
  for (let i = 0; i < options.plan.fanout; i += 1) {
    const goal = `${GOAL_PREFIX}${options.path}.${i}`;
    if (have.has(goal)) continue;
    // Forks and spawns alternate, so both journal shapes appear.
    const child =
      i % 2 === 0
        ? await ctx.spawn({ imageId: WORKLOAD_IMAGE, goal })
        : await ctx.fork({ goal, name: `fork-${i}` });
    children.push(child);
  }
  return children;
}

/**
 * Sends `go` to every live child with no greeting waiting in its mailbox. Re-sending after a crash
 * (or when a child has taken its greeting but not yet exited) only adds a harmless duplicate.
 */
async function greet(
  ctx: QuantumContext,
  options: { store: Store; children: readonly AgentProcess[] },
): Promise<void> {
  for (const child of options.children) {
    const waiting = await options.store.read((r) => r.listUndelivered(child.pid, 64));
    if (waiting.some((m) => m.from === ctx.pid)) continue;
    try {
      await ctx.send(child.pid, { go: true });
    } catch (error) {
      // The child ended since the children were listed.
      if (!isLibosError(error, 'ILLEGAL_TRANSITION')) throw error;
    }
  }
}

/**
 * Whether the process already took a greeting from its parent. A message `receive` took is
 * delivered for good even if the quantum then dies before acting on it, so after a crash the
 * journal, not the mailbox, says whether the greeting came.
 */
async function wasGreeted(store: Store, ids: { pid: Pid; parent: Pid }): Promise<boolean> {
  return store.read(async (r) => {
    const query = { pid: ids.pid, limit: 10_000 };
    const fromParent = new Set<unknown>();
    for (const entry of await r.listJournal({ ...query, type: 'message.sent' }))
      if (entry.data['from'] === ids.parent) fromParent.add(entry.data['message']);
    for (const entry of await r.listJournal({ ...query, type: 'message.received' })) {
      const taken: unknown = entry.data['messages'];
      if (Array.isArray(taken) && taken.some((id: unknown) => fromParent.has(id))) return true;
    }
    return false;
  });
}

/** True once every child in `live` has ended; false when the process now waits on them. */
async function allChildrenEnded(
  ctx: QuantumContext,
  live: readonly AgentProcess[],
): Promise<boolean> {
  let pending: Pid[] = live.map((c) => c.pid);
  while (pending.length > 0) {
    const outcome = await ctx.wait(pending);
    if (outcome.blocked) return false;
    const ended = new Set(outcome.value.map((o) => o.pid));
    pending = pending.filter((pid) => !ended.has(pid));
  }
  return true;
}

function isEnded(process: AgentProcess): boolean {
  const kind = process.state.kind;
  return kind === 'exited' || kind === 'failed' || kind === 'killed';
}

function pathOf(goal: string): string {
  if (!goal.startsWith(GOAL_PREFIX)) throw new Error(`not a crash-workload goal: ${goal}`);
  return goal.slice(GOAL_PREFIX.length);
}

/** A deterministic draw in 0..bound-1 from the seed and a label. */
function draw(seed: number, label: string, bound: number): number {
  if (bound <= 1) return 0;
  const digest = createHash('sha256').update(`${seed}|${label}`).digest();
  return digest.readUInt32BE(0) % bound;
}

function jitter(ms: number, signal: AbortSignal): Promise<void> {
  if (ms === 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The workspace of a workload on `dbPath`: a `workspace/` beside the database (created here). */
export function workloadWorkspace(dbPath: string): string {
  const workspace = join(dirname(dbPath), 'workspace');
  mkdirSync(workspace, { recursive: true });
  return workspace;
}
