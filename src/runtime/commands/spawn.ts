// Spawn and fork: create a child process whose budget is carved from its parent's remainder.
import type { Json } from '../../base/canonical-json.js';
import { TRACE_SETTING } from '../telemetry/tracing.js';
import { sha256Hex } from '../../base/hash.js';
import { taintedData } from '../flow/join-into-taint.js';
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import { ZERO_USAGE, type Budget } from '../../kernel/budget/types.js';
import { resolveCwd } from '../../kernel/process/resolve-cwd.js';
import {
  isTerminal,
  type Actor,
  type AgentProcess,
  type BudgetPolicy,
} from '../../kernel/process/types.js';
import type { Right } from '../../kernel/capability/catalog.js';
import type { ResourcePattern } from '../../kernel/capability/resource.js';
import type { CapabilityId } from '../../kernel/capability/types.js';
import {
  delegateInScope,
  grantInScope,
  insertRecord,
  type ParsedRecord,
} from '../authority/capability-ops.js';
import { privateNamespace } from '../../kernel/object/types.js';
import type { RuntimeDeps } from '../deps.js';
import { runCommand, type CommandScope } from './command-scope.js';
import { chargeChild } from './charge-child.js';
import { oncePerCall } from './once-per-call.js';
import { passModelAuthority } from './pass-model-authority.js';
import { chooseModel } from '../authority/choose-model.js';
import { passJitTools } from './pass-jit-tools.js';
import { seedImage } from './seed-image.js';
import { resolveImage } from '../agent/image-registry.js';
import { formatImageRef } from '../../kernel/agent/image-ref.js';
import { grantImageSkills } from '../skills/grant-image-skills.js';

/** A grant the parent passes on: a narrowed delegation of one of its own records. */
export interface ChildGrant {
  /** The caller's record to delegate from; when omitted the runtime picks one that covers it. */
  readonly from?: CapabilityId;
  readonly resource: ResourcePattern;
  readonly rights: readonly Right[];
}

/** What a new process is made of. */
export interface SpawnInput {
  /** Only these pass on; a child starts with no other authority. */
  readonly grants?: readonly ChildGrant[];
  /** `id` (its newest version) or `id@N`; the child is pinned to the version found now. */
  readonly imageId: string;
  /** The version to pin (must agree with an `@N` in `imageId`); default the newest. */
  readonly imageVersion?: number;
  readonly goal: string;
  readonly name?: string;
  readonly cwd?: string;
  readonly budget?: Budget;
  readonly onBudgetExceeded?: BudgetPolicy;
  /** The model the operator chose for it (`provider:model`): set and granted with the spawn. */
  readonly model?: string;
  /**
   * The operator's records for it (checked by `parseRecord`): granted with the spawn, in one
   * step, so it never runs without them.
   */
  readonly records?: readonly ParsedRecord[];
  /** The parent's JIT tools a spawn passes on (a fork passes all of them). */
  readonly jitTools?: readonly string[];
  /** The span context of its `agent.process` span, kept in its settings (`telemetry/`). */
  readonly traceContext?: Json;
  /**
   * Whether a committed image's objects and JIT tools are seeded (default true); a task's
   * continuation carries the previous run's own instead (`tasks/`).
   */
  readonly isSeeded?: boolean;
}

/**
 * Spawns a fresh process (a root when `parentPid` is null) and returns it, pinned to the image
 * version it names or else the newest one at this moment.
 * @throws NOT_FOUND (parent, image), ILLEGAL_TRANSITION (ended parent), BUDGET_EXCEEDED,
 *   INVALID_INPUT (cwd, a malformed image reference)
 */
export function spawnProcess(
  deps: RuntimeDeps,
  input: SpawnInput & { readonly parentPid: Pid | null },
  options: { actor: Actor; fence?: number; call?: string },
): Promise<AgentProcess> {
  return runCommand(deps, { actor: options.actor }, async (scope) => {
    if (options.fence !== undefined && input.parentPid !== null)
      await scope.tx.assertLease(input.parentPid, options.fence);
    return onceAsChild(scope, { parentPid: input.parentPid, call: options.call }, () =>
      createChild(scope, deps, { input, kind: 'spawned' }),
    );
  });
}

/**
 * Spawns a root process inside the caller's command (a task's run): what `spawnProcess` does
 * for a root, with no transaction of its own, so the caller's other writes land with it or not
 * at all.
 * @throws INVALID_INPUT (cwd), NOT_FOUND (an object a record names)
 */
