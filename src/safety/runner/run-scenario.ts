// Runs one scenario under one runner on a fresh runtime and judges it from the runtime's records and the state it left.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createManualClock } from '../../base/clock.js';
import { LibosError } from '../../base/errors.js';
import { createSequentialIdSource } from '../../base/ids.js';
import { createScriptedProvider } from '../../models/scripted/create-scripted-provider.js';
import type { ScriptedModelFile } from '../../models/scripted/scripted-script.js';
import type { ModelProvider } from '../../ports/model-provider.js';
import { createAgentBody } from '../../runtime/agent/agent-body.js';
import { Runtime } from '../../runtime/runtime.js';
import { SAFETY_HOOKS, type SafetyHooks } from '../../runtime/syscall-pipeline.js';
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store.js';
import { safetyHooks, type SafetyRunner } from '../../testing/safety-hooks.js';
import { naiveFsSyscalls } from '../direct/naive-fs-syscalls.js';
import { classifyAttempts } from '../oracle/classify-attempts.js';
import { deriveStateScope } from '../oracle/derive-state-scope.js';
import { judgeRun, type Judgement } from '../oracle/judge-run.js';
import { observeEffects } from '../oracle/observe-effects.js';
import { outcomeOf, type RunOutcome } from '../oracle/outcome-of.js';
import { readEvidence } from '../oracle/read-evidence.js';
import { snapshotState } from '../oracle/snapshot-state.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { substitutePids } from '../scenario/substitute-pids.js';
import { BENCH_IMAGE, BENCH_TOOLS } from '../tools/bench-tools.js';
import { applyApprovals, type ApprovalMemory } from './apply-approvals.js';
import { applySetup } from './apply-setup.js';
import { inRun, writeFixture, type RunDirs } from './write-fixture.js';

/** The outcome of one scenario under one runner. */
export interface ScenarioRun {
  readonly scenario: string;
  readonly attackClass: Scenario['attack_class'];
  readonly runner: SafetyRunner;
  /** Null when the harness itself failed (then `error` says why). */
  readonly judgement: Judgement | null;
  readonly error: string | null;
  /** Success, unsafe (a forbidden effect happened), over-restricted (safe, task failed) or invalid. */
  readonly outcome: RunOutcome;
  /** Valid, safe and successful (outcome `success`). */
  readonly passed: boolean;
  /** Decisions or signals the runtime refused (for reports). */
  readonly refused: readonly string[];
}

const MAX_ROUNDS = 24;
const MAX_QUANTA = 400;

/**
 * Runs `scenario` under `runner` in a fresh directory under `root` (removed afterwards): writes
 * the fixture, sets up processes, objects and grants, snapshots the state, runs the scripted
 * agents, plays the human between runs, reopens the runtime after a simulated crash, snapshots
 * the state again, and judges the evidence and what the two snapshots show.
 */
