// The demo's scripted quantum body: an orchestrator, a researcher and a writer, step by step.
import { delay } from '../../base/abort.js';
import { isLibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { SpawnInput } from '../../runtime/commands/spawn.js';
import type { QuantumBody, QuantumContext } from '../../runtime/quantum-context.js';

/** How the operator starts the demo: the root of the tree. */
export const DEMO_ROOT: SpawnInput = {
  imageId: 'demo-orchestrator',
  goal: 'Write a short report on durable agent runtimes',
  name: 'orchestrator',
};

/** The orchestrator's durable nap; the writer drafts meanwhile, then gets interrupted. */
const ORCHESTRATOR_NAP_MS = 50;
/** The researcher's simulated lookup, as a durable sleep. */
const RESEARCH_MS = 20;
/** One step of the writer's long-running work (a stand-in for a slow model call). */
const WRITER_STEP_MS = 5;
/** The writer finishes on its own after this many steps if nobody interrupts it. */
const WRITER_MAX_STEPS = 200;

interface OrchestratorMemory {
  readonly writer: Pid;
  /** Children not yet seen ending. */
  pending: Pid[];
  hasCheckedIn: boolean;
}

interface DemoMemory {
  readonly orchestrators: Map<Pid, OrchestratorMemory>;
  readonly researching: Set<Pid>;
  readonly writerSteps: Map<Pid, number>;
}

/**
 * The body of every demo process, chosen by process name. Each quantum does one step and either
 * blocks (sleep, receive, wait), yields, or exits; what a process has done so far is kept per pid
 * in this body's own closure, so two demos never share anything.
 */
export function createDemoBody(): QuantumBody {
  const memory: DemoMemory = {
    orchestrators: new Map(),
    researching: new Set(),
    writerSteps: new Map(),
  };
  return async (ctx) => {
    switch (ctx.process.name ?? '') {
      case 'orchestrator':
        return orchestrate(ctx, memory);
      case 'researcher':
        return research(ctx, memory);
      case 'writer':
        return write(ctx, memory);
      default:
        return ctx.exit(null);
    }
  };
}

async function orchestrate(ctx: QuantumContext, memory: DemoMemory): Promise<void> {
  const mine = memory.orchestrators.get(ctx.pid);
  if (mine === undefined) {
    const researcher = await ctx.spawn({
      imageId: 'demo-researcher',
      goal: 'Find three sources on durable agent runtimes',
      name: 'researcher',
    });
    const writer = await ctx.fork({ name: 'writer', goal: 'Draft the introduction of the report' });
    memory.orchestrators.set(ctx.pid, {
      writer: writer.pid,
      pending: [researcher.pid, writer.pid],
      hasCheckedIn: false,
    });
    await ctx.send(researcher.pid, { task: 'find sources', topic: 'durable agent runtimes' });
    await ctx.send(writer.pid, { task: 'draft the introduction' });
    await ctx.sleep(ORCHESTRATOR_NAP_MS);
    return;
  }
  if (!mine.hasCheckedIn) {
    mine.hasCheckedIn = true;
    // The nap is over: the writer has had its time, so cut the draft short.
    const writerEnded = await ctx.wait([mine.writer], { wait: false });
    if (!writerEnded.blocked && writerEnded.value.length === 0) await interrupt(ctx, mine.writer);
  }
  while (mine.pending.length > 0) {
    const ended = await ctx.wait(mine.pending);
    if (ended.blocked) return;
    const done = new Set(ended.value.map((outcome) => outcome.pid));
    mine.pending = mine.pending.filter((pid) => !done.has(pid));
  }
  const inbox = await ctx.receive({ wait: false });
  const reports = inbox.blocked ? 0 : inbox.value.length;
  await ctx.exit({ report: 'durable agent runtimes', sources: 3, reportsRead: reports });
}

async function interrupt(ctx: QuantumContext, child: Pid): Promise<void> {
  try {
    await ctx.signalChild(child, 'interrupt');
  } catch (error) {
    // The writer finished on its own in the meantime: nothing left to interrupt.
    if (!isLibosError(error, 'ILLEGAL_TRANSITION')) throw error;
  }
}

async function research(ctx: QuantumContext, memory: DemoMemory): Promise<void> {
  const parent = ctx.process.parentPid;
  if (!memory.researching.has(ctx.pid)) {
    const inbox = await ctx.receive({ wait: true });
    if (inbox.blocked) return;
    memory.researching.add(ctx.pid);
    await ctx.sleep(RESEARCH_MS);
    return;
  }
  const sources = ['Temporal durable execution', 'Erlang/OTP supervisors', 'Unix process model'];
  if (parent !== null) await ctx.send(parent, { sources });
  await ctx.exit({ sources: sources.length });
}

async function write(ctx: QuantumContext, memory: DemoMemory): Promise<void> {
  if (ctx.interrupts.length > 0) {
    await finishDraft(ctx, { isCutShort: true });
    return;
  }
  let steps = memory.writerSteps.get(ctx.pid);
  if (steps === undefined) {
    const inbox = await ctx.receive({ wait: true });
    if (inbox.blocked) return;
    steps = 0;
    memory.writerSteps.set(ctx.pid, steps);
  }
  try {
    await delay(WRITER_STEP_MS, { signal: ctx.signal });
  } catch (error) {
    // Interrupted mid-step: end the quantum; the interrupt is delivered at the next one.
    if (ctx.signal.aborted) return;
    throw error;
  }
  memory.writerSteps.set(ctx.pid, steps + 1);
  if (steps + 1 >= WRITER_MAX_STEPS) await finishDraft(ctx, { isCutShort: false });
}

async function finishDraft(ctx: QuantumContext, options: { isCutShort: boolean }): Promise<void> {
  const draft = options.isCutShort ? 'introduction (cut short)' : 'introduction';
  const parent = ctx.process.parentPid;
  if (parent !== null) await ctx.send(parent, { draft });
  await ctx.exit({ draft });
}