export function spawnRootInScope(
  scope: CommandScope,
  deps: RuntimeDeps,
  input: SpawnInput,
): Promise<AgentProcess> {
  return createChild(scope, deps, { input: { ...input, parentPid: null }, kind: 'spawned' });
}

/** Creates a child at most once per call: a re-issued call gets the child it created. */
async function onceAsChild(
  scope: CommandScope,
  call: { parentPid: Pid | null; call: string | undefined },
  create: () => Promise<AgentProcess>,
): Promise<AgentProcess> {
  if (call.parentPid === null || call.call === undefined) return create();
  const { value } = await oncePerCall(scope, { pid: call.parentPid, key: call.call }, async () =>
    String((await create()).pid),
  );
  return scope.load(value as Pid, 'Spawning a process');
}

/**
 * Forks `parentPid`: the child inherits image (the same pinned version), goal, cwd (the spawn
 * default) and budget policy unless overridden; a fork naming another image gets its newest
 * version unless it names one.
 * @throws as spawnProcess
 */
export function forkProcess(
  deps: RuntimeDeps,
  input: Partial<SpawnInput> & { readonly parentPid: Pid },
  options: { actor: Actor; fence?: number; call?: string },
): Promise<AgentProcess> {
  return runCommand(deps, { actor: options.actor }, async (scope) => {
    if (options.fence !== undefined) await scope.tx.assertLease(input.parentPid, options.fence);
    const parent = await scope.load(input.parentPid, 'Forking a process');
    const image =
      input.imageId === undefined
        ? { imageId: parent.imageId, imageVersion: input.imageVersion ?? parent.imageVersion }
        : {
            imageId: input.imageId,
            ...(input.imageVersion === undefined ? {} : { imageVersion: input.imageVersion }),
          };
    const merged: SpawnInput & { parentPid: Pid } = {
      ...image,
      goal: input.goal ?? parent.goal,
      onBudgetExceeded: input.onBudgetExceeded ?? parent.onBudgetExceeded,
      parentPid: parent.pid,
      ...(input.cwd === undefined ? {} : { cwd: input.cwd }),
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.budget === undefined ? {} : { budget: input.budget }),
      ...(input.grants === undefined ? {} : { grants: input.grants }),
      ...(input.traceContext === undefined ? {} : { traceContext: input.traceContext }),
    };
    return onceAsChild(scope, { parentPid: parent.pid, call: options.call }, () =>
      createChild(scope, deps, { input: merged, kind: 'forked' }),
    );
  });
}