export async function runScenario(
  scenario: Scenario,
  runner: SafetyRunner,
  options: { readonly root: string },
): Promise<ScenarioRun> {
  const dir = await mkdtemp(join(options.root, `${scenario.id}.${runner}.`));
  const dirs: RunDirs = { dir, workspace: join(dir, 'workspace'), outside: join(dir, 'outside') };
  const base = { scenario: scenario.id, attackClass: scenario.attack_class, runner };
  const refused: string[] = [];
  let runtime: Runtime | undefined;
  try {
    await writeFixture(scenario.workspace, dirs);
    const harness = createHarness(scenario, runner, dirs);
    runtime = await harness.open();
    await runtime.store.transact((tx) =>
      tx.insertImage(BENCH_IMAGE, { by: 'operator', at: harness.clock.now() }),
    );
    const pids = await applySetup(runtime, scenario.setup, { model: scenarioModel(scenario) });
    const before = await snapshotState(runtime, dirs, deriveStateScope(scenario, { pids }));
    harness.start(pids);
    const memory: ApprovalMemory = { uses: new Map(), handled: new Set() };
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      await runtime.run({ signal: harness.segment(), maxQuanta: MAX_QUANTA });
      if (harness.crashed()) {
        await runtime.close();
        runtime = await harness.open();
        continue;
      }
      const answered = await applyApprovals(runtime, scenario.setup.approvals, { runner, memory });
      refused.push(...answered.refused);
      if (!answered.acted) break;
    }
    const evidence = await readEvidence(runtime);
    const names = new Map<string, string>();
    for (const p of evidence.processes)
      if (p.name !== null && !names.has(p.name)) names.set(p.name, p.pid);
    const judged = substitutePids({ effects: scenario.effects, success: scenario.success }, names);
    const scope = deriveStateScope(scenario, { pids: names });
    const after = await snapshotState(runtime, dirs, scope);
    const files = new Map<string, string | null>();
    for (const check of judged.success.files)
      files.set(
        check.path,
        await readFile(inRun(dirs, check.path, { base: dirs.workspace }), 'utf8').catch(() => null),
      );
    const judgement = judgeRun({ ...scenario, ...judged }, classifyAttempts(evidence), {
      processes: evidence.processes,
      files,
      observed: observeEffects(before, after, scope),
    });
    const outcome = outcomeOf(judgement);
    return { ...base, judgement, error: null, outcome, passed: outcome === 'success', refused };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const outcome = 'invalid';
    return { ...base, judgement: null, error: message, outcome, passed: false, refused };
  } finally {
    await runtime?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

interface Harness {
  readonly clock: ReturnType<typeof createManualClock>;
  /** Opens (or reopens, as after a crash) the runtime on the run's database. */
  open(): Promise<Runtime>;
  /** Arms the scripted model and the crash plan once the setup processes exist. */
  start(pids: ReadonlyMap<string, string>): void;
  /** A signal for the next run; a simulated crash aborts it. */
  segment(): AbortSignal;
  /** Whether a crash happened in the last segment (true once). */
  crashed(): boolean;
}

function createHarness(scenario: Scenario, runner: SafetyRunner, dirs: RunDirs): Harness {
  const clock = createManualClock();
  const ids = createSequentialIdSource();
  let model: ModelProvider | undefined;
  let current: Runtime | undefined;
  let pids: ReadonlyMap<string, string> = new Map();
  let controller = new AbortController();
  let crash: 'armed' | 'fired' | 'done' = scenario.crash === undefined ? 'done' : 'armed';
  const afterEffect: SafetyHooks['afterEffect'] = (point) => {
    const plan = scenario.crash;
    if (crash !== 'armed' || plan === undefined) return;
    if (point.stage !== plan.at || point.syscall !== plan.syscall) return;
    if (point.pid !== pids.get(plan.process)) return;
    crash = 'fired';
    controller.abort();
    // CANCELLED ends the tool call without a result, as if the runtime had died right here.
    throw new LibosError('CANCELLED', 'The runtime crashed (simulated)');
  };
  const hooks = safetyHooks(runner, { afterEffect });
  const body = createAgentBody({ defaultModel: scenarioModel(scenario), tools: BENCH_TOOLS });
  const models = (): ModelProvider => {
    if (model === undefined) throw new LibosError('INTERNAL', 'The scenario model is not ready');
    return model;
  };
  return {
    clock,
    async open() {
      current = undefined;
      const store = await openSqliteStore({ path: join(dirs.dir, 'runtime.db'), clock });
      try {
        current = await Runtime.create({
          store,
          clock,
          ids,
          body,
          models,
          workspace: dirs.workspace,
          maxInFlight: 4,
          ...(runner === 'direct' ? { syscalls: naiveFsSyscalls() } : {}),
          [SAFETY_HOOKS]: hooks,
        });
        return current;
      } catch (error) {
        await store.close();
        throw error;
      }
    },
    start(known) {
      pids = known;
      const inner = createScriptedProvider(scenario.model as ScriptedModelFile, {
        id: `scripted:${scenario.id}`,
      });
      // `${pid:<name>}` in a call is filled in when the call is made, so a script may name
      // children its process spawned earlier in the run.
      model = {
        id: inner.id,
        async complete(request) {
          const response = await inner.complete(request);
          const named = new Map<string, string>();
          for (const p of (await current?.list({ limit: 1000 })) ?? [])
            if (p.name !== null && !named.has(p.name)) named.set(p.name, p.pid);
          const toolCalls = response.toolCalls.map((c) => ({
            ...c,
            arguments: substitutePids(c.arguments, named),
          }));
          return { ...response, toolCalls };
        },
      };
    },
    segment() {
      controller = new AbortController();
      return controller.signal;
    },
    crashed() {
      if (crash !== 'fired') return false;
      crash = 'done';
      return true;
    },
  };
}

/** The spec the scenario's processes run on (its inline scripted model). */
function scenarioModel(scenario: Scenario): string {
  return `scripted:${scenario.id}`;
}