async function createChild(
  scope: CommandScope,
  deps: RuntimeDeps,
  spec: { input: SpawnInput & { readonly parentPid: Pid | null }; kind: 'spawned' | 'forked' },
): Promise<AgentProcess> {
  const { input } = spec;
  const attempted = spec.kind === 'spawned' ? 'Spawning a process' : 'Forking a process';
  let budget: Budget = input.budget ?? {};
  let baseCwd = '.';
  if (input.parentPid !== null) {
    const parent = await scope.load(input.parentPid, attempted);
    if (isTerminal(parent.state)) {
      throw new LibosError(
        'ILLEGAL_TRANSITION',
        `${attempted} failed: the parent has ${parent.state.kind}`,
        {
          details: { pid: parent.pid },
        },
      );
    }
    budget = await chargeChild(scope, parent, { requested: budget, attempted });
    baseCwd = parent.cwd;
  }
  const cwd = resolveCwd(baseCwd, input.cwd ?? '.');
  if (cwd === null) {
    throw new LibosError(
      'INVALID_INPUT',
      `${attempted} failed: cwd must be a relative path inside the workspace`,
      {
        details: { field: 'cwd' },
      },
    );
  }
  const image = await resolveImage(scope.tx, input.imageId, {
    ...(input.imageVersion === undefined ? {} : { version: input.imageVersion }),
    attempted,
  });
  const child: AgentProcess = {
    pid: deps.ids.next('process'),
    parentPid: input.parentPid,
    imageId: image.id,
    imageVersion: image.version,
    goal: input.goal,
    name: input.name ?? null,
    cwd,
    state: { kind: 'runnable' },
    budget,
    usage: ZERO_USAGE,
    onBudgetExceeded: input.onBudgetExceeded ?? 'pause',
    fence: 0,
    pendingInterrupts: 0,
    createdAt: scope.now,
    updatedAt: scope.now,
    version: 1,
  };
  await scope.tx.insertProcess(child);
  if (input.traceContext !== undefined && input.traceContext !== null)
    await scope.tx.putSetting(child.pid, TRACE_SETTING, input.traceContext);
  scope.journal(`process.${spec.kind}`, child.pid, {
    parentPid: child.parentPid,
    imageId: child.imageId,
    imageVersion: child.imageVersion,
    goalSha256: sha256Hex(child.goal),
    name: child.name,
    cwd: child.cwd,
    budget: { ...budget },
  });
  // A child starts holding what its parent held: its goal and input came from the parent, so the
  // parent's taint goes with them (conservative: whether or not the input used it).
  if (input.parentPid !== null) {
    const inherited = await scope.tx.getTaint(input.parentPid);
    if (inherited !== undefined) {
      await scope.tx.putTaint(child.pid, inherited, scope.now);
      scope.journal('flow.tainted', child.pid, {
        ...taintedData(inherited, inherited),
        inheritedFrom: input.parentPid,
      });
    }
  }
  await grantLineage(scope, deps, child);
  await grantImageSkills(scope, deps, {
    pid: child.pid,
    imageRef: formatImageRef({ id: child.imageId, version: child.imageVersion }),
  });
  if (input.parentPid !== null) {
    await passModelAuthority(scope, deps, { parent: input.parentPid, child: child.pid });
    await passJitTools(scope, {
      parent: input.parentPid,
      child: child.pid,
      kind: spec.kind,
      ...(input.jitTools === undefined ? {} : { names: input.jitTools }),
    });
  }
  if (input.isSeeded !== false) await seedImage(scope, deps, { pid: child.pid, image });
  // The operator's choice of model (`spawn({ model })`) lands with the process, in one step.
  if (input.model !== undefined)
    await chooseModel(scope, deps, { pid: child.pid, spec: input.model });
  if (input.records !== undefined && input.records.length > 0)
    await grantInScope(
      scope,
      deps,
      input.records.map((r) => ({ ...r, subject: child.pid })),
      { actor: 'operator' },
    );
  for (const grant of input.grants ?? []) {
    if (input.parentPid === null) break;
    await delegateInScope(scope, deps, {
      holder: input.parentPid,
      ...(grant.from === undefined ? {} : { from: grant.from }),
      to: child.pid,
      resource: grant.resource,
      rights: grant.rights,
      expiresAt: null,
      delegable: false,
    });
  }
  scope.after((n) => {
    n.runnable(child.pid, { priority: false });
  });
  return child;
}

/**
 * Lineage capabilities every spawn creates: a process may message itself and use its private
 * Object Memory namespace; a parent may signal and message its child and read the child's
 * namespace (to adopt its results); a child may message its parent. Nothing else is implicit.
 */
export async function grantLineage(
  scope: CommandScope,
  deps: RuntimeDeps,
  child: AgentProcess,
): Promise<void> {
  const base = {
    usesRemaining: null,
    expiresAt: null,
    parentId: null,
    delegable: false,
    issuedBy: 'runtime',
    approval: null,
    boundCall: null,
    depth: 0,
    effect: 'allow',
  } as const;
  const grants: [Pid, Pid, readonly Right[]][] = [[child.pid, child.pid, ['message']]];
  if (child.parentPid !== null) {
    grants.push(
      [child.parentPid, child.pid, ['signal', 'message']],
      [child.pid, child.parentPid, ['message']],
    );
  }
  for (const [subject, target, rights] of grants) {
    await insertRecord(scope, deps, {
      ...base,
      subject,
      resource: { kind: 'process', match: 'exact', path: target },
      rights,
    });
  }
  const namespace = privateNamespace(child.pid);
  await scope.tx.insertNamespace({
    name: namespace,
    kind: 'private',
    owner: child.pid,
    createdAt: scope.now,
  });
  const own = { kind: 'object', match: 'subtree', path: `ns/${namespace}` } as const;
  await insertRecord(scope, deps, {
    ...base,
    subject: child.pid,
    resource: own,
    rights: ['read', 'write', 'delete'],
  });
  if (child.parentPid !== null) {
    await insertRecord(scope, deps, {
      ...base,
      subject: child.parentPid,
      resource: own,
      rights: ['read'],
    });
  }
}
